// Original file: protos/codeclab/v1/types.proto


export interface BitrateRateControl {
  'kbps'?: (number);
  /**
   * 1 (one-pass average bitrate) or 2 (two-pass).
   */
  'passes'?: (number);
}

export interface BitrateRateControl__Output {
  'kbps'?: (number);
  /**
   * 1 (one-pass average bitrate) or 2 (two-pass).
   */
  'passes'?: (number);
}
