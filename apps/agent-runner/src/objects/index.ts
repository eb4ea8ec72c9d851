import { createS3Client, parseStoreLocation, type S3Client } from '@codec-lab/object-store';
import type { RunnerConfig } from '../config.ts';
import { ArtifactStore } from './artifact-store.ts';
import { SourceCache } from './source-cache.ts';
import type { UploadDeps } from './upload.ts';

export { ArtifactStore } from './artifact-store.ts';
export { SourceCache } from './source-cache.ts';
export { receiveUpload, type UploadDeps } from './upload.ts';

/** What this runner reaches in the object store, as its configuration says; each part optional. */
export interface ObjectAccess {
  readonly client: S3Client | null;
  /** Object sources from MEDIA_BUCKETS; null without any. */
  readonly sources: SourceCache | null;
  /** Published artifacts (ARTIFACT_STORE); null: they stay on this runner's disk. */
  readonly artifacts: ArtifactStore | null;
  /** Uploads into UPLOAD_BUCKET; null: refused. */
  readonly upload: UploadDeps | null;
}

/** A runner on local disk alone: file and synthetic sources, artifacts in ARTIFACT_DIR. */
export const LOCAL_ONLY: ObjectAccess = { client: null, sources: null, artifacts: null, upload: null };

export function objectAccess(config: RunnerConfig): ObjectAccess {
  if (config.MEDIA_BUCKETS.length === 0 && !config.ARTIFACT_STORE) return LOCAL_ONLY;
  const client = createS3Client({ endpoint: config.S3_ENDPOINT, region: config.AWS_REGION, forcePathStyle: config.S3_FORCE_PATH_STYLE });
  const sources =
    config.MEDIA_BUCKETS.length > 0
      ? new SourceCache({ client, buckets: config.MEDIA_BUCKETS, dir: config.SOURCE_CACHE_DIR, maxBytes: config.SOURCE_CACHE_MB * 1024 * 1024, protectMs: config.EXPERIMENT_TIMEOUT_SECONDS * 1000 })
      : null;
  return {
    client,
    sources,
    artifacts: config.ARTIFACT_STORE ? new ArtifactStore(client, parseStoreLocation(config.ARTIFACT_STORE), config.ARTIFACT_DIR) : null,
    upload: sources && config.UPLOAD_BUCKET ? { client, bucket: config.UPLOAD_BUCKET, maxBytes: config.UPLOAD_MAX_BYTES, cache: sources } : null,
  };
}
