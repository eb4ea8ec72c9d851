import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, startLab } from './lab-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'codeclab-supervisor-death-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a lab whose supervisor is killed', () => {
  it('leaves no service behind, and each logs why it stopped', async () => {
    const lab = await startLab(dataDir);
    lab.process.kill('SIGKILL');
    await expect.poll(() => lab.pids.filter(isAlive), { timeout: 15_000, interval: 100 }).toEqual([]);
    for (const service of ['orchestrator', 'dashboard-api', 'llm-analyst', 'agent-runner']) {
      expect(readFileSync(join(dataDir, 'logs', `${service}.log`), 'utf8')).toContain('"signal":"disconnect"');
    }
  });
});
