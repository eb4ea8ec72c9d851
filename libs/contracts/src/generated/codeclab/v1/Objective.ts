// Original file: protos/codeclab/v1/types.proto

import type { Constraints as _codeclab_v1_Constraints, Constraints__Output as _codeclab_v1_Constraints__Output } from '../../codeclab/v1/Constraints';

/**
 * What a campaign looks for (the domain's ObjectiveSchema). `kind` says which fields apply; an
 * objective without a kind (as every caller sent before kinds existed) is a bitrate budget.
 */
export interface Objective {
  /**
   * quality-at-bitrate and its bitrate budget in Mbps.
   */
  'targetBitrateMbps'?: (number | string);
  /**
   * psnr, ssim or vmaf.
   */
  'metric'?: (string);
  /**
   * quality-at-bitrate: the minimum acceptable quality, in the metric's unit.
   */
  'minQuality'?: (number | string);
  /**
   * quality-at-bitrate (also when empty), bitrate-at-quality or pareto.
   */
  'kind'?: (string);
  /**
   * quality-at-bitrate: the fraction over the budget still accepted (0, strict, when absent).
   */
  'tolerance'?: (number | string);
  /**
   * bitrate-at-quality: the quality an answer must reach, in the metric's unit.
   */
  'targetQuality'?: (number | string);
  /**
   * pareto: the front is reported for bitrates up to this, in Mbps.
   */
  'maxBitrateMbps'?: (number | string);
  /**
   * Limits every answer must respect, whatever the kind; absent: none.
   */
  'constraints'?: (_codeclab_v1_Constraints | null);
  '_minQuality'?: "minQuality";
  '_targetQuality'?: "targetQuality";
  '_maxBitrateMbps'?: "maxBitrateMbps";
}

/**
 * What a campaign looks for (the domain's ObjectiveSchema). `kind` says which fields apply; an
 * objective without a kind (as every caller sent before kinds existed) is a bitrate budget.
 */
export interface Objective__Output {
  /**
   * quality-at-bitrate and its bitrate budget in Mbps.
   */
  'targetBitrateMbps'?: (number);
  /**
   * psnr, ssim or vmaf.
   */
  'metric'?: (string);
  /**
   * quality-at-bitrate: the minimum acceptable quality, in the metric's unit.
   */
  'minQuality'?: (number);
  /**
   * quality-at-bitrate (also when empty), bitrate-at-quality or pareto.
   */
  'kind'?: (string);
  /**
   * quality-at-bitrate: the fraction over the budget still accepted (0, strict, when absent).
   */
  'tolerance'?: (number);
  /**
   * bitrate-at-quality: the quality an answer must reach, in the metric's unit.
   */
  'targetQuality'?: (number);
  /**
   * pareto: the front is reported for bitrates up to this, in Mbps.
   */
  'maxBitrateMbps'?: (number);
  /**
   * Limits every answer must respect, whatever the kind; absent: none.
   */
  'constraints'?: (_codeclab_v1_Constraints__Output);
  '_minQuality'?: "minQuality";
  '_targetQuality'?: "targetQuality";
  '_maxBitrateMbps'?: "maxBitrateMbps";
}
