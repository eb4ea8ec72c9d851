import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { DomainError } from '@codec-lab/domain';
import { probeVideo, type VideoProbe } from './probe.ts';

/** A probe of an artifact this runner wrote, whose duration (the bitrate's divisor) is known. */
export type ArtifactProbe = VideoProbe & { readonly durationSeconds: number };

/**
 * Probes an artifact just written. Any failure is the runner's own ('internal'
 * ERR_ARTIFACT_UNREADABLE): the encode said it succeeded, so an unreadable file is our fault.
 */
export async function probeArtifact(path: string, signal?: AbortSignal): Promise<ArtifactProbe> {
  const probe = await probeVideo(`file:${path}`, signal).catch((error: unknown) => {
    if (error instanceof DomainError && (error.kind === 'cancelled' || error.kind === 'timeout')) throw error;
    throw new DomainError('internal', 'ERR_ARTIFACT_UNREADABLE', `the encoded artifact cannot be probed: ${String(error)}`, {
      cause: error,
    });
  });
  const { durationSeconds } = probe;
  if (durationSeconds === null) {
    throw new DomainError('internal', 'ERR_ARTIFACT_UNREADABLE', 'ffprobe reports no duration for the artifact');
  }
  return { ...probe, durationSeconds };
}

/** Hex SHA-256 of a file, streamed. */
export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
