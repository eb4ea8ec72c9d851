import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'codeclab-failed-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function servicePids(): Set<string> {
  try {
    return new Set(execFileSync('pgrep', ['-f', join(root, 'dist', 'apps')], { encoding: 'utf8' }).split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

describe('a lab that cannot start', () => {
  it('says which service failed and why, exits non-zero, and leaves no service running', async () => {
    const before = servicePids();
    const lab = spawn(process.execPath, [join(root, 'dist', 'apps', 'lab', 'main.js')], {
      cwd: root,
      env: { ...process.env, LAB_DATA_DIR: dataDir, LAB_PORTS: 'auto', FFMPEG_PATH: '/nonexistent/ffmpeg' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    lab.stdout.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => lab.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('codec-lab failed to start: agent-runner exited with code 1 before it was ready');
    await expect.poll(() => [...servicePids()].filter((pid) => !before.has(pid) && pid !== String(lab.pid)), { timeout: 5_000 }).toEqual([]);
  });
});
