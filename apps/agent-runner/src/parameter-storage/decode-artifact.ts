import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@codec-lab/domain';
import { decodeScene, renderFrame, SceneFormatError, unpackArtifact, type Frame, type Scene } from '@codec-lab/procedural';
import type { ProgressListener } from '../media/ffmpeg-process.ts';
import { decodeToRaw, encodeRaw, readRawFrames, writeRawFrames, type RawLayout } from './raw-frames.ts';

/** The residual is stored offset by mid-grey: a sample is clamp(source - rendered + 128). */
export const RESIDUAL_OFFSET = 128;
/** A residual is data, not a picture: 4:2:0 samples taken as they are, never range-converted. */
export const RESIDUAL_LAYOUT = { pixFmt: 'yuv420p', colorRange: 'limited' } as const satisfies Pick<RawLayout, 'pixFmt' | 'colorRange'>;

export interface DecodeArtifactOptions {
  readonly artifactPath: string;
  /** The lossless rendering to write (FFV1 in Matroska): what is measured, and what stills show. */
  readonly decodedPath: string;
  /** The source's layout: the scene must render to its size, and the rendering carries its colour range. */
  readonly layout: RawLayout;
  readonly frames: number;
  /** A scratch folder. */
  readonly dir: string;
  readonly ffmpegPath?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

/**
 * Reads a parameter-storage artifact from its file, as any reader would, and writes what it
 * decodes to: the scene rendered frame by frame, plus the residual video where there is one. A
 * corrupt or mismatched artifact is 'internal' ERR_ARTIFACT_CORRUPT naming what is wrong.
 */
export async function decodeParameterArtifact(options: DecodeArtifactOptions): Promise<void> {
  const { layout, frames, dir, signal } = options;
  const { scene, residual } = readArtifact(await readFile(options.artifactPath), layout, frames);
  const residualFile = join(dir, 'decode-residual.bin');
  const residualRaw = join(dir, 'decode-residual.yuv');
  const decodedRaw = join(dir, 'decoded.yuv');
  try {
    let residualFrames: Frame[] | null = null;
    if (residual) {
      await writeFile(residualFile, residual.bytes);
      const input = { input: `file:${residualFile}`, inputOptions: [], frames };
      await decodeToRaw(input, { ...layout, ...RESIDUAL_LAYOUT }, residualRaw, { binary: options.ffmpegPath, signal, what: 'residual decode' }).catch((error: unknown) => {
        throw corrupt(`its residual video (${residual.codec}) does not decode: ${(error as Error).message}`, error);
      });
      residualFrames = await readRawFrames(residualRaw, layout.width, layout.height, frames).catch((error: unknown) => {
        throw corrupt(`its residual video does not hold the ${frames} frames of the source`, error);
      });
    }
    await writeRawFrames(decodedRaw, frames, (i) => withResidual(renderFrame(scene, i), residualFrames?.[i]), signal);
    await encodeRaw(decodedRaw, layout, frames, options.decodedPath, ['-c:v', 'ffv1', '-level', '3', '-pix_fmt', layout.pixFmt, '-f', 'matroska'], {
      binary: options.ffmpegPath,
      signal,
      what: 'rendering',
      onProgress: options.onProgress,
    });
  } finally {
    await Promise.all([residualFile, residualRaw, decodedRaw].map((path) => rm(path, { force: true })));
  }
}

/** The artifact's scene and residual, checked against the source it stands for. */
function readArtifact(bytes: Uint8Array, layout: RawLayout, frames: number): { scene: Scene; residual: ReturnType<typeof unpackArtifact>['residual'] } {
  try {
    const { scene: sceneBytes, residual } = unpackArtifact(bytes);
    const scene = decodeScene(sceneBytes);
    if (scene.width !== layout.width || scene.height !== layout.height || scene.frames !== frames) {
      throw corrupt(`its scene is ${scene.width}x${scene.height}, ${scene.frames} frames, but the source is ${layout.width}x${layout.height}, ${frames} frames`);
    }
    return { scene, residual };
  } catch (error) {
    if (error instanceof SceneFormatError) throw corrupt(error.message, error);
    throw error;
  }
}

function corrupt(reason: string, cause?: unknown): DomainError {
  return new DomainError('internal', 'ERR_ARTIFACT_CORRUPT', `the parameter-storage artifact is not valid: ${reason}`, { cause });
}

/** rendered + (residual - 128), clamped; the rendered frame itself without a residual. */
function withResidual(rendered: Frame, residual: Frame | undefined): Frame {
  if (!residual) return rendered;
  const add = (a: Uint8Array, r: Uint8Array) => {
    for (let i = 0; i < a.length; i++) a[i] = Math.min(255, Math.max(0, a[i]! + r[i]! - RESIDUAL_OFFSET));
  };
  add(rendered.y, residual.y);
  add(rendered.u, residual.u);
  add(rendered.v, residual.v);
  return rendered;
}
