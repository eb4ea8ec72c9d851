import { join } from 'node:path';
import type { ExperimentConfig } from '@codec-lab/domain';

// Every file name an experiment's folder can hold, in one place. A full run is one piece in the
// experiment's folder itself; a probe run puts each segment's piece in `segment-<i>/` beside a
// manifest. Each piece folder holds the artifact and its per-frame statistics.

/** What an experiment id may be: it names the experiment's folder, so no '.', '/' or '..'. */
export const EXPERIMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The encoded artifact of a piece. */
export const ARTIFACT_FILE = 'artifact.mp4';
/** A parameter-storage artifact: the compressed scene description and any residual video. */
export const SCENE_ARTIFACT_FILE = 'artifact.clps';
/** The lossless rendering a parameter-storage artifact decodes to (FFV1): what is measured and shown. */
export const DECODED_FILE = 'decoded.mkv';
/** A probe run's list of its segments, each with its artifact and digest. */
export const PROBE_MANIFEST_FILE = 'probe.json';
/** How each piece was measured: its place in the source and how the source was opened. */
export const PIECE_FILE = 'piece.json';
/** Per-frame statistics beside each artifact. */
export const STATS_FILES = { psnr: 'psnr.log', ssim: 'ssim.log', vmaf: 'vmaf.json' } as const;

/** The folder of probe segment `index`, relative to the experiment's folder. */
export function segmentFolder(index: number): string {
  return `segment-${index}`;
}

export function artifactPath(folder: string, strategy: ExperimentConfig['strategy'] = 'codec'): string {
  return join(folder, strategy === 'parameter_storage' ? SCENE_ARTIFACT_FILE : ARTIFACT_FILE);
}

/** Where a piece's pictures are decoded from: the artifact, or the rendering of a parameter-storage one. */
export function decodedPath(folder: string, strategy: ExperimentConfig['strategy'] = 'codec'): string {
  return strategy === 'parameter_storage' ? join(folder, DECODED_FILE) : artifactPath(folder);
}
