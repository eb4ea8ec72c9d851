// Original file: protos/codeclab/v1/agent_runner.proto


export interface EncoderCapability {
  'name'?: (string);
  'presets'?: (string)[];
  'crfMin'?: (number);
  'crfMax'?: (number);
}

export interface EncoderCapability__Output {
  'name'?: (string);
  'presets': (string)[];
  'crfMin'?: (number);
  'crfMax'?: (number);
}
