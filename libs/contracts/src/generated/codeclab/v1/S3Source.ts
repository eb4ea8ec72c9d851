// Original file: protos/codeclab/v1/types.proto


/**
 * An object in an S3-compatible store: `s3://bucket/key`, the bucket one the lab allows
 * (MEDIA_BUCKETS). The runner copies it to its source cache before ffmpeg opens it.
 */
export interface S3Source {
  'uri'?: (string);
}

/**
 * An object in an S3-compatible store: `s3://bucket/key`, the bucket one the lab allows
 * (MEDIA_BUCKETS). The runner copies it to its source cache before ffmpeg opens it.
 */
export interface S3Source__Output {
  'uri'?: (string);
}
