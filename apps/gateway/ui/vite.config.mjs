// @ts-check
// The operator dashboard: Preact through Vite's own JSX transform (no framework plugin), built into
// dist/ui, which the gateway serves at /tasks/ui/ (apps/gateway/src/ui). `npm run build` runs this.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/tasks/ui/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // On a busy CI machine the JSX transform alone can look "slow"; that warning is noise here.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  // `npx vite --config apps/gateway/ui/vite.config.mjs`: the API (everything under /tasks/ but the UI) goes to a running gateway.
  server: { proxy: { '^/tasks/(?!ui/)': { target: gateway } } },
});
