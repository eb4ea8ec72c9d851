// Original file: protos/codeclab/v1/types.proto

import type { ExperimentConfig as _codeclab_v1_ExperimentConfig, ExperimentConfig__Output as _codeclab_v1_ExperimentConfig__Output } from '../../codeclab/v1/ExperimentConfig';
import type { ExperimentResult as _codeclab_v1_ExperimentResult, ExperimentResult__Output as _codeclab_v1_ExperimentResult__Output } from '../../codeclab/v1/ExperimentResult';
import type { Failure as _codeclab_v1_Failure, Failure__Output as _codeclab_v1_Failure__Output } from '../../codeclab/v1/Failure';
import type { Prediction as _codeclab_v1_Prediction, Prediction__Output as _codeclab_v1_Prediction__Output } from '../../codeclab/v1/Prediction';

/**
 * One experiment of a campaign as the analyst sees it.
 */
export interface ExperimentRecord {
  'seq'?: (number);
  'config'?: (_codeclab_v1_ExperimentConfig | null);
  'configHash'?: (string);
  /**
   * queued, running, succeeded or failed.
   */
  'status'?: (string);
  'result'?: (_codeclab_v1_ExperimentResult | null);
  'failure'?: (_codeclab_v1_Failure | null);
  'origin'?: (string);
  'hypothesis'?: (string);
  /**
   * What the proposer predicted this experiment would measure, where it said.
   */
  'prediction'?: (_codeclab_v1_Prediction | null);
  /**
   * The planner's prediction for the same config, where a language model proposed it.
   */
  'plannerPrediction'?: (_codeclab_v1_Prediction | null);
}

/**
 * One experiment of a campaign as the analyst sees it.
 */
export interface ExperimentRecord__Output {
  'seq'?: (number);
  'config'?: (_codeclab_v1_ExperimentConfig__Output);
  'configHash'?: (string);
  /**
   * queued, running, succeeded or failed.
   */
  'status'?: (string);
  'result'?: (_codeclab_v1_ExperimentResult__Output);
  'failure'?: (_codeclab_v1_Failure__Output);
  'origin'?: (string);
  'hypothesis'?: (string);
  /**
   * What the proposer predicted this experiment would measure, where it said.
   */
  'prediction'?: (_codeclab_v1_Prediction__Output);
  /**
   * The planner's prediction for the same config, where a language model proposed it.
   */
  'plannerPrediction'?: (_codeclab_v1_Prediction__Output);
}
