import { S3Client } from '@aws-sdk/client-s3';

/** Where the object store is and how to address it; credentials come from the SDK's default chain. */
export interface ObjectStoreSettings {
  /** An S3-compatible server's URL; unset: AWS S3 in `region`. */
  readonly endpoint?: string | undefined;
  readonly region: string;
  /** `http://host/bucket/key` rather than `http://bucket.host/key`, as most S3-compatible servers need. */
  readonly forcePathStyle?: boolean | undefined;
}

/**
 * An S3 client for the lab's buckets. Credentials are the SDK's default chain: environment keys,
 * or in a cluster the pod's IAM role (IRSA's web identity token). Against an S3-compatible
 * endpoint, checksums are sent and checked only where the API requires them: such servers need
 * not know the SDK's newer default (CRC32 trailers on every upload).
 */
export function createS3Client(settings: ObjectStoreSettings): S3Client {
  const compatible = settings.endpoint !== undefined;
  return new S3Client({
    region: settings.region,
    ...(compatible ? { endpoint: settings.endpoint, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    forcePathStyle: settings.forcePathStyle ?? false,
    maxAttempts: 3,
  });
}
