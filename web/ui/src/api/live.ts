// The WebSocket of live updates: one graphql-ws client (the
// graphql-transport-ws protocol) on /graphql/live, which the GraphQL
// client's subscriptionExchange uses. Browsers cannot send headers with a
// WebSocket, so the token goes in connection_init. The connection opens
// when the first subscription starts and closes when the last ends.
import { createClient, type Client } from 'graphql-ws';
import { getToken } from '../auth';

/** The state of the live connection, for the header's indicator. */
export type LiveState = 'connecting' | 'connected' | 'offline' | 'expired';

/** Close code of an expired or refused token (see the service's README). */
export const CLOSE_UNAUTHORIZED = 4401;

let ws: Client | null = null;
let onState: (s: LiveState) => void = () => {};

/** Tells f each change of the connection's state. */
export function watchLiveState(f: (s: LiveState) => void): void { onState = f; }

function closeCode(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'number'
    ? (e as { code: number }).code : undefined;
}

/** The client, made on first use with the token of this tab. */
export function liveClient(): Client {
  ws ??= createClient({
    url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql/live`,
    connectionParams: (): Record<string, string> => {
      const token = getToken();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
    lazy: true,
    // A slow consumer (4503) or a lost network reconnects; an expired
    // token (4401) needs a new sign-in first.
    retryAttempts: 20,
    shouldRetry: (e) => closeCode(e) !== CLOSE_UNAUTHORIZED,
    on: {
      connecting: () => onState('connecting'),
      connected: () => onState('connected'),
      closed: (e) => onState(closeCode(e) === CLOSE_UNAUTHORIZED ? 'expired' : 'offline'),
    },
  });
  return ws;
}

/** Closes the connection; the next subscription opens one with the token then current. */
export function resetLive(): void {
  void ws?.dispose();
  ws = null;
}
