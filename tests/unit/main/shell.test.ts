// The Electron shell's settings, checked by loading the real main-process module against a thin
// stand-in for the `electron` module (the Electron binary cannot run here): window isolation,
// navigation and window.open blocked, permissions refused, the app:// protocol with its CSP, the menu.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir, testBackend } from '../../helpers/temp';

type Fn = (...args: unknown[]) => unknown;

const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; url: string | null }[],
  appListeners: new Map<string, Fn>(),
  protocolHandlers: new Map<string, Fn>(),
  schemes: [] as unknown[],
  permissionHandler: null as Fn | null,
  menu: null as unknown,
  ipcChannels: [] as string[],
  userData: '',
  /** What app.isPackaged answers: false in development, true in an installed build. */
  packaged: false,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => recorded.windows;
    readonly webContents = { send: () => undefined };
    private entry: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      this.entry = { options, url: null };
      recorded.windows.push(this.entry);
    }
    once() {}
    on() {}
    show() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1, height: 1 };
    }
    loadURL(url: string) {
      this.entry.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      whenReady: () => Promise.resolve(),
      getPath: () => recorded.userData,
      getVersion: () => '0.0.0-test',
      get isPackaged() {
        return recorded.packaged;
      },
      on: (event: string, fn: Fn) => recorded.appListeners.set(event, fn),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
      handle: (scheme: string, fn: Fn) => recorded.protocolHandlers.set(scheme, fn),
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string) => recorded.ipcChannels.push(channel), removeHandler: () => undefined },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (recorded.menu = m) },
    dialog: { showErrorBox: () => undefined, showMessageBox: () => Promise.resolve({ response: 0 }) },
    session: { defaultSession: { setPermissionRequestHandler: (fn: Fn) => (recorded.permissionHandler = fn) } },
  };
});

beforeAll(async () => {
  recorded.userData = tempDir();
  await import('../../../electron/main/index');
  await new Promise((r) => setTimeout(r, 50));
});

describe('Electron shell', () => {
  it('opens one window with context isolation and sandbox on, Node off, and the preload script', () => {
    expect(recorded.windows).toHaveLength(1);
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(recorded.windows[0]!.url).toBe('app://caliper/index.html');
  });

  it('allows DevTools in development only: an installed (packaged) build opens its window without them', () => {
    const prefs = (i: number) => recorded.windows[i]!.options.webPreferences as Record<string, unknown>;
    expect(prefs(0).devTools).toBe(true);
    const first = recorded.windows.splice(0);
    recorded.packaged = true;
    try {
      // macOS reopens a window from the dock ("activate") when none is left: the same createWindow.
      recorded.appListeners.get('activate')!();
      expect(recorded.windows).toHaveLength(1);
      expect(prefs(0)).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true });
    } finally {
      recorded.packaged = false;
      recorded.windows.splice(0, recorded.windows.length, ...first);
    }
  });

  it('registers app:// as a secure standard scheme and every contract channel on IPC', () => {
    expect(recorded.schemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(recorded.protocolHandlers.has('app')).toBe(true);
    expect(recorded.ipcChannels).toContain('caliper:study:add');
  });

  it('denies new windows, navigation away, redirects away and webviews', () => {
    const listeners = new Map<string, Fn>();
    let openHandler: Fn | null = null;
    const contents = {
      setWindowOpenHandler: (fn: Fn) => (openHandler = fn),
      on: (event: string, fn: Fn) => listeners.set(event, fn),
    };
    recorded.appListeners.get('web-contents-created')!({}, contents);
    expect(openHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() };
      listeners.get(event)!(away, 'https://example.org/');
      expect(away.preventDefault, event).toHaveBeenCalled();
      const inside = { preventDefault: vi.fn() };
      listeners.get(event)!(inside, 'app://caliper/index.html');
      expect(inside.preventDefault).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('refuses every permission request', () => {
    const callback = vi.fn();
    recorded.permissionHandler!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('has the File, Edit, View and Help menus with the review commands', () => {
    const menu = recorded.menu as { label?: string; role?: string; submenu?: { label?: string; role?: string }[] }[];
    const file = menu.find((m) => m.label === 'File')!;
    expect(file.submenu!.filter((i) => i.label).map((i) => i.label)).toEqual([
      'New review…',
      'Open review…',
      'Open recent',
      'Import references…',
      'Import PDFs…',
      'Attach PDF…',
      'Add study…',
      'Merge reviewer work…',
      'Export…',
      'Save a copy…',
      'Close review',
      'Quit',
    ]);
    expect(menu.some((m) => m.role === 'editMenu')).toBe(true);
    expect(menu.some((m) => m.label === 'View')).toBe(true);
    expect(menu.find((m) => m.role === 'help')!.submenu!.map((i) => i.label)).toEqual(['About Caliper']);
  });
});

describe('app:// protocol', () => {
  it('serves files of the renderer build with the CSP, and nothing else', async () => {
    const { serveRenderer } = await import('../../../electron/main/protocol');
    const dir = path.join(tempDir(), 'renderer');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'index.html'), '<title>Caliper</title>');
    writeFileSync(path.join(dir, '..', 'outside.txt'), 'outside');
    serveRenderer(dir, testBackend().backend);
    const handler = recorded.protocolHandlers.get('app') as (r: Request) => Promise<Response>;
    const page = await handler(new Request('app://caliper/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Caliper');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
    for (const url of [
      'app://caliper/../outside.txt',
      'app://caliper/%2e%2e/outside.txt',
      'app://other/index.html',
      'app://caliper/missing.js',
    ]) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(404);
    }
  });

  it('serves the open review’s PDFs by range at app://caliper/pdf/<sha256>, and no others', async () => {
    const { serveRenderer } = await import('../../../electron/main/protocol');
    const t = testBackend();
    await t.call('review:create', { title: 'Protocol' });
    const sample = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'pdfs', 'crt-sample-article.pdf'));
    const imported = (await t.call('document:importPdf', {
      fileName: 'crt-sample-article.pdf',
      contentBase64: sample.toString('base64'),
    })) as { document: { sha256: string } };
    const dir = path.join(tempDir(), 'renderer');
    mkdirSync(dir);
    serveRenderer(dir, t.backend);
    const handler = recorded.protocolHandlers.get('app') as (r: Request) => Promise<Response>;
    const url = `app://caliper/pdf/${imported.document.sha256}`;
    const range = await handler(new Request(url, { headers: { Range: 'bytes=0-99' } }));
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(sample.subarray(0, 100))).toBe(true);
    const whole = await handler(new Request(url));
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(sample)).toBe(true);
    expect((await handler(new Request(`app://caliper/pdf/${'0'.repeat(64)}`))).status).toBe(404);
  });
});
