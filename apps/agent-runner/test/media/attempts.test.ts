import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepAbandonedAttempts } from '../../src/media/attempt-dir.ts';
import { sha256 } from '../../src/media/artifact-file.ts';
import { runExperiment } from '../../src/media/run-experiment.ts';
import { loadConfig } from '../../src/config.ts';
import { createRunnerMetrics } from '../../src/metrics.ts';
import { RunnerService } from '../../src/runner.service.ts';
import { codecConfig, tempDir, TINY_SOURCE, withoutVmaf } from './testing.ts';

// An attempt of an experiment can die anywhere: ffmpeg killed mid-encode or mid-measure, the
// runner SIGKILLed, the machine stopped. Whatever it left must never fail a later attempt, nor be
// taken for that attempt's artifact.

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('attempts')));
afterEach(() => remove());

const config = codecConfig({ encoder: 'libx264', preset: 'ultrafast', rateControl: { mode: 'crf', crf: 30 } });
const JUNK = Buffer.from('not an mp4: what a killed attempt leaves behind');

/** What an attempt killed at each point leaves: a partial encode, stats of a measure, a stale publish. */
async function leaveDeadAttempts(experimentId: string) {
  for (const [folder, files] of [
    [join(dir, '.work', `${experimentId}.killedInEncode`), ['artifact.mp4', 'artifact.partial.mp4', 'artifact.mp4.pass-0.log']],
    [join(dir, '.work', `${experimentId}.killedInMeasure`), ['artifact.mp4', 'psnr.log', 'ssim.log']],
    [join(dir, experimentId), ['artifact.mp4', 'artifact.partial.mp4', 'psnr.log', 'ssim.log']],
  ] as const) {
    await mkdir(folder, { recursive: true });
    for (const file of files) await writeFile(join(folder, file), JUNK);
  }
}

describe('attempts of one experiment', () => {
  it('succeeds after earlier attempts died anywhere, and publishes only its own artifact', async () => {
    await leaveDeadAttempts('exp-1');
    const result = await runExperiment({ experimentId: 'exp-1', source: TINY_SOURCE, config, mediaRoots: [], artifactDir: dir });
    const artifact = fileURLToPath(result.artifactUri);
    expect(artifact).toBe(join(dir, 'exp-1', 'artifact.mp4'));
    expect(await sha256(artifact)).toBe(result.artifactSha256);
    expect(await readFile(artifact)).not.toEqual(JUNK);
    expect((await readdir(join(dir, 'exp-1'))).sort()).toEqual(['artifact.mp4', 'piece.json', 'psnr.log', 'ssim.log']);
    // The psnr log is this attempt's: one line per frame of the source, none of the junk.
    expect((await readFile(join(dir, 'exp-1', 'psnr.log'), 'utf8')).trim().split('\n')).toHaveLength(30);
    expect(await readdir(join(dir, '.work'))).toEqual([]);
  });

  it("leaves another experiment's attempts alone", async () => {
    await leaveDeadAttempts('exp-2');
    await runExperiment({ experimentId: 'exp-1', source: TINY_SOURCE, config, mediaRoots: [], artifactDir: dir });
    expect((await readdir(join(dir, '.work'))).sort()).toEqual(['exp-2.killedInEncode', 'exp-2.killedInMeasure']);
    expect(await readFile(join(dir, 'exp-2', 'artifact.mp4'))).toEqual(JUNK);
  });

  it('a failed attempt publishes nothing and removes what an earlier attempt published', async () => {
    await leaveDeadAttempts('exp-3');
    const error = await runExperiment({
      experimentId: 'exp-3',
      source: { ...TINY_SOURCE, width: 32, height: 32 },
      config: codecConfig({ encoder: 'libsvtav1', preset: '12' }),
      mediaRoots: [],
      artifactDir: dir,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_ENCODE_FAILED' });
    expect((await readdir(dir)).sort()).toEqual(['.work']);
    expect(await readdir(join(dir, '.work'))).toEqual([]);
  });

  it("sweeps work folders older than the experiment timeout at start-up, and keeps younger ones", async () => {
    await leaveDeadAttempts('exp-4');
    const old = (Date.now() - 3_600_000) / 1000;
    await utimes(join(dir, '.work', 'exp-4.killedInEncode'), old, old);
    expect(await sweepAbandonedAttempts(dir, 900_000)).toBe(1);
    expect(await readdir(join(dir, '.work'))).toEqual(['exp-4.killedInMeasure']);
  });
});

describe('RunnerService', () => {
  it('a later attempt of an experiment still running here supersedes it', async () => {
    const runnerConfig = loadConfig({ ARTIFACT_DIR: dir, MAX_CONCURRENT: '1' });
    const { meter } = await withoutVmaf();
    const capabilities = { encoders: ['libx264' as const], pixelFormats: { libx264: ['yuv420p' as const] }, ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', vmafModels: [], gpuName: '', encoder: meter.binary, meter };
    const runner = new RunnerService(runnerConfig, capabilities, createRunnerMetrics(new Registry()), pino({ level: 'silent' }));
    const long = { ...TINY_SOURCE, width: 640, height: 360, seconds: 10 };
    const slow = codecConfig({ encoder: 'libx264', preset: 'veryslow' });
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const first = runner
      .run({ experimentId: 'exp-5', source: long, config: slow }, (p) => p.frames > 0 && firstStarted(), new AbortController().signal)
      .catch((e: unknown) => e);
    await started;
    // Admitted although MAX_CONCURRENT is 1: the attempt it replaces no longer counts.
    const second = await runner.run({ experimentId: 'exp-5', source: TINY_SOURCE, config }, () => undefined, new AbortController().signal);
    expect(await first).toMatchObject({ kind: 'cancelled', code: 'ERR_SUPERSEDED' });
    expect(second.frames).toBe(30);
    expect(await sha256(fileURLToPath(second.artifactUri))).toBe(second.artifactSha256);
    expect(runner.activeExperiments).toBe(0);
  });
});
