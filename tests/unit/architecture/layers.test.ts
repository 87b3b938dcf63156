// The layer rules of ARCHITECTURE.md are lint rules (eslint.config.js: boundaries between folders,
// Node built-ins and Electron refused where they cannot run); `npm test` lints the whole tree. This
// test proves the configuration catches each kind of violation, so a change to it that stops
// catching one fails here.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rules a source at a path breaks (empty when it keeps to its layer). */
async function broken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('keep shared/ pure: no Node, Electron, other layers, DOM-side libraries or DOM globals', async () => {
    expect(await broken('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await broken('shared/x.ts', "import fs from 'fs/promises';\nexport const a = fs;")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await broken('shared/x.ts', "import rl from 'readline';\nexport const a = rl;")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await broken('shared/x.ts', "import { app } from 'electron';\nexport const a = app;")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await broken('shared/x.ts', "import { create } from 'zustand';\nexport const a = create;")).toEqual([
      'no-restricted-imports',
    ]);
    expect(
      await broken('shared/x.ts', "import { createApi } from '../renderer/api/client';\nexport const a = createApi;"),
    ).toEqual(['boundaries/dependencies']);
    expect(await broken('shared/x.ts', 'export const w = window.innerWidth;')).toEqual(['no-restricted-globals']);
    expect(await broken('shared/x.ts', "export const m = await import('node:path');")).toEqual([
      'no-restricted-syntax',
    ]);
  });

  it('keep the renderer to shared/, the backend free of Electron, and the adapters thin', async () => {
    expect(
      await broken(
        'renderer/x.ts',
        "import { Backend } from '../electron/backend/backend';\nexport const a = Backend;",
      ),
    ).toEqual(['boundaries/dependencies']);
    expect(await broken('renderer/x.ts', "import path from 'node:path';\nexport const a = path;")).toEqual([
      'no-restricted-imports',
    ]);
    expect(
      await broken('electron/backend/x.ts', "import { dialog } from 'electron';\nexport const a = dialog;"),
    ).toEqual(['no-restricted-imports']);
    expect(
      await broken(
        'electron/backend/x.ts',
        "import { registerIpc } from '../main/ipc';\nexport const a = registerIpc;",
      ),
    ).toEqual(['boundaries/dependencies']);
    expect(
      await broken('electron/preload/x.ts', "import { APP_ORIGIN } from '../main/ipc';\nexport const a = APP_ORIGIN;"),
    ).toEqual(['boundaries/dependencies']);
    expect(
      await broken('electron/host/x.ts', "import { registerIpc } from '../main/ipc';\nexport const a = registerIpc;"),
    ).toEqual(['boundaries/dependencies']);
  });

  it('allow what each layer may use', async () => {
    expect(await broken('electron/main/x.ts', "import { dialog } from 'electron';\nexport const a = dialog;")).toEqual(
      [],
    );
    expect(
      await broken(
        'renderer/x.ts',
        "import type { Contract } from '../shared/contract/contract';\nexport type A = Contract;",
      ),
    ).toEqual([]);
    expect(
      await broken('electron/cli/x.ts', "import { startHost } from '../host/server';\nexport const a = startHost;"),
    ).toEqual([]);
    expect(
      await broken(
        'electron/preload/x.ts',
        "import { ipcChannel } from '../../shared/contract/ipc';\nexport const a = ipcChannel;",
      ),
    ).toEqual([]);
  });
});
