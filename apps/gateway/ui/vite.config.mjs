// @ts-check
// The operator dashboard: Preact through Vite's own JSX transform (no framework plugin), built into
// dist/ui, which the gateway serves at /tasks/ui/ (apps/gateway/src/ui). `npm run build` runs this.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

/**
 * Writes `.br` and `.gz` beside each text file of the build: the gateway's @fastify/static serves them
 * (preCompressed) to browsers that accept them, so nothing is compressed per request.
 * @returns {import('vite').Plugin}
 */
function precompress() {
  return {
    name: 'megahub:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const file of Object.keys(bundle).filter((f) => /\.(js|css|html|svg)$/.test(f))) {
        const data = await readFile(path.join(dir, file));
        if (data.length < 1024) continue;
        await writeFile(
          path.join(dir, `${file}.br`),
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        await writeFile(path.join(dir, `${file}.gz`), gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/tasks/ui/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [precompress()],
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
