// The renderer's only way to the backend. In Electron it uses `window.caliper` from the preload
// script; in a browser it calls the web host over HTTP with the per-start token. One renderer, the
// same contract either way. Layer: renderer.
import type { EventMap, RequestOf, ResponseOf } from '../../shared/contract/contract';
import type { ChannelName, EventName } from '../../shared/contract/names';
import type { CaliperBridge } from '../../shared/contract/bridge';
import type { ErrorCode, Result } from '../../shared/contract/result';

declare global {
  interface Window {
    caliper?: CaliperBridge;
  }
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface Api {
  readonly transport: 'electron' | 'web';
  call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

function unwrap<T>(result: Result<unknown>): T {
  if (result.ok) return result.value as T;
  throw new ApiError(result.error.code, result.error.message);
}

function electronApi(bridge: CaliperBridge): Api {
  return {
    transport: 'electron',
    call: async (channel, request) => unwrap(await bridge.invoke(channel, request)),
    on: (event, listener) => bridge.on(event, listener as (payload: unknown) => void),
  };
}

const TOKEN_KEY = 'caliper.token';

/**
 * Takes the token from the address on first load, keeps it for this tab, and tidies the address. A
 * page opened through a one-time code has only the session cookie: it asks the host for the token.
 */
function webToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function sessionToken(): Promise<string> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) return '';
  const { token } = (await response.json()) as { token: string };
  sessionStorage.setItem(TOKEN_KEY, token);
  return token;
}

const SESSION_KEY = 'caliper.session';

/**
 * This tab's session id: the web host keeps one reviewer per tab, so two tabs can extract as two
 * reviewers. Kept for the tab's life (a reload stays the same session), never shared with other tabs.
 */
function webSession(): string {
  let id = sessionStorage.getItem(SESSION_KEY);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    id = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    sessionStorage.setItem(SESSION_KEY, id);
  }
  return id;
}

function webApi(): Api {
  const session = webSession();
  const known = webToken();
  let token: Promise<string> | null = known === null ? null : Promise.resolve(known);
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  // Without a token in hand the stream is authorised by the session cookie.
  const eventSource = () =>
    (source ??= new EventSource(known === null ? '/api/events' : `/api/events?token=${encodeURIComponent(known)}`));
  return {
    transport: 'web',
    async call(channel, request) {
      let response: Response;
      try {
        token ??= sessionToken().catch((error: unknown) => {
          token = null;
          throw error;
        });
        const current = await token;
        response = await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': current, 'X-Caliper-Session': session },
          body: JSON.stringify(request),
        });
      } catch {
        throw new ApiError(
          'io',
          'Caliper is not reachable: the web host has stopped. Start it again and reload this page.',
        );
      }
      if (!response.ok)
        throw new ApiError('io', (await response.text()) || `The web host answered ${response.status}.`);
      return unwrap(await (response.json() as Promise<Result<unknown>>));
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        const created = new Set<(payload: unknown) => void>();
        listeners.set(event, created);
        eventSource().addEventListener(event, (e) => {
          const payload = JSON.parse((e as MessageEvent<string>).data) as unknown;
          for (const l of created) l(payload);
        });
        set = created;
      }
      const target = set;
      target.add(listener as (payload: unknown) => void);
      return () => {
        target.delete(listener as (payload: unknown) => void);
      };
    },
  };
}

export function createApi(): Api {
  return window.caliper ? electronApi(window.caliper) : webApi();
}
