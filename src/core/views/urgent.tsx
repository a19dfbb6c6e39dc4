import { usePage } from "./context.js";
import { Icon } from "./icons.js";

/** The calm, always-visible line with emergency numbers on every roadmap page, the home page and wherever someone may be looking for help. */
export function UrgentBar() {
  const { t } = usePage();
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
