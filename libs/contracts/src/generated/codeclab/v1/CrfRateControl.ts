// Original file: protos/codeclab/v1/types.proto


export interface CrfRateControl {
  'crf'?: (number);
}

export interface CrfRateControl__Output {
  'crf'?: (number);
}
