// Original file: protos/codeclab/v1/agent_runner.proto

import type { UploadSourceHeader as _codeclab_v1_UploadSourceHeader, UploadSourceHeader__Output as _codeclab_v1_UploadSourceHeader__Output } from '../../codeclab/v1/UploadSourceHeader';

export interface UploadSourceChunk {
  'header'?: (_codeclab_v1_UploadSourceHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "header"|"data";
}

export interface UploadSourceChunk__Output {
  'header'?: (_codeclab_v1_UploadSourceHeader__Output);
  'data'?: (Buffer);
  'part'?: "header"|"data";
}
