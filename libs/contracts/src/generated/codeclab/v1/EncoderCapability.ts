// Original file: protos/codeclab/v1/agent_runner.proto


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
