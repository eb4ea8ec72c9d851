// Original file: protos/codeclab/v1/types.proto


export interface BitrateRateControl {
  'kbps'?: (number);
}

export interface BitrateRateControl__Output {
  'kbps'?: (number);
}
