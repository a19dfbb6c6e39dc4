/** A small built-in icon set, used for the roadmap's topics (24×24, stroke icons; decorative, so aria-hidden). */
const PATHS: Record<string, string> = {
  alert: "M12 3 2 20h20L12 3zm0 6v5m0 3v.5",
  wave: "M3 12c3-4 6 4 9 0s6 4 9 0M3 17c3-4 6 4 9 0s6 4 9 0M3 7c3-4 6 4 9 0s6 4 9 0",
  cloud: "M7 18h10a4 4 0 0 0 0-8 6 6 0 0 0-11.5 1.5A3.3 3.3 0 0 0 7 18z",
  people: "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm8 0a2.5 2.5 0 1 0 0-5M3 20c0-3.5 2.7-6 6-6s6 2.5 6 6m2-6c2.5 0 4 2 4 5",
  book: "M4 5c3-1 6-1 8 1 2-2 5-2 8-1v14c-3-1-6-1-8 1-2-2-5-2-8-1V5zm8 1v14",
  coin: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm3-12.5c-.5-1-1.7-1.5-3-1.5-2 0-3 1-3 2.3 0 3 6 1.7 6 4.7 0 1.3-1 2.5-3 2.5-1.4 0-2.6-.6-3-1.7M12 5v2m0 10v2",
  home: "M3 11 12 4l9 7M5 10v10h14V10M10 20v-6h4v6",
  scale: "M12 4v16M6 20h12M4 8h16M6 8l-3 6a3 3 0 0 0 6 0L6 8zm12 0-3 6a3 3 0 0 0 6 0l-3-6z",
  shield: "M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6l-8-3z",
  glass: "M7 3h10l-1 9a4 4 0 0 1-8 0L7 3zm5 13v5m-3 0h6",
  leaf: "M5 19c0-9 6-14 15-14 0 9-5 15-14 15m-1-1 8-8",
  access: "M12 6a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm-6 3h12m-6 0v5m0 0-4 7m4-7 4 7",
  globe: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z",
  heart: "M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z",
  chat: "M4 5h16v10H9l-5 4V5z",
  circle: "M12 20a8 8 0 1 0 0-16 8 8 0 0 0 0 16z",
};

export const ICON_NAMES = Object.keys(PATHS);

/** Where the sprite of all topic icons is served (one cached file instead of paths in every page). */
export const TOPIC_ICONS_PATH = "/static/topic-icons.svg";

/** The name of an icon in the sprite (unknown names get the circle). */
export const iconId = (name: string) => (name in PATHS ? name : "circle");

/** Every icon as a `<symbol>`, for `<use href="/static/topic-icons.svg#name">`. */
export function topicIconSprite() {
  const symbols = Object.entries(PATHS).map(([name, d]) => `<symbol id="${name}" viewBox="0 0 24 24"><path d="${d}"/></symbol>`);
  return `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join("")}</svg>\n`;
}

export function Icon({ name, size = 24 }: { name: string; size?: number }) {
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name] ?? PATHS.circle} />
    </svg>
  );
}

/**
 * A topic's coloured badge. The icon comes from one cached sprite file (inline paths made up a
 * quarter of the embed's compressed weight); its stroke is set in roadmap.css and embed.css.
 */
export function TopicBadge({ topic, size = 40 }: { topic: { icon: string; color: string }; size?: number }) {
  return (
    <svg class="topic-badge" width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="10" fill={topic.color} />
      <use href={`${TOPIC_ICONS_PATH}#${iconId(topic.icon)}`} x="8" y="8" width="24" height="24" />
    </svg>
  );
}
