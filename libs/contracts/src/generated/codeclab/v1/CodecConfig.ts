// Original file: protos/codeclab/v1/types.proto

import type { CrfRateControl as _codeclab_v1_CrfRateControl, CrfRateControl__Output as _codeclab_v1_CrfRateControl__Output } from '../../codeclab/v1/CrfRateControl';
import type { BitrateRateControl as _codeclab_v1_BitrateRateControl, BitrateRateControl__Output as _codeclab_v1_BitrateRateControl__Output } from '../../codeclab/v1/BitrateRateControl';

/**
 * The `codec` strategy: one encoder on the real source.
 */
export interface CodecConfig {
  /**
   * ffmpeg encoder name: libx264, libx265, libsvtav1.
   */
  'encoder'?: (string);
  'preset'?: (string);
  'crf'?: (_codeclab_v1_CrfRateControl | null);
  'bitrate'?: (_codeclab_v1_BitrateRateControl | null);
  'gop'?: (number);
  'bFrames'?: (number);
  'pixelFormat'?: (string);
  'rateControl'?: "crf"|"bitrate";
  '_gop'?: "gop";
  '_bFrames'?: "bFrames";
}

/**
 * The `codec` strategy: one encoder on the real source.
 */
export interface CodecConfig__Output {
  /**
   * ffmpeg encoder name: libx264, libx265, libsvtav1.
   */
  'encoder'?: (string);
  'preset'?: (string);
  'crf'?: (_codeclab_v1_CrfRateControl__Output);
  'bitrate'?: (_codeclab_v1_BitrateRateControl__Output);
  'gop'?: (number);
  'bFrames'?: (number);
  'pixelFormat'?: (string);
  'rateControl'?: "crf"|"bitrate";
  '_gop'?: "gop";
  '_bFrames'?: "bFrames";
}
