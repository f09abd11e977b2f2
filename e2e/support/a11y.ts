import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING = new Set(["serious", "critical"]);

/** Runs axe on the page as it is now; fails listing every serious or critical WCAG 2.1 AA violation. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  // Fluent's focus management (tabster) puts aria-hidden, focusable "dummy" elements at the edges of
  // focus zones on purpose: they pass focus on and are never read. axe flags them (aria-hidden-focus).
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude("[data-tabster-dummy]").analyze();
  const blocking = results.violations
    .filter((v) => typeof v.impact === "string" && BLOCKING.has(v.impact))
    .map((v) => `${v.id} (${v.impact ?? "unknown"}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
  expect(blocking, `serious or critical accessibility violations on ${page.url()}:\n${blocking.join("\n")}`).toEqual([]);
}
