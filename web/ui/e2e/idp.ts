// A minimal OpenID Connect provider for the browser tests: discovery, an
// authorization endpoint that signs the user in at once, and a token
// endpoint that insists on PKCE (S256) before it hands out an access token.
import { createServer, type Server } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

export interface Idp {
  issuer: string;
  clientId: string;
  /** What the token endpoint refused, for the test to show. */
  refusals: string[];
  tokensIssued: number;
  close(): Promise<void>;
}

export async function startIdp(clientId: string, accessToken: () => string): Promise<Idp> {
  const codes = new Map<string, { challenge: string; redirect: string }>();
  const idp: Idp = { issuer: '', clientId, refusals: [], tokensIssued: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', idp.issuer);
    res.setHeader('Access-Control-Allow-Origin', '*');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer: idp.issuer, authorization_endpoint: `${idp.issuer}/authorize`, token_endpoint: `${idp.issuer}/token` });
    }
    if (u.pathname === '/authorize') {
      const p = u.searchParams;
      if (p.get('client_id') !== clientId || p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) {
        idp.refusals.push(`authorize: ${u.search}`);
        return json(400, { error: 'invalid_request' });
      }
      const code = randomBytes(12).toString('hex');
      codes.set(code, { challenge: p.get('code_challenge')!, redirect: p.get('redirect_uri')! });
      const back = new URL(p.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state') ?? '');
      res.writeHead(302, { Location: back.toString() });
      return res.end();
    }
    if (u.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const p = new URLSearchParams(body);
        const c = codes.get(p.get('code') ?? '');
        codes.delete(p.get('code') ?? '');
        const verifier = p.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!c || p.get('grant_type') !== 'authorization_code' || p.get('client_id') !== clientId || p.get('redirect_uri') !== c.redirect || challenge !== c.challenge) {
          idp.refusals.push(`token: ${body}`);
          return json(400, { error: 'invalid_grant' });
        }
        idp.tokensIssued++;
        return json(200, { access_token: accessToken(), token_type: 'Bearer', expires_in: 3600 });
      });
      return;
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  idp.issuer = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  idp.close = () => new Promise((r) => server.close(() => r()));
  return idp;
}
