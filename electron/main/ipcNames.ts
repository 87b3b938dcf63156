// IPC channel names shared by the main process and the preload script. Layer: electron/main.
import type { ChannelName } from '../../shared/contract/names';

export const EVENT_CHANNEL = 'caliper:event';

export function ipcChannel(channel: ChannelName): string {
  return `caliper:${channel}`;
}
