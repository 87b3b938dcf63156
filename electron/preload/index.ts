// Preload script (sandboxed): exposes exactly one object, `window.caliper`, with `invoke` and `on`
// over an allow-list of the contract's channel and event names. Nothing of Node or Electron leaks
// into the page. Layer: electron/preload.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CaliperBridge } from '../../shared/contract/bridge';
import { isChannelName, isEventName } from '../../shared/contract/names';
import { EVENT_CHANNEL, ipcChannel } from '../../shared/contract/ipc';

const caliper = {
  invoke(channel, request) {
    if (!isChannelName(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `Unknown channel "${String(channel)}".` },
      });
    }
    return ipcRenderer.invoke(ipcChannel(channel), request);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}".`);
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies CaliperBridge;

contextBridge.exposeInMainWorld('caliper', caliper);
