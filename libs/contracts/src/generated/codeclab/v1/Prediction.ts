// Original file: protos/codeclab/v1/types.proto

import type { QualityEstimate as _codeclab_v1_QualityEstimate, QualityEstimate__Output as _codeclab_v1_QualityEstimate__Output } from '../../codeclab/v1/QualityEstimate';

/**
 * A proposer's expectation of one experiment (the domain's PredictionSchema).
 */
export interface Prediction {
  'bitrateBps'?: (number | string);
  /**
   * One standard deviation of the bitrate, as a fraction (0.1 is +-10%).
   */
  'bitrateSigma'?: (number | string);
  'quality'?: (_codeclab_v1_QualityEstimate | null);
  'encodeSeconds'?: (number | string);
  /**
   * Expected gain of the campaign's answer per second of encoding.
   */
  'gainPerSecond'?: (number | string);
  /**
   * Where the numbers come from.
   */
  'basis'?: (string);
  '_gainPerSecond'?: "gainPerSecond";
}

/**
 * A proposer's expectation of one experiment (the domain's PredictionSchema).
 */
export interface Prediction__Output {
  'bitrateBps'?: (number);
  /**
   * One standard deviation of the bitrate, as a fraction (0.1 is +-10%).
   */
  'bitrateSigma'?: (number);
  'quality'?: (_codeclab_v1_QualityEstimate__Output);
  'encodeSeconds'?: (number);
  /**
   * Expected gain of the campaign's answer per second of encoding.
   */
  'gainPerSecond'?: (number);
  /**
   * Where the numbers come from.
   */
  'basis'?: (string);
  '_gainPerSecond'?: "gainPerSecond";
}
