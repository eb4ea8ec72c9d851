// Original file: protos/codeclab/v1/types.proto


export interface Resolution {
  'width'?: (number);
  'height'?: (number);
}

export interface Resolution__Output {
  'width'?: (number);
  'height'?: (number);
}
