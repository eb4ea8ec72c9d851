// Original file: protos/codeclab/v1/types.proto

import type { CrfRateControl as _codeclab_v1_CrfRateControl, CrfRateControl__Output as _codeclab_v1_CrfRateControl__Output } from '../../codeclab/v1/CrfRateControl';
import type { BitrateRateControl as _codeclab_v1_BitrateRateControl, BitrateRateControl__Output as _codeclab_v1_BitrateRateControl__Output } from '../../codeclab/v1/BitrateRateControl';
import type { Resolution as _codeclab_v1_Resolution, Resolution__Output as _codeclab_v1_Resolution__Output } from '../../codeclab/v1/Resolution';

/**
 * The `codec` strategy: one encoder on the real source.
 */
export interface CodecConfig {
  /**
   * ffmpeg encoder name: libx264, libx265, libsvtav1, libaom-av1, libvpx-vp9, h264_nvenc,
   * hevc_nvenc, av1_nvenc.
   */
  'encoder'?: (string);
  'preset'?: (string);
  'crf'?: (_codeclab_v1_CrfRateControl | null);
  'bitrate'?: (_codeclab_v1_BitrateRateControl | null);
  'gop'?: (number);
  'bFrames'?: (number);
  /**
   * yuv420p or yuv420p10le.
   */
  'pixelFormat'?: (string);
  'tune'?: (string);
  /**
   * Encode at this size; quality is measured at the source size after scaling back up.
   */
  'resolution'?: (_codeclab_v1_Resolution | null);
  /**
   * SVT-AV1 film-grain synthesis strength.
   */
  'filmGrain'?: (number);
  /**
   * Allowlisted encoder-specific options (names and ranges in the domain's ENCODERS table).
   */
  'options'?: ({[key: string]: number | string});
  'rateControl'?: "crf"|"bitrate";
  '_gop'?: "gop";
  '_bFrames'?: "bFrames";
  '_tune'?: "tune";
  '_filmGrain'?: "filmGrain";
}

/**
 * The `codec` strategy: one encoder on the real source.
 */
export interface CodecConfig__Output {
  /**
   * ffmpeg encoder name: libx264, libx265, libsvtav1, libaom-av1, libvpx-vp9, h264_nvenc,
   * hevc_nvenc, av1_nvenc.
   */
  'encoder'?: (string);
  'preset'?: (string);
  'crf'?: (_codeclab_v1_CrfRateControl__Output);
  'bitrate'?: (_codeclab_v1_BitrateRateControl__Output);
  'gop'?: (number);
  'bFrames'?: (number);
  /**
   * yuv420p or yuv420p10le.
   */
  'pixelFormat'?: (string);
  'tune'?: (string);
  /**
   * Encode at this size; quality is measured at the source size after scaling back up.
   */
  'resolution'?: (_codeclab_v1_Resolution__Output);
  /**
   * SVT-AV1 film-grain synthesis strength.
   */
  'filmGrain'?: (number);
  /**
   * Allowlisted encoder-specific options (names and ranges in the domain's ENCODERS table).
   */
  'options'?: ({[key: string]: number});
  'rateControl'?: "crf"|"bitrate";
  '_gop'?: "gop";
  '_bFrames'?: "bFrames";
  '_tune'?: "tune";
  '_filmGrain'?: "filmGrain";
}
