// Original file: protos/codeclab/v1/agent_runner.proto


/**
 * Per-frame quality, one entry per compared frame, in order. Frames are numbered from the start of
 * the source (probe segments keep their place in it).
 */
export interface FrameQuality {
  'frames'?: (number)[];
  /**
   * ffmpeg's per-frame psnr_avg, dB (100 for identical pictures).
   */
  'psnr'?: (number | string)[];
  /**
   * ffmpeg's per-frame SSIM All.
   */
  'ssim'?: (number | string)[];
  /**
   * The frames libvmaf scored (all of them, or every subsample-th) and their scores; empty
   * without VMAF.
   */
  'vmafFrames'?: (number)[];
  'vmaf'?: (number | string)[];
  'vmafModel'?: (string);
}

/**
 * Per-frame quality, one entry per compared frame, in order. Frames are numbered from the start of
 * the source (probe segments keep their place in it).
 */
export interface FrameQuality__Output {
  'frames': (number)[];
  /**
   * ffmpeg's per-frame psnr_avg, dB (100 for identical pictures).
   */
  'psnr': (number)[];
  /**
   * ffmpeg's per-frame SSIM All.
   */
  'ssim': (number)[];
  /**
   * The frames libvmaf scored (all of them, or every subsample-th) and their scores; empty
   * without VMAF.
   */
  'vmafFrames': (number)[];
  'vmaf': (number)[];
  'vmafModel'?: (string);
}
