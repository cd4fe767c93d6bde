// Browser tests: the real service (bin/kiezgraph serve -seed-demo) against
// the Neo4j of scripts/with-neo4j.sh, driven in Debian's Chromium by
// playwright-core. Run by `make webtest`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    sequence: { concurrent: false },
    // Web-first assertions: expect.poll retries until the page shows what the API says.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
