// Original file: protos/codeclab/v1/agent_runner.proto


export interface GetFrameQualityRequest {
  'experimentId'?: (string);
}

export interface GetFrameQualityRequest__Output {
  'experimentId'?: (string);
}
