// Original file: protos/codeclab/v1/types.proto

import type { MeanMax as _codeclab_v1_MeanMax, MeanMax__Output as _codeclab_v1_MeanMax__Output } from '../../codeclab/v1/MeanMax';

/**
 * Measured in one decode of the source's first frames (at most 1000, fewer for sources larger than
 * 1080p), scaled to analysis_scale pixels wide; agent-runner's MEASUREMENT.md defines each.
 */
export interface SourceFeatures {
  /**
   * ITU-T P.910 spatial and temporal information of luma (ffmpeg's siti), full-range 8-bit scale.
   */
  'spatialInfo'?: (_codeclab_v1_MeanMax | null);
  'temporalInfo'?: (_codeclab_v1_MeanMax | null);
  /**
   * RMS luma difference from a spatio-temporally denoised copy (hqdn3d), in 8-bit code values.
   */
  'noise'?: (number | string);
  /**
   * Seconds from the first frame of each detected scene cut, in order; at most the first 500.
   */
  'sceneCuts'?: (number | string)[];
  /**
   * Every scene cut detected, including those scene_cuts leaves out.
   */
  'sceneCutCount'?: (number);
  /**
   * Frames the analysis looked at.
   */
  'analysedFrames'?: (number);
  /**
   * Width in pixels the analysis ran at.
   */
  'analysisScale'?: (number);
}

/**
 * Measured in one decode of the source's first frames (at most 1000, fewer for sources larger than
 * 1080p), scaled to analysis_scale pixels wide; agent-runner's MEASUREMENT.md defines each.
 */
export interface SourceFeatures__Output {
  /**
   * ITU-T P.910 spatial and temporal information of luma (ffmpeg's siti), full-range 8-bit scale.
   */
  'spatialInfo'?: (_codeclab_v1_MeanMax__Output);
  'temporalInfo'?: (_codeclab_v1_MeanMax__Output);
  /**
   * RMS luma difference from a spatio-temporally denoised copy (hqdn3d), in 8-bit code values.
   */
  'noise'?: (number);
  /**
   * Seconds from the first frame of each detected scene cut, in order; at most the first 500.
   */
  'sceneCuts': (number)[];
  /**
   * Every scene cut detected, including those scene_cuts leaves out.
   */
  'sceneCutCount'?: (number);
  /**
   * Frames the analysis looked at.
   */
  'analysedFrames'?: (number);
  /**
   * Width in pixels the analysis ran at.
   */
  'analysisScale'?: (number);
}
