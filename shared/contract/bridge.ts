// The object the preload script exposes to the renderer as `window.caliper`: a channel allow-list
// over Electron IPC, nothing else. Layer: shared.
import type { ChannelName, EventName } from './names';
import type { Result } from './result';

/** What the preload script exposes as `window.caliper`. */
export interface CaliperBridge {
  invoke(channel: ChannelName, request: unknown): Promise<Result<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}
