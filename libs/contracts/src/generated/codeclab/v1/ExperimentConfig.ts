// Original file: protos/codeclab/v1/types.proto

import type { CodecConfig as _codeclab_v1_CodecConfig, CodecConfig__Output as _codeclab_v1_CodecConfig__Output } from '../../codeclab/v1/CodecConfig';
import type { ParameterStorageConfig as _codeclab_v1_ParameterStorageConfig, ParameterStorageConfig__Output as _codeclab_v1_ParameterStorageConfig__Output } from '../../codeclab/v1/ParameterStorageConfig';

export interface ExperimentConfig {
  'codec'?: (_codeclab_v1_CodecConfig | null);
  'parameterStorage'?: (_codeclab_v1_ParameterStorageConfig | null);
  'strategy'?: "codec"|"parameterStorage";
}

export interface ExperimentConfig__Output {
  'codec'?: (_codeclab_v1_CodecConfig__Output);
  'parameterStorage'?: (_codeclab_v1_ParameterStorageConfig__Output);
  'strategy'?: "codec"|"parameterStorage";
}
