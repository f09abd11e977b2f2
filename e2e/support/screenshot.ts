import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test, type Locator, type Page } from "@playwright/test";

/** Kept in git: the README shows these. */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../screenshots/", import.meta.url));

export interface ScreenshotOptions {
  /** CSS applied while the picture is taken, e.g. to hide a scrollbar that fades on its own clock. */
  readonly style?: string;
  /** Parts painted over (values that change on every run). */
  readonly mask?: Locator[];
}

/** Saves e2e/screenshots/<name>.png and attaches it to the running test's report. */
export async function screenshot(page: Page, name: string, options: ScreenshotOptions = {}): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`A screenshot name is lowercase words joined by "-": got "${name}".`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Stable pictures: a rerun over the same UI should not change the committed file.
  await page.screenshot({ path, fullPage: true, animations: "disabled", caret: "hide", ...options });
  await test.info().attach(name, { path, contentType: "image/png" });
  return path;
}
