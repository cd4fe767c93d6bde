// Starts the real service with the demo city for the browser tests and
// asks its GraphQL API for the figures the tests expect on screen.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const SECRET = 'kiezgraph-browser-test-secret-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface Service {
  base: string;
  proc: ChildProcess;
  log: string[];
  token(role: string, sub: string, districts?: string): string;
  /** Asks the API, as an admin unless token says otherwise (null: as the public). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  stop(): Promise<void>;
}

export async function startService(extraEnv: Record<string, string> = {}): Promise<Service> {
  const bin = process.env.KIEZGRAPH_BIN;
  if (!bin) throw new Error('KIEZGRAPH_BIN is not set: run the browser tests with `make webtest`');
  if (!process.env.NEO4J_URI) throw new Error('NEO4J_URI is not set: run the browser tests with `make webtest`');
  const port = await freePort();
  const env = { ...process.env, KIEZGRAPH_ADDR: `127.0.0.1:${port}`, KIEZGRAPH_JWT_SECRET: SECRET, KIEZGRAPH_PSEUDONYM_KEY: 'browser-test-pseudonym-key', LOG_LEVEL: 'WARN',
    // No metrics listener: a fixed port would clash with a service already running (make run, another test run).
    KIEZGRAPH_METRICS_ADDR: 'off', ...extraEnv };
  const proc = spawn(bin, ['serve', '-seed-demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  proc.stdout!.on('data', (d) => log.push(String(d)));
  proc.stderr!.on('data', (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`service exited (${proc.exitCode}):\n${log.join('')}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`service not ready in time:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const token = (role: string, sub: string, districts = '') =>
    execFileSync(bin, ['token', '-sub', sub, '-role', role, '-districts', districts], { env }).toString().trim();
  const admin = token('ADMIN', 'browser-test-admin');
  return {
    base, proc, log, token,
    async gql(query, variables = {}, tok = admin) {
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(tok ? { Authorization: `Bearer ${tok}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = await r.json();
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async stop() {
      if (proc.exitCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await done;
    },
  };
}
