// Original file: protos/codeclab/v1/types.proto


export interface Vmaf {
  'available'?: (boolean);
  /**
   * Set when available.
   */
  'mean'?: (number | string);
  /**
   * Why VMAF was not computed, when it was not.
   */
  'reason'?: (string);
}

export interface Vmaf__Output {
  'available'?: (boolean);
  /**
   * Set when available.
   */
  'mean'?: (number);
  /**
   * Why VMAF was not computed, when it was not.
   */
  'reason'?: (string);
}
