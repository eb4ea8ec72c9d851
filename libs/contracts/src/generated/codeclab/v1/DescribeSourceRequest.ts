// Original file: protos/codeclab/v1/agent_runner.proto

import type { Source as _codeclab_v1_Source, Source__Output as _codeclab_v1_Source__Output } from '../../codeclab/v1/Source';

export interface DescribeSourceRequest {
  'source'?: (_codeclab_v1_Source | null);
}

export interface DescribeSourceRequest__Output {
  'source'?: (_codeclab_v1_Source__Output);
}
