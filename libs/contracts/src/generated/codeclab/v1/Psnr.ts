// Original file: protos/codeclab/v1/types.proto


export interface Psnr {
  'y'?: (number | string);
  'u'?: (number | string);
  'v'?: (number | string);
  'avg'?: (number | string);
}

export interface Psnr__Output {
  'y'?: (number);
  'u'?: (number);
  'v'?: (number);
  'avg'?: (number);
}
