import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium, which `.ci/run` installs; tests that need it skip, naming why, without it. */
export const CHROMIUM = "/usr/bin/chromium";
export const NO_CHROMIUM = !fs.existsSync(CHROMIUM);

/**
 * Headless Chromium kept off the network (no update checks, sync or background fetches). Playwright
 * gives it a fresh temporary profile (user-data-dir) and deletes it on close. Root needs --no-sandbox.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
