// vitest globalSetup for integration tests: bundles every service as `npm start` does, so the
// processes under test are the ones users run.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  for (const app of ['agent-runner', 'llm-analyst', 'orchestrator', 'dashboard-api', 'lab', 'dev-stores']) {
    execFileSync(process.execPath, [join(root, 'tools', 'build-app.ts'), app], { cwd: root, stdio: 'ignore' });
  }
}
