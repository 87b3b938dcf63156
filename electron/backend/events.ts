// A typed event bus for what the backend pushes to the renderer (contract EventMap). Transports
// subscribe: Electron forwards to webContents, the web host to Server-Sent Events.
// Layer: electron/backend.
import type { EventMap } from '../../shared/contract/contract';
import type { EventName } from '../../shared/contract/names';

export type Listener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export class EventBus {
  private listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
