// Original file: protos/codeclab/v1/knowledge.proto

import type { PriorReference as _codeclab_v1_PriorReference, PriorReference__Output as _codeclab_v1_PriorReference__Output } from '../../codeclab/v1/PriorReference';
import type { TrackPrior as _codeclab_v1_TrackPrior, TrackPrior__Output as _codeclab_v1_TrackPrior__Output } from '../../codeclab/v1/TrackPrior';

export interface PlannerPriors {
  'reference'?: (_codeclab_v1_PriorReference | null);
  /**
   * The clips the default priors were fitted on.
   */
  'clips'?: (string)[];
  'provenance'?: (string);
  'tracks'?: (_codeclab_v1_TrackPrior)[];
}

export interface PlannerPriors__Output {
  'reference'?: (_codeclab_v1_PriorReference__Output);
  /**
   * The clips the default priors were fitted on.
   */
  'clips': (string)[];
  'provenance'?: (string);
  'tracks': (_codeclab_v1_TrackPrior__Output)[];
}
