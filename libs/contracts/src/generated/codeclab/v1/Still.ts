// Original file: protos/codeclab/v1/agent_runner.proto


export interface Still {
  'frame'?: (number);
  'width'?: (number);
  'height'?: (number);
  'sourcePng'?: (Buffer | Uint8Array | string);
  'artifactPng'?: (Buffer | Uint8Array | string);
}

export interface Still__Output {
  'frame'?: (number);
  'width'?: (number);
  'height'?: (number);
  'sourcePng'?: (Buffer);
  'artifactPng'?: (Buffer);
}
