// Original file: protos/codeclab/v1/agent_runner.proto

import type { Progress as _codeclab_v1_Progress, Progress__Output as _codeclab_v1_Progress__Output } from '../../codeclab/v1/Progress';
import type { ExperimentResult as _codeclab_v1_ExperimentResult, ExperimentResult__Output as _codeclab_v1_ExperimentResult__Output } from '../../codeclab/v1/ExperimentResult';

export interface RunEvent {
  'progress'?: (_codeclab_v1_Progress | null);
  'result'?: (_codeclab_v1_ExperimentResult | null);
  'event'?: "progress"|"result";
}

export interface RunEvent__Output {
  'progress'?: (_codeclab_v1_Progress__Output);
  'result'?: (_codeclab_v1_ExperimentResult__Output);
  'event'?: "progress"|"result";
}
