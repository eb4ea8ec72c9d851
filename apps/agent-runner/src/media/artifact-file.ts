import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DomainError } from '@codec-lab/domain';
import { probeVideo, type VideoProbe } from './probe.ts';

/** An artifact this runner wrote, with its bitrate by the measurement rule. */
export interface ArtifactFile {
  readonly probe: VideoProbe;
  /** Size of the file on disk. */
  readonly bytes: number;
  /**
   * The video stream's own duration, from the packet listing (first frame to the end of the
   * last), not the container's, which a longer audio track or an edit list can stretch.
   */
  readonly durationSeconds: number;
  /** bytes x 8 / durationSeconds. */
  readonly bitrateBps: number;
}

/**
 * Probes an artifact just written and computes its bitrate: the file's bytes x 8 over its video
 * stream's duration. Any failure is the runner's own ('internal' ERR_ARTIFACT_UNREADABLE): the
 * encode said it succeeded, so an unreadable file is our fault.
 */
export async function readArtifact(path: string, signal?: AbortSignal): Promise<ArtifactFile> {
  const probe = await probeVideo(`file:${path}`, signal).catch((error: unknown) => {
    if (error instanceof DomainError && (error.kind === 'cancelled' || error.kind === 'timeout')) throw error;
    throw new DomainError('internal', 'ERR_ARTIFACT_UNREADABLE', `the encoded artifact cannot be probed: ${String(error)}`, {
      cause: error,
    });
  });
  const durationSeconds = probe.videoDurationSeconds;
  if (!(durationSeconds > 0)) throw new DomainError('internal', 'ERR_ARTIFACT_UNREADABLE', 'the artifact has no video duration');
  const { size: bytes } = await stat(path);
  return { probe, bytes, durationSeconds, bitrateBps: (bytes * 8) / durationSeconds };
}

/** Hex SHA-256 of a file, streamed. */
export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
