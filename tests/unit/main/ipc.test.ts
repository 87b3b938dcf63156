// IPC registration without Electron (an ipcMain-like object): every contract channel is handled,
// and only the app's own frame is served.
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/contract/names';
import { isTrustedFrameUrl, registerIpc, type IpcInvokeEventLike } from '../../../electron/main/ipc';
import { testBackend } from '../../helpers/temp';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function recordingIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

describe('IPC', () => {
  it('handles every channel of the contract, and unregisters them all', () => {
    const ipc = recordingIpcMain();
    const off = registerIpc(ipc, testBackend().router);
    expect([...ipc.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((c) => `caliper:${c}`).sort());
    off();
    expect(ipc.handlers.size).toBe(0);
  });

  it('serves the app’s own frame and refuses any other sender', async () => {
    const ipc = recordingIpcMain();
    const { router } = testBackend();
    registerIpc(ipc, router);
    const current = ipc.handlers.get('caliper:review:current')!;
    expect(await current({ sender: { id: 1 }, senderFrame: { url: 'app://caliper/index.html' } }, {})).toEqual({
      ok: true,
      value: null,
    });
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      'http://127.0.0.1:3000/',
      '',
    ]) {
      expect(await current({ sender: { id: 1 }, senderFrame: { url } }, {}), url).toMatchObject({
        ok: false,
        error: { message: /does not come from the Caliper window/ },
      });
    }
    expect(await current({ sender: { id: 1 }, senderFrame: null }, {})).toMatchObject({ ok: false });
  });

  it('validates what the renderer sends like every transport', async () => {
    const ipc = recordingIpcMain();
    registerIpc(ipc, testBackend().router);
    const add = ipc.handlers.get('caliper:study:add')!;
    expect(await add({ sender: { id: 1 }, senderFrame: { url: 'app://caliper/' } }, { title: 5 })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });

  it('recognises trusted frame URLs exactly', () => {
    expect(isTrustedFrameUrl('app://caliper/index.html#x')).toBe(true);
    expect(isTrustedFrameUrl('app://caliper.evil/index.html')).toBe(false);
    expect(isTrustedFrameUrl('not a url')).toBe(false);
    expect(isTrustedFrameUrl(undefined)).toBe(false);
  });
});
