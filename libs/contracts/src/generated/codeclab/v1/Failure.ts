// Original file: protos/codeclab/v1/types.proto


export interface Failure {
  'code'?: (string);
  'message'?: (string);
}

export interface Failure__Output {
  'code'?: (string);
  'message'?: (string);
}
