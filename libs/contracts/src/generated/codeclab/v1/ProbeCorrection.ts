// Original file: protos/codeclab/v1/knowledge.proto

import type { Estimate as _codeclab_v1_Estimate, Estimate__Output as _codeclab_v1_Estimate__Output } from '../../codeclab/v1/Estimate';

/**
 * Full-length figures from a probe: full / probe bitrate as a log ratio, full - probe quality.
 */
export interface ProbeCorrection {
  'lnBitrateRatio'?: (_codeclab_v1_Estimate | null);
  'psnr'?: (_codeclab_v1_Estimate | null);
  'ssim'?: (_codeclab_v1_Estimate | null);
  'vmaf'?: (_codeclab_v1_Estimate | null);
  'pairs'?: (number);
  'basis'?: (string);
}

/**
 * Full-length figures from a probe: full / probe bitrate as a log ratio, full - probe quality.
 */
export interface ProbeCorrection__Output {
  'lnBitrateRatio'?: (_codeclab_v1_Estimate__Output);
  'psnr'?: (_codeclab_v1_Estimate__Output);
  'ssim'?: (_codeclab_v1_Estimate__Output);
  'vmaf'?: (_codeclab_v1_Estimate__Output);
  'pairs'?: (number);
  'basis'?: (string);
}
