// Original file: protos/codeclab/v1/knowledge.proto

import type { PlannerPriors as _codeclab_v1_PlannerPriors, PlannerPriors__Output as _codeclab_v1_PlannerPriors__Output } from '../../codeclab/v1/PlannerPriors';
import type { SimilarSource as _codeclab_v1_SimilarSource, SimilarSource__Output as _codeclab_v1_SimilarSource__Output } from '../../codeclab/v1/SimilarSource';
import type { ProbeCorrection as _codeclab_v1_ProbeCorrection, ProbeCorrection__Output as _codeclab_v1_ProbeCorrection__Output } from '../../codeclab/v1/ProbeCorrection';

export interface LabKnowledge {
  'priors'?: (_codeclab_v1_PlannerPriors | null);
  'similar'?: (_codeclab_v1_SimilarSource)[];
  'probeCorrection'?: (_codeclab_v1_ProbeCorrection | null);
  'recordsRead'?: (number);
  /**
   * ISO 8601.
   */
  'learnedAt'?: (string);
}

export interface LabKnowledge__Output {
  'priors'?: (_codeclab_v1_PlannerPriors__Output);
  'similar': (_codeclab_v1_SimilarSource__Output)[];
  'probeCorrection'?: (_codeclab_v1_ProbeCorrection__Output);
  'recordsRead'?: (number);
  /**
   * ISO 8601.
   */
  'learnedAt'?: (string);
}
