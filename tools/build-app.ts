// Bundles one app (apps/<name>/src/main.ts) with esbuild into dist/apps/<name>/main.js. Workspace
// libs are inlined; npm packages stay external and come from node_modules at run time.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z-]+$/.test(name)) {
  console.error('usage: node tools/build-app.ts <app-name>');
  process.exit(2);
}
const entry = name === 'lab' ? join(root, 'tools', 'lab', 'src', 'main.ts') : join(root, 'apps', name, 'src', 'main.ts');

await build({
  entryPoints: [entry],
  outfile: join(root, 'dist', 'apps', name, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
console.log(`built dist/apps/${name}/main.js`);
// dashboard-api also serves the web dashboard: its page bundle is built beside the service bundle.
if (name === 'dashboard-api') {
  const { buildWeb } = (await import('../apps/dashboard-api/web/build.ts')) as { buildWeb: () => Promise<unknown> };
  await buildWeb();
  console.log('built dist/apps/dashboard-api/web');
}
