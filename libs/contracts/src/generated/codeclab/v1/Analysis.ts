// Original file: protos/codeclab/v1/types.proto

import type { PredictionCheck as _codeclab_v1_PredictionCheck, PredictionCheck__Output as _codeclab_v1_PredictionCheck__Output } from '../../codeclab/v1/PredictionCheck';

export interface Analysis {
  'summary'?: (string);
  'rootCause'?: (string);
  'insights'?: (string)[];
  'nextStep'?: (string);
  'origin'?: (string);
  'model'?: (string);
  'latencyMs'?: (number | string);
  'fallbackReason'?: (string);
  'rawOutput'?: (string);
  'tokens'?: (number);
  /**
   * Set where the analysed proposal carried a prediction.
   */
  'predictionCheck'?: (_codeclab_v1_PredictionCheck | null);
  /**
   * Set where the analysed proposal carried the planner's prediction (planner_prediction).
   */
  'plannerPredictionCheck'?: (_codeclab_v1_PredictionCheck | null);
  '_model'?: "model";
  '_latencyMs'?: "latencyMs";
  '_fallbackReason'?: "fallbackReason";
  '_rawOutput'?: "rawOutput";
  '_tokens'?: "tokens";
}

export interface Analysis__Output {
  'summary'?: (string);
  'rootCause'?: (string);
  'insights': (string)[];
  'nextStep'?: (string);
  'origin'?: (string);
  'model'?: (string);
  'latencyMs'?: (number);
  'fallbackReason'?: (string);
  'rawOutput'?: (string);
  'tokens'?: (number);
  /**
   * Set where the analysed proposal carried a prediction.
   */
  'predictionCheck'?: (_codeclab_v1_PredictionCheck__Output);
  /**
   * Set where the analysed proposal carried the planner's prediction (planner_prediction).
   */
  'plannerPredictionCheck'?: (_codeclab_v1_PredictionCheck__Output);
  '_model'?: "model";
  '_latencyMs'?: "latencyMs";
  '_fallbackReason'?: "fallbackReason";
  '_rawOutput'?: "rawOutput";
  '_tokens'?: "tokens";
}
