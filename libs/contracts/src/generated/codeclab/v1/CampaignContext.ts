// Original file: protos/codeclab/v1/llm_analyst.proto

import type { Source as _codeclab_v1_Source, Source__Output as _codeclab_v1_Source__Output } from '../../codeclab/v1/Source';
import type { Objective as _codeclab_v1_Objective, Objective__Output as _codeclab_v1_Objective__Output } from '../../codeclab/v1/Objective';
import type { ExperimentRecord as _codeclab_v1_ExperimentRecord, ExperimentRecord__Output as _codeclab_v1_ExperimentRecord__Output } from '../../codeclab/v1/ExperimentRecord';
import type { Capabilities as _codeclab_v1_Capabilities, Capabilities__Output as _codeclab_v1_Capabilities__Output } from '../../codeclab/v1/Capabilities';
import type { VmafOptions as _codeclab_v1_VmafOptions, VmafOptions__Output as _codeclab_v1_VmafOptions__Output } from '../../codeclab/v1/VmafOptions';
import type { LabKnowledge as _codeclab_v1_LabKnowledge, LabKnowledge__Output as _codeclab_v1_LabKnowledge__Output } from '../../codeclab/v1/LabKnowledge';

export interface CampaignContext {
  'campaignId'?: (string);
  'source'?: (_codeclab_v1_Source | null);
  'objective'?: (_codeclab_v1_Objective | null);
  'maxExperiments'?: (number);
  /**
   * Oldest first.
   */
  'history'?: (_codeclab_v1_ExperimentRecord)[];
  /**
   * planner or llm.
   */
  'analyst'?: (string);
  /**
   * What the runners offer, exactly as agent-runner's GetCapabilities reported it (required): the
   * encoders, what each takes, and whether VMAF is measured.
   */
  'offer'?: (_codeclab_v1_Capabilities | null);
  /**
   * How the campaign's VMAF is computed; absent: vmaf_v0.6.1 on every frame.
   */
  'vmaf'?: (_codeclab_v1_VmafOptions | null);
  /**
   * What the lab knew when the campaign started; absent: the default priors and probe correction.
   */
  'knowledge'?: (_codeclab_v1_LabKnowledge | null);
}

export interface CampaignContext__Output {
  'campaignId'?: (string);
  'source'?: (_codeclab_v1_Source__Output);
  'objective'?: (_codeclab_v1_Objective__Output);
  'maxExperiments'?: (number);
  /**
   * Oldest first.
   */
  'history': (_codeclab_v1_ExperimentRecord__Output)[];
  /**
   * planner or llm.
   */
  'analyst'?: (string);
  /**
   * What the runners offer, exactly as agent-runner's GetCapabilities reported it (required): the
   * encoders, what each takes, and whether VMAF is measured.
   */
  'offer'?: (_codeclab_v1_Capabilities__Output);
  /**
   * How the campaign's VMAF is computed; absent: vmaf_v0.6.1 on every frame.
   */
  'vmaf'?: (_codeclab_v1_VmafOptions__Output);
  /**
   * What the lab knew when the campaign started; absent: the default priors and probe correction.
   */
  'knowledge'?: (_codeclab_v1_LabKnowledge__Output);
}
