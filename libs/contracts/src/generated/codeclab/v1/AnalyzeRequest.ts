// Original file: protos/codeclab/v1/llm_analyst.proto

import type { CampaignContext as _codeclab_v1_CampaignContext, CampaignContext__Output as _codeclab_v1_CampaignContext__Output } from '../../codeclab/v1/CampaignContext';

export interface AnalyzeRequest {
  'context'?: (_codeclab_v1_CampaignContext | null);
  /**
   * The experiment to analyse; also the last entry of context.history.
   */
  'seq'?: (number);
}

export interface AnalyzeRequest__Output {
  'context'?: (_codeclab_v1_CampaignContext__Output);
  /**
   * The experiment to analyse; also the last entry of context.history.
   */
  'seq'?: (number);
}
