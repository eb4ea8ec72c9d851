// Original file: protos/codeclab/v1/types.proto


/**
 * How VMAF is computed: the model and the subsampling.
 */
export interface VmafOptions {
  /**
   * vmaf_v0.6.1 (default) or vmaf_v0.6.1neg.
   */
  'model'?: (string);
  /**
   * Score every n-th frame, 1 to 30; 0 means 1.
   */
  'subsample'?: (number);
}

/**
 * How VMAF is computed: the model and the subsampling.
 */
export interface VmafOptions__Output {
  /**
   * vmaf_v0.6.1 (default) or vmaf_v0.6.1neg.
   */
  'model'?: (string);
  /**
   * Score every n-th frame, 1 to 30; 0 means 1.
   */
  'subsample'?: (number);
}
