// Bundles the dashboard page (TypeScript + CSS, uPlot included; nothing loads from a CDN) into
// dist/apps/dashboard-api/web/: index.html, app.js, app.css. Run: node apps/dashboard-api/web/build.ts
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const outdir = join(root, 'dist', 'apps', 'dashboard-api', 'web');

/** Builds the page into `outdir` (the default is the one web.routes.ts serves). */
export async function buildWeb(target = outdir): Promise<void> {
  mkdirSync(target, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src', 'main.ts') },
    outdir: target,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome120', 'firefox120', 'safari16'],
    minify: true,
    sourcemap: true,
    tsconfig: join(here, 'tsconfig.json'),
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'index.html'), join(target, 'index.html'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWeb();
  console.log('built dist/apps/dashboard-api/web/');
}
