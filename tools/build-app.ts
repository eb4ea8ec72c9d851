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
// tools/lab and tools/dev-stores (the dev overlay's in-cluster DynamoDB and S3) are bundled like the apps.
const entry = ['lab', 'dev-stores'].includes(name) ? join(root, 'tools', name, 'src', 'main.ts') : join(root, 'apps', name, 'src', 'main.ts');
// Further entries bundled beside main.js: the orchestrator's create-table command (a Kubernetes Job),
// agent-runner's parameter-storage fit worker thread.
const extra: Record<string, string[]> = { orchestrator: ['create-table'], 'agent-runner': ['fit-worker'] };
const entries = [[entry, 'main'], ...(extra[name] ?? []).map((e) => [join(dirname(entry), `${e}.ts`), e])];

for (const [source, out] of entries) {
  await build({
    entryPoints: [source!],
    outfile: join(root, 'dist', 'apps', name, `${out}.js`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    sourcemap: true,
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
}
console.log(`built dist/apps/${name}/main.js${(extra[name] ?? []).map((e) => ` and ${e}.js`).join('')}`);
// dashboard-api also serves the web dashboard: its page bundle is built beside the service bundle.
if (name === 'dashboard-api') {
  const { buildWeb } = (await import('../apps/dashboard-api/web/build.ts')) as { buildWeb: () => Promise<unknown> };
  await buildWeb();
  console.log('built dist/apps/dashboard-api/web');
}
