// Original file: protos/codeclab/v1/types.proto

import type { Psnr as _codeclab_v1_Psnr, Psnr__Output as _codeclab_v1_Psnr__Output } from '../../codeclab/v1/Psnr';
import type { Ssim as _codeclab_v1_Ssim, Ssim__Output as _codeclab_v1_Ssim__Output } from '../../codeclab/v1/Ssim';
import type { Vmaf as _codeclab_v1_Vmaf, Vmaf__Output as _codeclab_v1_Vmaf__Output } from '../../codeclab/v1/Vmaf';
import type { FfmpegBuild as _codeclab_v1_FfmpegBuild, FfmpegBuild__Output as _codeclab_v1_FfmpegBuild__Output } from '../../codeclab/v1/FfmpegBuild';
import type { Long } from '@grpc/proto-loader';

export interface _codeclab_v1_ExperimentResult_ParameterStorageReport {
  /**
   * One line per layer of the fitted scene description.
   */
  'layers'?: (string)[];
  /**
   * What the fit could not explain or was not allowed to use.
   */
  'notFitted'?: (string)[];
  'sceneBytes'?: (number | string | Long);
  'residualBytes'?: (number | string | Long);
  /**
   * PSNR (average) of the rendered description alone, before any residual.
   */
  'fitPsnrAvg'?: (number | string);
  'fitSeconds'?: (number | string);
}

export interface _codeclab_v1_ExperimentResult_ParameterStorageReport__Output {
  /**
   * One line per layer of the fitted scene description.
   */
  'layers': (string)[];
  /**
   * What the fit could not explain or was not allowed to use.
   */
  'notFitted': (string)[];
  'sceneBytes'?: (number);
  'residualBytes'?: (number);
  /**
   * PSNR (average) of the rendered description alone, before any residual.
   */
  'fitPsnrAvg'?: (number);
  'fitSeconds'?: (number);
}

export interface _codeclab_v1_ExperimentResult_Segment {
  /**
   * Presentation time of the segment's first source frame, seconds from the source's start.
   */
  'startSeconds'?: (number | string);
  'durationSeconds'?: (number | string);
  'frames'?: (number);
  'bytes'?: (number | string | Long);
  'psnrAvg'?: (number | string);
  'ssimAll'?: (number | string);
  'artifactUri'?: (string);
  'artifactSha256'?: (string);
  /**
   * Set where VMAF was measured.
   */
  'vmafMean'?: (number | string);
  '_vmafMean'?: "vmafMean";
}

export interface _codeclab_v1_ExperimentResult_Segment__Output {
  /**
   * Presentation time of the segment's first source frame, seconds from the source's start.
   */
  'startSeconds'?: (number);
  'durationSeconds'?: (number);
  'frames'?: (number);
  'bytes'?: (number);
  'psnrAvg'?: (number);
  'ssimAll'?: (number);
  'artifactUri'?: (string);
  'artifactSha256'?: (string);
  /**
   * Set where VMAF was measured.
   */
  'vmafMean'?: (number);
  '_vmafMean'?: "vmafMean";
}

/**
 * Measured from the artifact: bytes x 8 / the video stream's own duration; quality from one decode
 * of the artifact against the source (agent-runner's MEASUREMENT.md).
 */
export interface ExperimentResult {
  'bytes'?: (number | string | Long);
  /**
   * The artifact's video stream's duration, from its packets.
   */
  'durationSeconds'?: (number | string);
  'bitrateBps'?: (number | string);
  'width'?: (number);
  'height'?: (number);
  'frames'?: (number);
  'sourceFrames'?: (number);
  'psnr'?: (_codeclab_v1_Psnr | null);
  'ssim'?: (_codeclab_v1_Ssim | null);
  'vmaf'?: (_codeclab_v1_Vmaf | null);
  'encodeSeconds'?: (number | string);
  'encodeFps'?: (number | string);
  'measureSeconds'?: (number | string);
  'artifactUri'?: (string);
  'artifactSha256'?: (string);
  /**
   * full or probe.
   */
  'mode'?: (string);
  'ffmpegVersion'?: (string);
  /**
   * Probe mode only (empty for full): the segments measured. bytes, duration_seconds and frames
   * are then their sums, and artifact_uri names a JSON manifest of them.
   */
  'segments'?: (_codeclab_v1_ExperimentResult_Segment)[];
  /**
   * The ffmpeg that encoded and the one that measured (they differ where the encoding build has no
   * libvmaf and a separate metrics build does).
   */
  'encoderFfmpeg'?: (_codeclab_v1_FfmpegBuild | null);
  'meterFfmpeg'?: (_codeclab_v1_FfmpegBuild | null);
  /**
   * Parameter-storage experiments only: what was fit and how the artifact's bytes split.
   */
  'parameterStorage'?: (_codeclab_v1_ExperimentResult_ParameterStorageReport | null);
}

/**
 * Measured from the artifact: bytes x 8 / the video stream's own duration; quality from one decode
 * of the artifact against the source (agent-runner's MEASUREMENT.md).
 */
export interface ExperimentResult__Output {
  'bytes'?: (number);
  /**
   * The artifact's video stream's duration, from its packets.
   */
  'durationSeconds'?: (number);
  'bitrateBps'?: (number);
  'width'?: (number);
  'height'?: (number);
  'frames'?: (number);
  'sourceFrames'?: (number);
  'psnr'?: (_codeclab_v1_Psnr__Output);
  'ssim'?: (_codeclab_v1_Ssim__Output);
  'vmaf'?: (_codeclab_v1_Vmaf__Output);
  'encodeSeconds'?: (number);
  'encodeFps'?: (number);
  'measureSeconds'?: (number);
  'artifactUri'?: (string);
  'artifactSha256'?: (string);
  /**
   * full or probe.
   */
  'mode'?: (string);
  'ffmpegVersion'?: (string);
  /**
   * Probe mode only (empty for full): the segments measured. bytes, duration_seconds and frames
   * are then their sums, and artifact_uri names a JSON manifest of them.
   */
  'segments': (_codeclab_v1_ExperimentResult_Segment__Output)[];
  /**
   * The ffmpeg that encoded and the one that measured (they differ where the encoding build has no
   * libvmaf and a separate metrics build does).
   */
  'encoderFfmpeg'?: (_codeclab_v1_FfmpegBuild__Output);
  'meterFfmpeg'?: (_codeclab_v1_FfmpegBuild__Output);
  /**
   * Parameter-storage experiments only: what was fit and how the artifact's bytes split.
   */
  'parameterStorage'?: (_codeclab_v1_ExperimentResult_ParameterStorageReport__Output);
}
