// The application menu: File (New review…, Open review…, Open recent, imports, Merge reviewer work…,
// Export…, Save a copy…, Close review, Quit), Edit, View, Help (About). File commands use the system's
// file dialogs and then the same router the renderer uses (Merge reviewer work… hands the chosen copy to
// the app's dialog, which shows the preview and conflicts). Layer: electron/main.
import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { Backend } from '../backend/backend';
import type { Router } from '../backend/router';

export function buildMenu(backend: Backend, router: Router, getWindow: () => BrowserWindow | null): Menu {
  const report = async (channel: Parameters<Router['handle']>[0], request: unknown): Promise<unknown> => {
    const result = await router.handle(channel, request);
    if (!result.ok) {
      const window = getWindow();
      const options = { type: 'error' as const, title: 'Caliper', message: result.error.message };
      if (window) await dialog.showMessageBox(window, options);
      else await dialog.showMessageBox(options);
      return null;
    }
    return result.value;
  };

  const newReview = async () => {
    const window = getWindow();
    const options = {
      title: 'New review',
      defaultPath: path.join(backend.reviewsDir, 'Untitled review.caliper'),
      filters: [{ name: 'Caliper review', extensions: ['caliper'] }],
    };
    const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return;
    const filePath = choice.filePath.endsWith('.caliper') ? choice.filePath : `${choice.filePath}.caliper`;
    await report('review:create', { title: path.basename(filePath, '.caliper'), path: filePath });
  };

  const openReview = async () => {
    const window = getWindow();
    const options = {
      title: 'Open review',
      defaultPath: backend.reviewsDir,
      properties: ['openFile' as const],
      filters: [{ name: 'Caliper review', extensions: ['caliper'] }],
    };
    const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    if (choice.canceled || !choice.filePaths[0]) return;
    await report('review:open', { path: choice.filePaths[0] });
  };

  const saveCopy = async () => {
    const current = backend.current;
    if (!current) return;
    const window = getWindow();
    const options = {
      title: 'Save a copy',
      defaultPath: current.info.path.replace(/\.caliper$/, ' copy.caliper'),
      filters: [{ name: 'Caliper review', extensions: ['caliper'] }],
    };
    const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return;
    await report('review:saveCopy', { path: choice.filePath });
  };

  /** Merge reviewer work…: the system's dialog chooses the copy; the app's dialog previews and merges. */
  const mergeReviewerWork = async () => {
    const window = getWindow();
    const options = {
      title: 'Merge reviewer work from a copy of this review',
      defaultPath: backend.reviewsDir,
      properties: ['openFile' as const],
      filters: [{ name: 'Caliper review', extensions: ['caliper'] }],
    };
    const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    if (choice.canceled || !choice.filePaths[0]) return;
    backend.events.emit('app:command', { command: 'mergeReviewerWork', path: choice.filePaths[0] });
  };

  const about = async () => {
    const versions = Object.entries(backend.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join('\n');
    await dialog.showMessageBox({
      title: 'About Caliper',
      message: `Caliper ${app.getVersion()}`,
      detail: `Data extraction for systematic reviews.\n\n${versions}\n\nData folder: ${backend.dataDir}`,
    });
  };

  const recent: MenuItemConstructorOptions[] = backend.settings
    .get()
    .recent.slice(0, 10)
    .map((r) => ({ label: `${r.title} — ${r.path}`, click: () => void report('review:open', { path: r.path }) }));

  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New review…', accelerator: 'CmdOrCtrl+N', click: () => void newReview() },
        { label: 'Open review…', accelerator: 'CmdOrCtrl+O', click: () => void openReview() },
        { label: 'Open recent', submenu: recent.length ? recent : [{ label: 'No recent reviews', enabled: false }] },
        { type: 'separator' },
        {
          label: 'Import references…',
          accelerator: 'CmdOrCtrl+I',
          enabled: !!backend.current,
          click: () => backend.events.emit('app:command', { command: 'importReferences' }),
        },
        {
          label: 'Import PDFs…',
          enabled: !!backend.current,
          click: () => backend.events.emit('app:command', { command: 'importPdfs' }),
        },
        {
          label: 'Attach PDF…',
          enabled: !!backend.current,
          click: () => backend.events.emit('app:command', { command: 'attachPdf' }),
        },
        {
          label: 'Add study…',
          enabled: !!backend.current,
          click: () => backend.events.emit('app:command', { command: 'addStudy' }),
        },
        {
          label: 'Merge reviewer work…',
          enabled: !!backend.current,
          click: () => void mergeReviewerWork(),
        },
        { type: 'separator' },
        {
          label: 'Export…',
          accelerator: 'CmdOrCtrl+E',
          enabled: !!backend.current,
          click: () => backend.events.emit('app:command', { command: 'export' }),
        },
        {
          label: 'Save a copy…',
          accelerator: 'CmdOrCtrl+Shift+S',
          enabled: !!backend.current,
          click: () => void saveCopy(),
        },
        {
          label: 'Close review',
          accelerator: 'CmdOrCtrl+W',
          enabled: !!backend.current,
          click: () => void report('review:close', {}),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged
          ? []
          : [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'help', submenu: [{ label: 'About Caliper', click: () => void about() }] },
  ];
  return Menu.buildFromTemplate(template);
}
