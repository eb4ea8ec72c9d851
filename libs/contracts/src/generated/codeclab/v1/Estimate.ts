// Original file: protos/codeclab/v1/knowledge.proto


/**
 * A value with one standard deviation of its spread.
 */
export interface Estimate {
  'mean'?: (number | string);
  'sd'?: (number | string);
}

/**
 * A value with one standard deviation of its spread.
 */
export interface Estimate__Output {
  'mean'?: (number);
  'sd'?: (number);
}
