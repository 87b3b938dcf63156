// Temp folders for tests: each test owns its data folder, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { createRouter, type Router } from '../../electron/backend/router';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'caliper-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export interface TestBackend {
  dataDir: string;
  backend: Backend;
  router: Router;
  /** Calls a channel and returns the value, failing the test with the error message otherwise. */
  call(channel: string, request: unknown): Promise<unknown>;
}

export function testBackend(dataDir = tempDir()): TestBackend {
  const backend = new Backend({ dataDir, host: 'web', versions: { caliper: 'test' } });
  const router = createRouter(backend, () => undefined);
  return {
    dataDir,
    backend,
    router,
    async call(channel, request) {
      const result = await router.handle(channel, request);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
  };
}
