// Original file: protos/codeclab/v1/types.proto


/**
 * One ffmpeg binary: its banner version and the sha256 of the file.
 */
export interface FfmpegBuild {
  'version'?: (string);
  'sha256'?: (string);
}

/**
 * One ffmpeg binary: its banner version and the sha256 of the file.
 */
export interface FfmpegBuild__Output {
  'version'?: (string);
  'sha256'?: (string);
}
