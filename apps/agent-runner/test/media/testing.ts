import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VMAF_OPTIONS, type CodecConfig, type CodecConfigInput, type SyntheticSource, type VmafOptions } from '@codec-lab/domain';
import { FFMPEG_PATH, metricsFfmpegPath } from '@codec-lab/testing';
import { ffmpegBinaries, inspectBinary, type Meter } from '../../src/media/meter.ts';

/** A fresh temporary folder and the function that removes it. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `codec-lab-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The tiny source most tests use: testsrc2, 160x90, 30 fps, 1 s (30 frames). */
export const TINY_SOURCE: SyntheticSource = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 };

/** A codec config with the defaults filled in. */
export function codecConfig(overrides: Partial<CodecConfigInput> & Pick<CodecConfig, 'encoder' | 'preset'>): CodecConfig {
  const rc = overrides.rateControl;
  return {
    strategy: 'codec',
    rateControl: { mode: 'crf', crf: 23 },
    pixelFormat: 'yuv420p',
    ...overrides,
    ...(rc?.mode === 'bitrate' ? { rateControl: { passes: 1, ...rc } } : {}),
  } as CodecConfig;
}

/**
 * The shared evaluation clips (`../shared/media` beside the repository); they are read from there,
 * never copied into the project. Tests that read them skip without them: `skipUnless(ctx, sharedClips())`.
 */
export { SHARED_MEDIA, sharedClips } from '@codec-lab/testing';

/** The encoding ffmpeg as a meter without VMAF: `measure({ ...await withoutVmaf(), ... })`. */
export async function withoutVmaf(): Promise<{ meter: Meter; vmaf: VmafOptions }> {
  const binary = await inspectBinary(FFMPEG_PATH);
  return { meter: { binary, vmafModels: [], vmafUnavailable: 'VMAF left out by this test' }, vmaf: DEFAULT_VMAF_OPTIONS };
}

/** The metrics ffmpeg as a meter with every VMAF model it loads; undefined where it is missing. */
export async function withVmaf(vmaf: VmafOptions = DEFAULT_VMAF_OPTIONS): Promise<{ meter: Meter; vmaf: VmafOptions } | undefined> {
  const path = metricsFfmpegPath();
  if (!path) return undefined;
  const { meter } = await ffmpegBinaries(FFMPEG_PATH, path);
  return { meter, vmaf };
}
