// Original file: protos/codeclab/v1/types.proto


/**
 * A proposal's prediction beside what was measured.
 */
export interface PredictionCheck {
  /**
   * measured / predicted bitrate - 1.
   */
  'bitrateError'?: (number | string);
  /**
   * measured - predicted quality, in the metric's unit.
   */
  'qualityError'?: (number | string);
  /**
   * The quality error in predicted standard deviations.
   */
  'qualitySigmas'?: (number | string);
  /**
   * measured / predicted encode seconds.
   */
  'encodeSecondsRatio'?: (number | string);
}

/**
 * A proposal's prediction beside what was measured.
 */
export interface PredictionCheck__Output {
  /**
   * measured / predicted bitrate - 1.
   */
  'bitrateError'?: (number);
  /**
   * measured - predicted quality, in the metric's unit.
   */
  'qualityError'?: (number);
  /**
   * The quality error in predicted standard deviations.
   */
  'qualitySigmas'?: (number);
  /**
   * measured / predicted encode seconds.
   */
  'encodeSecondsRatio'?: (number);
}
