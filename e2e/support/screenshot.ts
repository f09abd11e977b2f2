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
  /** false: only what the window shows (the top of a long page). Default: the whole page. */
  readonly fullPage?: boolean;
}

/**
 * Takes a full-page picture and attaches it to the running test's report (kept with the test
 * output). With E2E_UPDATE_SCREENSHOTS=1 it also refreshes e2e/screenshots/<name>.png, the pictures
 * the README shows; otherwise a test run leaves the committed pictures alone (a connection badge or a
 * focus ring may settle a moment later from run to run).
 */
export async function screenshot(page: Page, name: string, options: ScreenshotOptions = {}): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`A screenshot name is lowercase words joined by "-": got "${name}".`);
  const dir = process.env["E2E_UPDATE_SCREENSHOTS"] === "1" ? SCREENSHOT_DIR : test.info().outputPath("screenshots");
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  // Stable pictures: a rerun over the same UI should not change the committed file.
  // Masked values (times, hashes) show as a quiet grey band.
  await page.screenshot({ path, fullPage: true, animations: "disabled", caret: "hide", maskColor: "#d6d6d6", ...options });
  await test.info().attach(name, { path, contentType: "image/png" });
  return path;
}
