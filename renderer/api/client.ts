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
  /**
   * Bytes [start, end) of a stored PDF from the URL `document:get` gave (app:// in Electron, the web
   * host's /api/pdf/ route in a browser, which needs the token).
   */
  fetchRange(url: string, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

function unwrap<T>(result: Result<unknown>): T {
  if (result.ok) return result.value as T;
  throw new ApiError(result.error.code, result.error.message);
}

async function fetchRange(
  url: string,
  start: number,
  end: number,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const response = await fetch(url, { headers: { ...headers, Range: `bytes=${start}-${end - 1}` }, signal });
  if (response.status !== 206 && response.status !== 200) {
    throw new ApiError('io', (await response.text()) || `The PDF could not be read (${response.status}).`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A server that ignores the range sends the whole file.
  return response.status === 200 ? bytes.subarray(start, end) : bytes;
}

function electronApi(bridge: CaliperBridge): Api {
  return {
    transport: 'electron',
    call: async (channel, request) => unwrap(await bridge.invoke(channel, request)),
    fetchRange: (url, start, end, signal) => fetchRange(url, start, end, {}, signal),
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

/**
 * A request with a file (`content` bytes) goes as a binary body, its other fields as URI-encoded JSON
 * in a header (electron/host/binaryUpload.ts); every other request as JSON.
 */
function binaryOrJson(request: unknown, token: string, session: string): RequestInit {
  const { content, ...fields } = (request ?? {}) as { content?: unknown };
  if (content instanceof Uint8Array) {
    return {
      method: 'POST',
      headers: {
        // A PDF or a reference file: the channel says which, and its limit (electron/host/binaryUpload.ts).
        'Content-Type': 'application/octet-stream',
        'X-Caliper-Token': token,
        'X-Caliper-Session': session,
        'X-Caliper-Request': encodeURIComponent(JSON.stringify(fields)),
      },
      body: content as Uint8Array<ArrayBuffer>,
    };
  }
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': token, 'X-Caliper-Session': session },
    body: JSON.stringify(request),
  };
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
  /** The token, from the address or (after a one-time address) asked of the host once. */
  const currentToken = () =>
    (token ??= sessionToken().catch((error: unknown) => {
      token = null;
      throw error;
    }));
  return {
    transport: 'web',
    fetchRange: async (url, start, end, signal) =>
      fetchRange(url, start, end, { 'X-Caliper-Token': await currentToken() }, signal),
    async call(channel, request) {
      let response: Response;
      try {
        response = await fetch(`/api/${channel}`, binaryOrJson(request, await currentToken(), session));
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
