// One end-to-end session: its own data folder, a `caliper serve` child process and a Chromium page,
// set up before the file's tests and removed after them; restart() stops and starts the host on the
// same data folder, as a reviewer closing and reopening Caliper would.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { serveCaliper, type ServedCaliper } from './host';

export const fixture = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

export interface E2eSession {
  readonly page: Page;
  /** The address `caliper serve` printed, with its token. */
  readonly url: string;
  readonly dataDir: string;
  restart(): Promise<void>;
  /** Another page (its own tab, with its own session) in the same browser. */
  newPage(): Promise<Page>;
}

export function e2eSession(name: string, viewport = { width: 1400, height: 900 }): E2eSession {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let served: ServedCaliper | undefined;
  let dataDir = '';
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), `caliper-e2e-${name}-`));
    browser = await launchChromium();
    served = await serveCaliper(dataDir);
    page = await browser.newPage({ viewport });
  });
  afterAll(async () => {
    await served?.stop();
    await browser?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get page() {
      return page!;
    },
    get url() {
      return served!.url;
    },
    get dataDir() {
      return dataDir;
    },
    async newPage() {
      return browser!.newPage({ viewport });
    },
    async restart() {
      await served!.stop();
      served = await serveCaliper(dataDir);
    },
  };
}
