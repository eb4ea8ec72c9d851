// Original file: protos/codeclab/v1/llm_analyst.proto

import type { CampaignContext as _codeclab_v1_CampaignContext, CampaignContext__Output as _codeclab_v1_CampaignContext__Output } from '../../codeclab/v1/CampaignContext';
import type { RejectedProposal as _codeclab_v1_RejectedProposal, RejectedProposal__Output as _codeclab_v1_RejectedProposal__Output } from '../../codeclab/v1/RejectedProposal';

export interface ProposeRequest {
  'context'?: (_codeclab_v1_CampaignContext | null);
  /**
   * Proposals the orchestrator refused in this round, with the reasons.
   */
  'rejected'?: (_codeclab_v1_RejectedProposal)[];
}

export interface ProposeRequest__Output {
  'context'?: (_codeclab_v1_CampaignContext__Output);
  /**
   * Proposals the orchestrator refused in this round, with the reasons.
   */
  'rejected': (_codeclab_v1_RejectedProposal__Output)[];
}
