// Original file: protos/codeclab/v1/types.proto


export interface QualityEstimate {
  'value'?: (number | string);
  /**
   * One standard deviation, in the metric's unit.
   */
  'sigma'?: (number | string);
  /**
   * psnr, ssim or vmaf.
   */
  'metric'?: (string);
}

export interface QualityEstimate__Output {
  'value'?: (number);
  /**
   * One standard deviation, in the metric's unit.
   */
  'sigma'?: (number);
  /**
   * psnr, ssim or vmaf.
   */
  'metric'?: (string);
}
