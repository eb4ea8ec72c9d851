import { DomainError, SourceDescriptionSchema, sourceLabel, type Source, type SourceDescription } from '@codec-lab/domain';
import { measureFeatures } from './features.ts';
import { resolveInput, type InputSpec, type ObjectSources } from './input.ts';

/**
 * Opens a source as an experiment would and says what it is. Everything that makes a source
 * unusable (missing, outside the media roots, not a video, truncated, odd-sized, too large) is
 * refused here with the same error an experiment would get, before any campaign is accepted.
 */
export async function describeSource(source: Source, mediaRoots: readonly string[], objects?: ObjectSources): Promise<SourceDescription> {
  return describeInput(await resolveInput(source, mediaRoots, objects));
}

/** What an opened source is, and its content features from one decode of it (features.ts). */
export async function describeInput(input: InputSpec): Promise<SourceDescription> {
  const bitDepth = bitDepthOf(input.pixFmt);
  const features = await measureFeatures(input, { bitDepth });
  return SourceDescriptionSchema.parse({
    width: input.width,
    height: input.height,
    frameRate: `${input.fps.num}/${input.fps.den}`,
    fps: input.fps.num / input.fps.den,
    frames: input.frames,
    durationSeconds: input.durationSeconds,
    pixelFormat: input.pixFmt,
    bitDepth,
    colorRange: input.colorRange,
    audio: input.audio,
    codec: input.codec,
    ...(input.file ? { sizeBytes: input.file.sizeBytes, sha256: input.file.sha256 } : {}),
    features,
  } satisfies SourceDescription);
}

/**
 * Bits per sample of a pixel format: `yuv420p10le` and `p010le` 10, `yuv420p` 8; the packed
 * `rgb48be` and `rgba64le` name the bits of a whole pixel and are 16 per sample.
 */
export function bitDepthOf(pixFmt: string): number {
  const depth = /(\d{1,2})(?:le|be)$/.exec(pixFmt);
  return depth ? Math.min(Number(depth[1]), 16) : 8;
}

/** Refuses a file whose content is no longer what its campaign was created with. */
export function requireUnchanged(input: InputSpec, source: Source, expectedSha256: string | undefined): void {
  if (!expectedSha256 || !input.file || input.file.sha256 === expectedSha256) return;
  const name = sourceLabel(source);
  throw new DomainError(
    'precondition',
    'ERR_SOURCE_CHANGED',
    `source "${name}" changed since the campaign was created: its sha256 is now ${input.file.sha256.slice(0, 12)}…, it was ${expectedSha256.slice(0, 12)}…`,
  );
}
