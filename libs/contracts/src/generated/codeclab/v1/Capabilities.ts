// Original file: protos/codeclab/v1/types.proto

import type { EncoderCapability as _codeclab_v1_EncoderCapability, EncoderCapability__Output as _codeclab_v1_EncoderCapability__Output } from '../../codeclab/v1/EncoderCapability';

/**
 * What a runner offers (GetCapabilities), carried unchanged to the analyst.
 */
export interface Capabilities {
  'encoders'?: (_codeclab_v1_EncoderCapability)[];
  'vmafAvailable'?: (boolean);
  'ffmpegVersion'?: (string);
  'maxConcurrent'?: (number);
  /**
   * The GPU's name where one is present (nvidia-smi), else empty.
   */
  'gpuName'?: (string);
  /**
   * VMAF models that scored a trial frame (empty when VMAF is not available).
   */
  'vmafModels'?: (string)[];
  /**
   * Version of the ffmpeg that measures (ffmpeg_version is the one that encodes).
   */
  'meterFfmpegVersion'?: (string);
}

/**
 * What a runner offers (GetCapabilities), carried unchanged to the analyst.
 */
export interface Capabilities__Output {
  'encoders': (_codeclab_v1_EncoderCapability__Output)[];
  'vmafAvailable'?: (boolean);
  'ffmpegVersion'?: (string);
  'maxConcurrent'?: (number);
  /**
   * The GPU's name where one is present (nvidia-smi), else empty.
   */
  'gpuName'?: (string);
  /**
   * VMAF models that scored a trial frame (empty when VMAF is not available).
   */
  'vmafModels': (string)[];
  /**
   * Version of the ffmpeg that measures (ffmpeg_version is the one that encodes).
   */
  'meterFfmpegVersion'?: (string);
}
