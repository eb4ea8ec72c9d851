// Original file: protos/codeclab/v1/types.proto


/**
 * VMAF pooled over the frames libvmaf scored. All but `available` and `reason` are set only when
 * available.
 */
export interface Vmaf {
  'available'?: (boolean);
  /**
   * Mean of the per-frame scores.
   */
  'mean'?: (number | string);
  /**
   * Why VMAF was not computed, when it was not.
   */
  'reason'?: (string);
  /**
   * vmaf_v0.6.1 or vmaf_v0.6.1neg.
   */
  'model'?: (string);
  /**
   * libvmaf's version, from its log.
   */
  'libvmafVersion'?: (string);
  /**
   * Every n-th frame was scored.
   */
  'subsample'?: (number);
  'scoredFrames'?: (number);
  /**
   * n / sum(1 / (score + 1)) - 1, as libvmaf pools it.
   */
  'harmonicMean'?: (number | string);
  /**
   * Mean of the worst 1% and 5% of scored frames (at least one frame).
   */
  'low1Percent'?: (number | string);
  'low5Percent'?: (number | string);
  'min'?: (number | string);
}

/**
 * VMAF pooled over the frames libvmaf scored. All but `available` and `reason` are set only when
 * available.
 */
export interface Vmaf__Output {
  'available'?: (boolean);
  /**
   * Mean of the per-frame scores.
   */
  'mean'?: (number);
  /**
   * Why VMAF was not computed, when it was not.
   */
  'reason'?: (string);
  /**
   * vmaf_v0.6.1 or vmaf_v0.6.1neg.
   */
  'model'?: (string);
  /**
   * libvmaf's version, from its log.
   */
  'libvmafVersion'?: (string);
  /**
   * Every n-th frame was scored.
   */
  'subsample'?: (number);
  'scoredFrames'?: (number);
  /**
   * n / sum(1 / (score + 1)) - 1, as libvmaf pools it.
   */
  'harmonicMean'?: (number);
  /**
   * Mean of the worst 1% and 5% of scored frames (at least one frame).
   */
  'low1Percent'?: (number);
  'low5Percent'?: (number);
  'min'?: (number);
}
