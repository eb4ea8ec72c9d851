// Original file: protos/codeclab/v1/types.proto


/**
 * What a runner offers for one encoder. Only its presence (a trial frame encoded) and
 * pixel_formats are found on the runner; presets, CRF range, tunes, two_pass and hardware come
 * from codec-lab's static encoder table.
 */
export interface EncoderCapability {
  'name'?: (string);
  'presets'?: (string)[];
  'crfMin'?: (number);
  'crfMax'?: (number);
  /**
   * Pixel formats a trial encode accepted: yuv420p (8-bit), yuv420p10le (10-bit).
   */
  'pixelFormats'?: (string)[];
  'tunes'?: (string)[];
  'twoPass'?: (boolean);
  'hardware'?: (boolean);
}

/**
 * What a runner offers for one encoder. Only its presence (a trial frame encoded) and
 * pixel_formats are found on the runner; presets, CRF range, tunes, two_pass and hardware come
 * from codec-lab's static encoder table.
 */
export interface EncoderCapability__Output {
  'name'?: (string);
  'presets': (string)[];
  'crfMin'?: (number);
  'crfMax'?: (number);
  /**
   * Pixel formats a trial encode accepted: yuv420p (8-bit), yuv420p10le (10-bit).
   */
  'pixelFormats': (string)[];
  'tunes': (string)[];
  'twoPass'?: (boolean);
  'hardware'?: (boolean);
}
