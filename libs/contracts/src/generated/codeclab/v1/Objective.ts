// Original file: protos/codeclab/v1/types.proto


export interface Objective {
  'targetBitrateMbps'?: (number | string);
  /**
   * psnr, ssim or vmaf.
   */
  'metric'?: (string);
  'minQuality'?: (number | string);
  '_minQuality'?: "minQuality";
}

export interface Objective__Output {
  'targetBitrateMbps'?: (number);
  /**
   * psnr, ssim or vmaf.
   */
  'metric'?: (string);
  'minQuality'?: (number);
  '_minQuality'?: "minQuality";
}
