// Finds and launches Chromium for the end-to-end tests (Debian's `chromium` package here; any
// Chromium or Chrome via CALIPER_CHROMIUM). Without one, says how to install it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function findChromium(): string {
  const configured = process.env.CALIPER_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CALIPER_CHROMIUM is set to ${configured}, which does not exist.`);
    return configured;
  }
  const found = CANDIDATES.find((c) => existsSync(c));
  if (!found) {
    throw new Error(
      'The end-to-end tests need Chromium and none was found. Install it (Debian/Ubuntu: `sudo apt-get install chromium`), ' +
        'or point CALIPER_CHROMIUM at a Chromium or Chrome executable, or set CALIPER_SKIP_E2E=1 to run only the other tests.',
    );
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
