// IPC channel names shared by the Electron main process and the preload script. Layer: shared.
import type { ChannelName } from './names';

export const EVENT_CHANNEL = 'caliper:event';

export function ipcChannel(channel: ChannelName): string {
  return `caliper:${channel}`;
}
