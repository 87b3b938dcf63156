// Electron main process: app lifecycle, the one BrowserWindow (context isolation, sandbox, no Node
// in the renderer), the app:// protocol, IPC and the menu. Everything else is the backend, which
// knows nothing of Electron. Layer: electron/main.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { Backend } from '../backend/backend';
import { createRouter } from '../backend/router';
import { openAtStart } from '../backend/services/review';
import { APP_ORIGIN, registerIpc } from './ipc';
import { EVENT_CHANNEL } from '../../shared/contract/ipc';
import { buildMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');

registerAppScheme();

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;

function createWindow(backend: Backend): BrowserWindow {
  const bounds = backend.settings.get().windowBounds;
  const window = new BrowserWindow({
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 800,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 800,
    minHeight: 500,
    title: 'Caliper',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // No DevTools in an installed Caliper: only a development build can inspect the window.
      devTools: !app.isPackaged,
    },
  });
  if (bounds?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const b = window.getNormalBounds();
    backend.settings.update((s) => {
      s.windowBounds = { ...b, maximized: window.isMaximized() };
    });
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** No navigation away from the app, no new windows, no webviews, no permissions. */
function lockDown(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

app.whenReady().then(
  () => {
    const backend = new Backend({
      dataDir: app.getPath('userData'),
      host: 'electron',
      versions: {
        caliper: app.getVersion(),
        electron: process.versions.electron ?? '',
        chrome: process.versions.chrome ?? '',
      },
    });
    const router = createRouter(backend);
    // File > Export… writes where the system's save dialog says, straight to the file.
    backend.chooseSavePath = async (suggestedName, format) => {
      const options = {
        title: 'Export',
        defaultPath: path.join(app.getPath('documents'), suggestedName),
        filters: [{ name: format.label, extensions: [format.extension] }],
      };
      const choice = mainWindow
        ? await dialog.showSaveDialog(mainWindow, options)
        : await dialog.showSaveDialog(options);
      return choice.canceled || !choice.filePath ? null : choice.filePath;
    };
    lockDown();
    serveRenderer(rendererDir, backend);
    registerIpc(ipcMain, router);

    const refreshMenu = () => Menu.setApplicationMenu(buildMenu(backend, router, () => mainWindow));
    backend.events.subscribe((event, payload) => {
      mainWindow?.webContents.send(EVENT_CHANNEL, event, payload);
      if (event === 'review:changed') refreshMenu();
    });

    try {
      const start = openAtStart(backend.context());
      if (start.problem) dialog.showErrorBox('Caliper', start.problem);
    } catch (error) {
      dialog.showErrorBox('Caliper', (error as Error).message);
    }
    refreshMenu();
    mainWindow = createWindow(backend);

    app.on('second-instance', () => {
      if (mainWindow) {
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.focus();
      }
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(backend);
    });
    app.on('before-quit', () => backend.close());
  },
  (error: unknown) => {
    dialog.showErrorBox('Caliper could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  },
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
