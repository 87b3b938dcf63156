// Connects the contract's channels to Electron IPC. It takes an ipcMain-like object rather than
// importing Electron, so tests drive it in Node. Every request is checked to come from the app's own
// frame (app://caliper) before the router validates and serves it. Layer: electron/main.
import { CHANNEL_NAMES } from '../../shared/contract/names';
import type { Result } from '../../shared/contract/result';
import type { Router } from '../backend/router';
import { ipcChannel } from '../../shared/contract/ipc';

export const APP_ORIGIN = 'app://caliper';

export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
  /** The window's web contents: each window is a session with its own reviewer. */
  sender: { id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** True when a frame URL belongs to the app's own renderer. */
export function isTrustedFrameUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function registerIpc(ipcMain: IpcMainLike, router: Router): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(channel), async (event, request): Promise<Result<unknown>> => {
      if (!isTrustedFrameUrl(event.senderFrame?.url)) {
        return {
          ok: false,
          error: { code: 'validation', message: 'Request refused: it does not come from the Caliper window.' },
        };
      }
      return router.handle(channel, request, `window-${event.sender.id}`);
    });
  }
  return () => CHANNEL_NAMES.forEach((channel) => ipcMain.removeHandler(ipcChannel(channel)));
}
