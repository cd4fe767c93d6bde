// Two pages from one build: the dashboard (index.html, served at /app/)
// and GraphiQL (graphiql.html, served at /). Both reference their assets
// under /app/, where the service serves the embedded build.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  base: '/app/',
  build: {
    outDir: resolve(__dirname, '../dist/build'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'index.html'),
        graphiql: resolve(__dirname, 'graphiql.html'),
      },
    },
  },
  server: {
    proxy: { '/graphql/live': { target: 'http://localhost:8080', ws: true }, '/graphql': 'http://localhost:8080' },
  },
});
