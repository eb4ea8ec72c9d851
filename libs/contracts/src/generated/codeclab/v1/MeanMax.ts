// Original file: protos/codeclab/v1/types.proto


/**
 * The mean and the largest value of a per-frame measure over the analysed frames.
 */
export interface MeanMax {
  'mean'?: (number | string);
  'max'?: (number | string);
}

/**
 * The mean and the largest value of a per-frame measure over the analysed frames.
 */
export interface MeanMax__Output {
  'mean'?: (number);
  'max'?: (number);
}
