import { type HtmlEscapedString, raw } from "hono/utils/html";
import type { Messages } from "../i18n/index.js";
import { usePage } from "./context.js";
import { Icon } from "./icons.js";

function Bar({ t }: { t: Messages }) {
  return (
    <aside class="urgent-bar" aria-label={t.urgent.label}>
      <Icon name="alert" size={20} />
      <p>
        {t.urgent.line}{" "}
        <a href="tel:112" class="tel">
          112
        </a>{" "}
        ·{" "}
        <a href="tel:113" class="tel">
          113
        </a>{" "}
        ·{" "}
        <a href="tel:08000113" class="tel">
          0800-0113
        </a>
      </p>
    </aside>
  );
}

/** The bar's HTML per catalog: it shows nothing else, and every roadmap page carries it. */
const rendered = new WeakMap<Messages, HtmlEscapedString>();

/** The calm, always-visible line with emergency numbers on every roadmap page, the home page and wherever someone may be looking for help. */
export function UrgentBar() {
  const { t } = usePage();
  let html = rendered.get(t);
  if (!html) {
    const out = (<Bar t={t} />).toString();
    if (typeof out !== "string") return <Bar t={t} />;
    html = raw(out);
    rendered.set(t, html);
  }
  return html;
}
