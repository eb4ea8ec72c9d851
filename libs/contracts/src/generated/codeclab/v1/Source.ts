// Original file: protos/codeclab/v1/types.proto

import type { SyntheticSource as _codeclab_v1_SyntheticSource, SyntheticSource__Output as _codeclab_v1_SyntheticSource__Output } from '../../codeclab/v1/SyntheticSource';
import type { FileSource as _codeclab_v1_FileSource, FileSource__Output as _codeclab_v1_FileSource__Output } from '../../codeclab/v1/FileSource';
import type { S3Source as _codeclab_v1_S3Source, S3Source__Output as _codeclab_v1_S3Source__Output } from '../../codeclab/v1/S3Source';

export interface Source {
  'synthetic'?: (_codeclab_v1_SyntheticSource | null);
  'file'?: (_codeclab_v1_FileSource | null);
  's3'?: (_codeclab_v1_S3Source | null);
  'kind'?: "synthetic"|"file"|"s3";
}

export interface Source__Output {
  'synthetic'?: (_codeclab_v1_SyntheticSource__Output);
  'file'?: (_codeclab_v1_FileSource__Output);
  's3'?: (_codeclab_v1_S3Source__Output);
  'kind'?: "synthetic"|"file"|"s3";
}
