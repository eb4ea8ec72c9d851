// Original file: protos/codeclab/v1/llm_analyst.proto


export interface EncoderOffer {
  'presets'?: (string)[];
  /**
   * yuv420p, yuv420p10le.
   */
  'pixelFormats'?: (string)[];
}

export interface EncoderOffer__Output {
  'presets': (string)[];
  /**
   * yuv420p, yuv420p10le.
   */
  'pixelFormats': (string)[];
}
