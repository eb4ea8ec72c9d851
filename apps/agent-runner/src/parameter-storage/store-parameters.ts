import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DomainError, ENCODERS, type ParameterStorageConfig, type ParameterStorageReport } from '@codec-lab/domain';
import { encodeScene, packArtifact, renderFrame, type Frame } from '@codec-lab/procedural';
import { encoderArgs } from '../media/encoder-args.ts';
import type { ProgressListener } from '../media/ffmpeg-process.ts';
import type { InputSpec } from '../media/input.ts';
import { decodeParameterArtifact, RESIDUAL_LAYOUT, RESIDUAL_OFFSET } from './decode-artifact.ts';
import { fitOnWorker } from './fit-thread.ts';
import { checkRawFrames, decodeToRaw, encodeRaw, rawPixFmt, readRawFrames, writeRawFrames, type RawLayout } from './raw-frames.ts';

/**
 * The most a fit takes on: luma samples over all frames (1080p for ten seconds at 30 fps is 622 M).
 * Every decoded frame is held in memory while the fitter works, at 1.5 bytes per luma sample.
 */
export const FIT_LIMITS = { maxMegapixels: 640, maxFrames: 1800 } as const;

export interface StoreParametersOptions {
  readonly input: InputSpec;
  readonly config: ParameterStorageConfig;
  /** The attempt's piece folder: the artifact, the decoded rendering and their scratch files go here. */
  readonly dir: string;
  readonly artifactPath: string;
  readonly decodedPath: string;
  readonly ffmpegPath?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

export interface StoredParameters {
  /** Wall time from decoding the source to the decoded rendering written: the strategy's "encode". */
  readonly encodeSeconds: number;
  readonly report: ParameterStorageReport;
}

/** Refuses a source the fitter cannot hold ('precondition' ERR_SOURCE_TOO_LARGE_FOR_FIT, naming the limit). */
export function requireFittable(input: Pick<InputSpec, 'width' | 'height' | 'frames'>): void {
  const megapixels = (input.width * input.height * input.frames) / 1e6;
  if (input.frames > FIT_LIMITS.maxFrames || megapixels > FIT_LIMITS.maxMegapixels) {
    throw new DomainError(
      'precondition',
      'ERR_SOURCE_TOO_LARGE_FOR_FIT',
      `parameter storage fits at most ${FIT_LIMITS.maxFrames} frames and ${FIT_LIMITS.maxMegapixels} megapixels over all frames; this source is ${input.width}x${input.height}, ${input.frames} frames (${megapixels.toFixed(0)} megapixels): use a shorter stretch of it`,
    );
  }
  if (input.width % 2 || input.height % 2) {
    throw new DomainError('precondition', 'ERR_SOURCE_NOT_FITTABLE', `parameter storage renders 4:2:0 frames of even size; this source is ${input.width}x${input.height}`);
  }
}

/**
 * The parameter-storage "encode": decode the source's frames, fit a scene description to them,
 * encode what the fit missed as a residual video when the config asks for one, and write the
 * artifact (description plus residual). Then the artifact is decoded back from its file, exactly as
 * a reader would, into a lossless rendering that is measured like any encode.
 */
export async function storeParameters(options: StoreParametersOptions): Promise<StoredParameters> {
  const { input, config, dir, signal } = options;
  requireFittable(input);
  const started = performance.now();
  const layout: RawLayout = { width: input.width, height: input.height, fps: input.fps, pixFmt: rawPixFmt(input.pixFmt, input.colorRange), colorRange: input.colorRange };
  const progress = stages(options.onProgress, input.frames, started);
  const sourceRaw = join(dir, 'source.yuv');
  const residualRaw = join(dir, 'residual.yuv');
  const residualFile = join(dir, 'residual.mp4');
  try {
    await decodeToRaw(input, layout, sourceRaw, { binary: options.ffmpegPath, signal, what: 'source decode', onProgress: progress(0, 0.1) });
    await checkRawFrames(sourceRaw, input.width, input.height, input.frames);
    const fitStarted = performance.now();
    const fitProgress = progress(0.1, 0.6);
    const fit = await fitOnWorker(
      { path: sourceRaw, width: input.width, height: input.height, frames: input.frames, options: { fps: [input.fps.num, input.fps.den], vocabulary: config.vocabulary, effort: config.effort, quantization: config.quantization } },
      signal,
      (p) => fitProgress?.({ phase: 'encode', percent: p.percent, frames: 0, fps: 0, elapsedSeconds: 0 }),
    );
    const fitSeconds = (performance.now() - fitStarted) / 1000;
    const scene = encodeScene(fit.scene);

    let residual: Parameters<typeof packArtifact>[0]['residual'];
    if (config.residual.codec !== 'none') {
      const { codec, crf } = config.residual;
      const frames = await readRawFrames(sourceRaw, input.width, input.height, input.frames);
      await writeRawFrames(residualRaw, frames.length, (i) => residualOf(frames[i]!, renderFrame(fit.scene, i)), signal);
      const args = encoderArgs({ strategy: 'codec', encoder: codec, preset: ENCODERS[codec].defaultPreset, rateControl: { mode: 'crf', crf }, pixelFormat: 'yuv420p' });
      await encodeRaw(residualRaw, { ...RESIDUAL_LAYOUT, width: input.width, height: input.height, fps: input.fps }, frames.length, residualFile, args, {
        binary: options.ffmpegPath,
        signal,
        what: 'residual encode',
        onProgress: progress(0.6, 0.25),
      });
      residual = { codec, bytes: await readFile(residualFile) };
    }
    const artifact = packArtifact({ scene, ...(residual ? { residual } : {}) });
    await writeFile(options.artifactPath, artifact);

    await decodeParameterArtifact({ artifactPath: options.artifactPath, decodedPath: options.decodedPath, layout, frames: input.frames, dir, ffmpegPath: options.ffmpegPath, signal, onProgress: progress(0.85, 0.15) });
    return {
      encodeSeconds: (performance.now() - started) / 1000,
      report: { layers: fit.summary, notFitted: fit.notFitted, sceneBytes: scene.length, residualBytes: residual?.bytes.length ?? 0, fitPsnrAvg: finite(fit.psnr.avg), fitSeconds },
    };
  } finally {
    await Promise.all([sourceRaw, residualRaw, residualFile].map((path) => rm(path, { force: true })));
  }
}

/** What the fit missed, offset to mid-grey so that negative differences survive 8 bits: clamp(source - rendered + 128). */
function residualOf(source: Frame, rendered: Frame): Frame {
  const plane = (a: Uint8Array, b: Uint8Array) => {
    const out = new Uint8Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = Math.min(255, Math.max(0, a[i]! - b[i]! + RESIDUAL_OFFSET));
    return out;
  };
  return { width: source.width, height: source.height, y: plane(source.y, rendered.y), u: plane(source.u, rendered.u), v: plane(source.v, rendered.v) };
}

/** Identical frames have an infinite PSNR; results carry 100 dB for that, as the measurement does. */
const finite = (db: number) => (Number.isFinite(db) ? db : 100);

/** Maps each stage's percent into its share of the whole run, reported as one encode over the source's frames. */
function stages(listener: ProgressListener | undefined, totalFrames: number, started: number) {
  let last = 0;
  return (offset: number, share: number): ProgressListener | undefined => {
    if (!listener) return undefined;
    return (p) => {
      const percent = Math.max(last, Math.min(100, (offset + (p.percent / 100) * share) * 100));
      last = percent;
      const elapsedSeconds = (performance.now() - started) / 1000;
      const frames = Math.round((percent / 100) * totalFrames);
      listener({ phase: 'encode', percent, frames, fps: elapsedSeconds > 0 ? frames / elapsedSeconds : 0, elapsedSeconds });
    };
  };
}
