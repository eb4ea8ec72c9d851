import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { DomainError, VMAF_MODELS, type FfmpegBuild, type VmafModel } from '@codec-lab/domain';
import { sha256 } from './artifact-file.ts';
import { addInput, addOutput, createCommand } from './ffmpeg-command.ts';
import { runFfmpeg, succeeds } from './ffmpeg-process.ts';

/** One ffmpeg binary: where it is, its banner version, and the sha256 of the file. */
export interface FfmpegBinary {
  readonly path: string;
  readonly version: string;
  readonly sha256: string;
}

/**
 * The ffmpeg that measures PSNR, SSIM and VMAF, and what it was shown to do. It is the encoding
 * ffmpeg when that one has libvmaf, else the separate metrics ffmpeg when one is configured and
 * has it, else the encoding ffmpeg without VMAF.
 */
export interface Meter {
  readonly binary: FfmpegBinary;
  /** The VMAF models that scored a trial frame with this binary; empty without VMAF. */
  readonly vmafModels: readonly VmafModel[];
  /** Why VMAF is not measured; '' when it is. */
  readonly vmafUnavailable: string;
}

const TRIAL_SOURCE = 'color=size=64x64:duration=0.04';
const VERSION_LINE = /^ffmpeg version (\S+)/;

/**
 * Refuses ('precondition' ERR_VMAF_MODEL_UNAVAILABLE) a model the meter did not load, where it has
 * VMAF at all; without VMAF every experiment is measured without it, and says why.
 */
export function requireVmafModel(meter: Meter, model: VmafModel): void {
  if (meter.vmafModels.length === 0 || meter.vmafModels.includes(model)) return;
  throw new DomainError('precondition', 'ERR_VMAF_MODEL_UNAVAILABLE', `VMAF model ${model} is not available on this runner (available: ${meter.vmafModels.join(', ')})`);
}

export function buildOf(binary: FfmpegBinary): FfmpegBuild {
  return { version: binary.version, sha256: binary.sha256 };
}

/**
 * Finds the binary (an absolute path, or `ffmpeg` on PATH), reads its version and hashes it.
 * 'precondition' ERR_FFMPEG_NOT_FOUND when there is no such executable.
 */
export async function inspectBinary(path: string | undefined, signal?: AbortSignal): Promise<FfmpegBinary> {
  const resolved = path ?? (await onPath('ffmpeg'));
  try {
    await access(resolved, constants.X_OK);
  } catch (error) {
    throw new DomainError('precondition', 'ERR_FFMPEG_NOT_FOUND', `ffmpeg binary ${resolved} is not executable`, { cause: error });
  }
  const [version, digest] = await Promise.all([readVersion(resolved, signal), sha256(resolved)]);
  return { path: resolved, version, sha256: digest };
}

/** The VMAF models this binary's libvmaf loads and scores a trial frame with; none without libvmaf. */
export async function vmafModelsOf(binary: FfmpegBinary, signal?: AbortSignal): Promise<VmafModel[]> {
  const works = await Promise.all(VMAF_MODELS.map((model) => vmafTrial(binary.path, model, signal)));
  return VMAF_MODELS.filter((_, i) => works[i]);
}

/**
 * Chooses the meter: the encoding ffmpeg if its libvmaf works, else `metricsPath` if its does,
 * else the encoding ffmpeg without VMAF, with the reason.
 */
export async function chooseMeter(encoder: FfmpegBinary, metricsPath: string | undefined, signal?: AbortSignal): Promise<Meter> {
  const own = await vmafModelsOf(encoder, signal);
  if (own.length > 0) return { binary: encoder, vmafModels: own, vmafUnavailable: '' };
  if (metricsPath === undefined) {
    return { binary: encoder, vmafModels: [], vmafUnavailable: `ffmpeg ${encoder.version} has no libvmaf and no metrics ffmpeg is configured (METRICS_FFMPEG_PATH)` };
  }
  const metrics = await inspectBinary(metricsPath, signal);
  const models = await vmafModelsOf(metrics, signal);
  if (models.length === 0) {
    return { binary: encoder, vmafModels: [], vmafUnavailable: `neither ffmpeg ${encoder.version} nor the metrics ffmpeg ${metrics.version} has a working libvmaf` };
  }
  return { binary: metrics, vmafModels: models, vmafUnavailable: '' };
}

const resolved = new Map<string, Promise<{ readonly encoder: FfmpegBinary; readonly meter: Meter }>>();

/**
 * The encoding binary and the meter for these paths, found once per process and shared (a
 * failure is forgotten, so the next call tries again). Takes no signal: the answer is shared.
 */
export function ffmpegBinaries(ffmpegPath: string | undefined, metricsPath: string | undefined): Promise<{ readonly encoder: FfmpegBinary; readonly meter: Meter }> {
  const key = `${ffmpegPath ?? ''}\0${metricsPath ?? ''}`;
  let found = resolved.get(key);
  if (!found) {
    found = inspectBinary(ffmpegPath).then(async (encoder) => ({ encoder, meter: await chooseMeter(encoder, metricsPath) }));
    resolved.set(key, found);
    found.catch(() => resolved.delete(key));
  }
  return found;
}

async function onPath(name: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  throw new DomainError('precondition', 'ERR_FFMPEG_NOT_FOUND', `${name} was not found on PATH`);
}

async function readVersion(binary: string, signal: AbortSignal | undefined): Promise<string> {
  // The banner's first line carries the version; a null run prints it without needing `-version`,
  // which fluent-ffmpeg cannot run (it insists on an output).
  let version = '';
  const command = createCommand(TRIAL_SOURCE, ['-f', 'lavfi'], { banner: true, binary });
  addOutput(command, '-', ['-frames:v', '1', '-f', 'null']);
  await runFfmpeg(command, {
    what: 'ffmpeg version check',
    failureCode: 'ERR_FFMPEG_UNUSABLE',
    signal,
    onStderrLine: (line) => {
      version ||= VERSION_LINE.exec(line)?.[1] ?? '';
    },
  });
  if (!version) throw new DomainError('internal', 'ERR_FFMPEG_UNUSABLE', `${binary} printed no version banner`);
  return version;
}

function vmafTrial(binary: string, model: VmafModel, signal: AbortSignal | undefined): Promise<boolean> {
  const command = createCommand(TRIAL_SOURCE, ['-f', 'lavfi'], { binary });
  addInput(command, TRIAL_SOURCE, ['-f', 'lavfi']);
  command.complexFilter(`[0:v][1:v]libvmaf=model=version=${model}[out]`);
  return succeeds(addOutput(command, '-', ['-map', '[out]', '-f', 'null']), `libvmaf ${model} trial`, signal);
}
