// Original file: protos/codeclab/v1/knowledge.proto

import type { Estimate as _codeclab_v1_Estimate, Estimate__Output as _codeclab_v1_Estimate__Output } from '../../codeclab/v1/Estimate';

/**
 * One estimate per quality metric.
 */
export interface MetricEstimates {
  'psnr'?: (_codeclab_v1_Estimate | null);
  'ssim'?: (_codeclab_v1_Estimate | null);
  'vmaf'?: (_codeclab_v1_Estimate | null);
}

/**
 * One estimate per quality metric.
 */
export interface MetricEstimates__Output {
  'psnr'?: (_codeclab_v1_Estimate__Output);
  'ssim'?: (_codeclab_v1_Estimate__Output);
  'vmaf'?: (_codeclab_v1_Estimate__Output);
}
