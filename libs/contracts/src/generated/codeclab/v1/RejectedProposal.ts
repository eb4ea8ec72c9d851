// Original file: protos/codeclab/v1/llm_analyst.proto


export interface RejectedProposal {
  'configHash'?: (string);
  'reason'?: (string);
}

export interface RejectedProposal__Output {
  'configHash'?: (string);
  'reason'?: (string);
}
