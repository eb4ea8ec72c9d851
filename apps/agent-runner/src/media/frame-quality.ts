import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DomainError } from '@codec-lab/domain';
import { EXPERIMENT_ID, PIECE_FILE, PROBE_MANIFEST_FILE, STATS_FILES } from './artifact-names.ts';
import { psnrFromText } from './measure.ts';
import type { PieceRecord } from './pipeline.ts';
import { parseVmafLog } from './vmaf-scores.ts';

/** Per-frame quality of a measured experiment, frames numbered from the start of the source. */
export interface FrameQuality {
  readonly frames: number[];
  /** ffmpeg's per-frame psnr_avg, dB (100 for identical pictures). */
  readonly psnr: number[];
  /** ffmpeg's per-frame SSIM All. */
  readonly ssim: number[];
  /** The frames libvmaf scored and their scores; empty without VMAF. */
  readonly vmafFrames: number[];
  readonly vmaf: number[];
  readonly vmafModel: string;
}

/** A measured piece of a published experiment: its folder and how it was measured. */
export interface StoredPiece {
  readonly dir: string;
  readonly record: PieceRecord;
}

const SEGMENT = /^segment-(\d+)$/;

/**
 * The pieces of the experiment published under `artifactDir`, in source order: the experiment's
 * folder itself for a full run, its segment folders for a probe run. 'not_found' when this runner
 * holds no measured experiment of that id.
 */
export async function storedPieces(artifactDir: string, experimentId: string): Promise<StoredPiece[]> {
  if (!EXPERIMENT_ID.test(experimentId)) {
    throw new DomainError('invalid', 'ERR_INVALID_ARGUMENT', 'experimentId: 1 to 128 letters, digits, "-" or "_"');
  }
  const folder = join(resolve(artifactDir), experimentId);
  const names = await readdir(folder).catch(() => null);
  if (!names) throw new DomainError('not_found', 'ERR_EXPERIMENT_NOT_FOUND', `this runner holds no measured experiment ${experimentId}`);
  const dirs = names.includes(PROBE_MANIFEST_FILE)
    ? names
        .filter((name) => SEGMENT.test(name))
        .sort((a, b) => Number(SEGMENT.exec(a)![1]) - Number(SEGMENT.exec(b)![1]))
        .map((name) => join(folder, name))
    : [folder];
  return Promise.all(dirs.map(async (dir) => ({ dir, record: await readRecord(dir, experimentId) })));
}

async function readRecord(dir: string, experimentId: string): Promise<PieceRecord> {
  const text = await readFile(join(dir, PIECE_FILE), 'utf8').catch(() => null);
  if (text === null) {
    throw new DomainError('not_found', 'ERR_FRAMES_NOT_RECORDED', `experiment ${experimentId} was measured before per-frame records were kept`);
  }
  return JSON.parse(text) as PieceRecord;
}

/** Reads the per-frame statistics stored beside each piece's artifact. */
export async function readFrameQuality(artifactDir: string, experimentId: string): Promise<FrameQuality> {
  const pieces = await storedPieces(artifactDir, experimentId);
  const out = { frames: [] as number[], psnr: [] as number[], ssim: [] as number[], vmafFrames: [] as number[], vmaf: [] as number[], vmafModel: '' };
  for (const { dir, record } of pieces) {
    const psnr = statsLines(await readFile(join(dir, STATS_FILES.psnr), 'utf8'), /psnr_avg:(\S+)/);
    const ssim = statsLines(await readFile(join(dir, STATS_FILES.ssim), 'utf8'), /All:(\S+)/);
    if (psnr.length !== record.frames || ssim.length !== record.frames) {
      throw new DomainError('internal', 'ERR_FRAMES_UNREADABLE', `the stored statistics of ${experimentId} do not cover its ${record.frames} frames`);
    }
    psnr.forEach((value, i) => {
      out.frames.push(record.firstFrame + i);
      out.psnr.push(psnrFromText(value));
      out.ssim.push(Number(ssim[i]));
    });
    const vmafText = await readFile(join(dir, STATS_FILES.vmaf), 'utf8').catch(() => null);
    if (vmafText !== null) {
      const log = parseVmafLog(vmafText);
      log.frames.forEach((frame, i) => {
        out.vmafFrames.push(record.firstFrame + frame);
        out.vmaf.push(log.scores[i]!);
      });
      out.vmafModel = record.vmafModel ?? '';
    }
  }
  return out satisfies FrameQuality;
}

// psnr.log / ssim.log: one `n:<1-based index> key:value ...` line per compared frame.
function statsLines(text: string, field: RegExp): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('n:'))
    .map((line) => field.exec(line)?.[1] ?? 'NaN');
}
