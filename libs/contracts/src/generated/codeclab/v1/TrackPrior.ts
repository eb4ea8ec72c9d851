// Original file: protos/codeclab/v1/knowledge.proto

import type { Estimate as _codeclab_v1_Estimate, Estimate__Output as _codeclab_v1_Estimate__Output } from '../../codeclab/v1/Estimate';
import type { MetricEstimates as _codeclab_v1_MetricEstimates, MetricEstimates__Output as _codeclab_v1_MetricEstimates__Output } from '../../codeclab/v1/MetricEstimates';

/**
 * A track's prior (encoder and preset, everything else default), relative to the reference track
 * on the same source.
 */
export interface TrackPrior {
  'encoder'?: (string);
  'preset'?: (string);
  /**
   * The CRF at which this track spends what the reference spends at its reference CRF.
   */
  'equivalentCrf'?: (_codeclab_v1_Estimate | null);
  /**
   * d ln(bitrate) / d CRF.
   */
  'rateSlope'?: (_codeclab_v1_Estimate | null);
  /**
   * Quality above the reference's at the same bitrate.
   */
  'gain'?: (_codeclab_v1_MetricEstimates | null);
  /**
   * d quality / d ln(bitrate).
   */
  'qualitySlope'?: (_codeclab_v1_MetricEstimates | null);
  /**
   * ln(encode seconds / the reference's).
   */
  'logCost'?: (_codeclab_v1_Estimate | null);
}

/**
 * A track's prior (encoder and preset, everything else default), relative to the reference track
 * on the same source.
 */
export interface TrackPrior__Output {
  'encoder'?: (string);
  'preset'?: (string);
  /**
   * The CRF at which this track spends what the reference spends at its reference CRF.
   */
  'equivalentCrf'?: (_codeclab_v1_Estimate__Output);
  /**
   * d ln(bitrate) / d CRF.
   */
  'rateSlope'?: (_codeclab_v1_Estimate__Output);
  /**
   * Quality above the reference's at the same bitrate.
   */
  'gain'?: (_codeclab_v1_MetricEstimates__Output);
  /**
   * d quality / d ln(bitrate).
   */
  'qualitySlope'?: (_codeclab_v1_MetricEstimates__Output);
  /**
   * ln(encode seconds / the reference's).
   */
  'logCost'?: (_codeclab_v1_Estimate__Output);
}
