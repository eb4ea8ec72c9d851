// Original file: protos/codeclab/v1/agent_runner.proto

import type { Source as _codeclab_v1_Source, Source__Output as _codeclab_v1_Source__Output } from '../../codeclab/v1/Source';
import type { SourceDescription as _codeclab_v1_SourceDescription, SourceDescription__Output as _codeclab_v1_SourceDescription__Output } from '../../codeclab/v1/SourceDescription';

export interface UploadedSource {
  /**
   * The source to name in a campaign: {s3: {uri: "s3://<upload bucket>/sources/<sha256>"}}.
   */
  'source'?: (_codeclab_v1_Source | null);
  'description'?: (_codeclab_v1_SourceDescription | null);
  /**
   * True when an identical file had been uploaded before (same sha256): nothing was stored again.
   */
  'existing'?: (boolean);
}

export interface UploadedSource__Output {
  /**
   * The source to name in a campaign: {s3: {uri: "s3://<upload bucket>/sources/<sha256>"}}.
   */
  'source'?: (_codeclab_v1_Source__Output);
  'description'?: (_codeclab_v1_SourceDescription__Output);
  /**
   * True when an identical file had been uploaded before (same sha256): nothing was stored again.
   */
  'existing'?: (boolean);
}
