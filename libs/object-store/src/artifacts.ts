import { z } from 'zod';
import { keyIn, type StoreLocation } from './location.ts';
import type { S3Client } from '@aws-sdk/client-s3';
import { getText } from './transfer.ts';

/**
 * A measured experiment's files in the artifact store: `<prefix>/<experimentId>/<path>` for every
 * file of its folder (the artifact, per-frame statistics, how each piece was measured), then this
 * manifest, written last. An experiment without a manifest has no artifact, whatever else is
 * there (an upload cut short); a file whose ETag is not the one listed is not this experiment's.
 */
export const ArtifactManifestSchema = z.strictObject({
  experimentId: z.string().min(1),
  /** Relative to the experiment's folder, '/'-separated. */
  files: z.array(z.strictObject({ path: z.string().min(1), bytes: z.int().nonnegative(), etag: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).min(1),
  /** The file a download serves: the artifact of a full run, the segment list of a probe run. */
  artifact: z.string().min(1),
  publishedAt: z.iso.datetime(),
});
export type ArtifactManifest = z.infer<typeof ArtifactManifestSchema>;

export const ARTIFACT_MANIFEST = 'published.json';

export function experimentKey(location: StoreLocation, experimentId: string, path: string): string {
  return keyIn(location, experimentId, path);
}

/** An experiment's manifest, or null when it has none (never published, or cut short). */
export async function readArtifactManifest(client: S3Client, location: StoreLocation, experimentId: string): Promise<{ manifest: ArtifactManifest; text: string } | null> {
  const text = await getText(client, location.bucket, experimentKey(location, experimentId, ARTIFACT_MANIFEST));
  if (text === null) return null;
  const parsed = ArtifactManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.experimentId !== experimentId) return null;
  return { manifest: parsed.data, text };
}
