// Original file: protos/codeclab/v1/types.proto


export interface Ssim {
  'y'?: (number | string);
  'u'?: (number | string);
  'v'?: (number | string);
  'all'?: (number | string);
}

export interface Ssim__Output {
  'y'?: (number);
  'u'?: (number);
  'v'?: (number);
  'all'?: (number);
}
