// Original file: protos/codeclab/v1/types.proto


/**
 * The parameter_storage strategy: fit a procedural scene description to the decoded frames,
 * store it compressed, render it back; an optional residual video carries what the fit missed.
 */
export interface ParameterStorageConfig {
  /**
   * Layer kinds the fit may use: fill, linear, radial, sinusoids, shape. Empty: all of them.
   */
  'vocabulary'?: (string)[];
  /**
   * 1 (fast) to 5 (thorough); 0: the default (2).
   */
  'effort'?: (number);
  /**
   * Coefficients are stored as multiples of 2^-bits. Unset: the defaults (4, 2, 12).
   */
  'positionBits'?: (number);
  'colorBits'?: (number);
  'phaseBits'?: (number);
  /**
   * none (or empty), libx264, libx265 or libsvtav1.
   */
  'residualCodec'?: (string);
  /**
   * The residual's CRF; ignored without a residual codec.
   */
  'residualCrf'?: (number);
  '_positionBits'?: "positionBits";
  '_colorBits'?: "colorBits";
  '_phaseBits'?: "phaseBits";
}

/**
 * The parameter_storage strategy: fit a procedural scene description to the decoded frames,
 * store it compressed, render it back; an optional residual video carries what the fit missed.
 */
export interface ParameterStorageConfig__Output {
  /**
   * Layer kinds the fit may use: fill, linear, radial, sinusoids, shape. Empty: all of them.
   */
  'vocabulary': (string)[];
  /**
   * 1 (fast) to 5 (thorough); 0: the default (2).
   */
  'effort'?: (number);
  /**
   * Coefficients are stored as multiples of 2^-bits. Unset: the defaults (4, 2, 12).
   */
  'positionBits'?: (number);
  'colorBits'?: (number);
  'phaseBits'?: (number);
  /**
   * none (or empty), libx264, libx265 or libsvtav1.
   */
  'residualCodec'?: (string);
  /**
   * The residual's CRF; ignored without a residual codec.
   */
  'residualCrf'?: (number);
  '_positionBits'?: "positionBits";
  '_colorBits'?: "colorBits";
  '_phaseBits'?: "phaseBits";
}
