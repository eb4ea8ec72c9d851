// Original file: protos/codeclab/v1/types.proto


export interface FileSource {
  /**
   * Path relative to one of the runner's media roots.
   */
  'path'?: (string);
}

export interface FileSource__Output {
  /**
   * Path relative to one of the runner's media roots.
   */
  'path'?: (string);
}
