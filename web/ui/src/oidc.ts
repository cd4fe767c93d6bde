// Sign-in through the operator's OpenID Connect provider: the
// authorization code flow with PKCE (RFC 7636), as a public client. The
// verifier and state live in sessionStorage only for the round trip; the
// access token goes where a pasted token goes (auth.ts), never in a URL.
import { sha256 } from 'js-sha256';
import { setToken } from './auth';
import { BASE } from './router';

export interface OidcConfig { issuer: string; clientId: string }
interface Discovery { authorization_endpoint: string; token_endpoint: string }

const FLOW = 'kiezgraph.oidc.flow';
export const CALLBACK = BASE + 'callback';

let config: Promise<OidcConfig | null> | null = null;

/** The provider the service names in /app/config.json, or null. */
export function oidcConfig(): Promise<OidcConfig | null> {
  config ??= fetch(BASE + 'config.json')
    .then((r) => (r.ok ? r.json() : { oidc: null }))
    .then((c: { oidc: OidcConfig | null }) => c.oidc)
    .catch(() => null);
  return config;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

/** The S256 code challenge of a verifier. */
export function challengeOf(verifier: string): string {
  return base64url(new Uint8Array(sha256.arrayBuffer(verifier)));
}

async function discover(issuer: string): Promise<Discovery> {
  const r = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!r.ok) throw new Error(`OpenID discovery: HTTP ${r.status}`);
  return r.json();
}

/** Sends the browser to the provider; it comes back to /app/callback. */
export async function startSignIn(c: OidcConfig): Promise<void> {
  const d = await discover(c.issuer);
  const verifier = random(48);
  const state = random(16);
  const back = location.pathname + location.search;
  sessionStorage.setItem(FLOW, JSON.stringify({ verifier, state, back }));
  const u = new URL(d.authorization_endpoint);
  u.search = new URLSearchParams({
    response_type: 'code', client_id: c.clientId, redirect_uri: location.origin + CALLBACK, scope: 'openid',
    state, code_challenge: challengeOf(verifier), code_challenge_method: 'S256',
  }).toString();
  location.assign(u.toString());
}

/** Finishes the flow on /app/callback: trades the code for a token and returns the page to go back to. */
export async function finishSignIn(c: OidcConfig): Promise<string> {
  const params = new URLSearchParams(location.search);
  const flow = JSON.parse(sessionStorage.getItem(FLOW) ?? 'null') as { verifier: string; state: string; back: string } | null;
  sessionStorage.removeItem(FLOW);
  // The code must not stay in the address bar or the history.
  history.replaceState(null, '', BASE);
  if (params.get('error')) throw new Error(`${params.get('error')}: ${params.get('error_description') ?? ''}`);
  if (!flow || params.get('state') !== flow.state) throw new Error('OpenID Connect: state does not match');
  const d = await discover(c.issuer);
  const r = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: location.origin + CALLBACK,
      client_id: c.clientId, code_verifier: flow.verifier,
    }),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok || typeof body.access_token !== 'string') {
    throw new Error(`OpenID Connect token: ${body.error ?? r.status} ${body.error_description ?? ''}`);
  }
  setToken(body.access_token);
  return flow.back.startsWith(BASE) ? flow.back : BASE;
}
