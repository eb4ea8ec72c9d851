// Original file: protos/codeclab/v1/types.proto

import type { ExperimentConfig as _codeclab_v1_ExperimentConfig, ExperimentConfig__Output as _codeclab_v1_ExperimentConfig__Output } from '../../codeclab/v1/ExperimentConfig';
import type { Prediction as _codeclab_v1_Prediction, Prediction__Output as _codeclab_v1_Prediction__Output } from '../../codeclab/v1/Prediction';

export interface Proposal {
  'hypothesis'?: (string);
  'rationale'?: (string);
  'config'?: (_codeclab_v1_ExperimentConfig | null);
  'expectedBitrateBps'?: (number | string);
  /**
   * baseline, planner, llm or fallback.
   */
  'origin'?: (string);
  'model'?: (string);
  'validationErrors'?: (string)[];
  'fallbackReason'?: (string);
  'tokens'?: (number);
  'latencyMs'?: (number | string);
  /**
   * The language model's answer, verbatim (truncated), when one was asked.
   */
  'rawOutput'?: (string);
  /**
   * What the proposer expects the experiment to measure; absent when it made no prediction.
   */
  'prediction'?: (_codeclab_v1_Prediction | null);
  /**
   * The planner's prediction for the same config, kept beside a language model's proposal;
   * absent where the planner proposed (its prediction is `prediction`) or cannot model the config.
   */
  'plannerPrediction'?: (_codeclab_v1_Prediction | null);
  '_expectedBitrateBps'?: "expectedBitrateBps";
  '_model'?: "model";
  '_fallbackReason'?: "fallbackReason";
  '_tokens'?: "tokens";
  '_latencyMs'?: "latencyMs";
  '_rawOutput'?: "rawOutput";
}

export interface Proposal__Output {
  'hypothesis'?: (string);
  'rationale'?: (string);
  'config'?: (_codeclab_v1_ExperimentConfig__Output);
  'expectedBitrateBps'?: (number);
  /**
   * baseline, planner, llm or fallback.
   */
  'origin'?: (string);
  'model'?: (string);
  'validationErrors': (string)[];
  'fallbackReason'?: (string);
  'tokens'?: (number);
  'latencyMs'?: (number);
  /**
   * The language model's answer, verbatim (truncated), when one was asked.
   */
  'rawOutput'?: (string);
  /**
   * What the proposer expects the experiment to measure; absent when it made no prediction.
   */
  'prediction'?: (_codeclab_v1_Prediction__Output);
  /**
   * The planner's prediction for the same config, kept beside a language model's proposal;
   * absent where the planner proposed (its prediction is `prediction`) or cannot model the config.
   */
  'plannerPrediction'?: (_codeclab_v1_Prediction__Output);
  '_expectedBitrateBps'?: "expectedBitrateBps";
  '_model'?: "model";
  '_fallbackReason'?: "fallbackReason";
  '_tokens'?: "tokens";
  '_latencyMs'?: "latencyMs";
  '_rawOutput'?: "rawOutput";
}
