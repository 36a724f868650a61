/** Shared set-up for the browser tier: Debian's Chromium driven by playwright-core. */
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM } from "../../scripts/prerequisites.ts";

/** The flags this machine needs (no sandbox as root, no background network, no GPU). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
