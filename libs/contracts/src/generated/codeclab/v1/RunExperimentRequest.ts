// Original file: protos/codeclab/v1/agent_runner.proto

import type { Source as _codeclab_v1_Source, Source__Output as _codeclab_v1_Source__Output } from '../../codeclab/v1/Source';
import type { ExperimentConfig as _codeclab_v1_ExperimentConfig, ExperimentConfig__Output as _codeclab_v1_ExperimentConfig__Output } from '../../codeclab/v1/ExperimentConfig';

export interface RunExperimentRequest {
  /**
   * Names the artifact folder; letters, digits, '-' and '_' only.
   */
  'experimentId'?: (string);
  'source'?: (_codeclab_v1_Source | null);
  'config'?: (_codeclab_v1_ExperimentConfig | null);
}

export interface RunExperimentRequest__Output {
  /**
   * Names the artifact folder; letters, digits, '-' and '_' only.
   */
  'experimentId'?: (string);
  'source'?: (_codeclab_v1_Source__Output);
  'config'?: (_codeclab_v1_ExperimentConfig__Output);
}
