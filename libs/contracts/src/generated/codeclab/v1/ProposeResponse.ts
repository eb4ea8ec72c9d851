// Original file: protos/codeclab/v1/llm_analyst.proto

import type { Proposal as _codeclab_v1_Proposal, Proposal__Output as _codeclab_v1_Proposal__Output } from '../../codeclab/v1/Proposal';

export interface ProposeResponse {
  'proposal'?: (_codeclab_v1_Proposal | null);
  /**
   * The analyst has nothing better to try; the reason says why.
   */
  'stop'?: (string);
  'outcome'?: "proposal"|"stop";
}

export interface ProposeResponse__Output {
  'proposal'?: (_codeclab_v1_Proposal__Output);
  /**
   * The analyst has nothing better to try; the reason says why.
   */
  'stop'?: (string);
  'outcome'?: "proposal"|"stop";
}
