// Original file: protos/codeclab/v1/types.proto

import type { CodecConfig as _codeclab_v1_CodecConfig, CodecConfig__Output as _codeclab_v1_CodecConfig__Output } from '../../codeclab/v1/CodecConfig';

export interface ExperimentConfig {
  'codec'?: (_codeclab_v1_CodecConfig | null);
  'strategy'?: "codec";
}

export interface ExperimentConfig__Output {
  'codec'?: (_codeclab_v1_CodecConfig__Output);
  'strategy'?: "codec";
}
