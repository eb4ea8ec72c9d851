// Original file: protos/codeclab/v1/types.proto


export interface SyntheticSource {
  /**
   * lavfi generator: testsrc2, testsrc, smptehdbars, mandelbrot, rgbtestsrc.
   */
  'generator'?: (string);
  'width'?: (number);
  'height'?: (number);
  'fps'?: (number);
  'seconds'?: (number | string);
}

export interface SyntheticSource__Output {
  /**
   * lavfi generator: testsrc2, testsrc, smptehdbars, mandelbrot, rgbtestsrc.
   */
  'generator'?: (string);
  'width'?: (number);
  'height'?: (number);
  'fps'?: (number);
  'seconds'?: (number);
}
