// Original file: protos/codeclab/v1/agent_runner.proto

import type { UploadSourceHeader as _codeclab_v1_UploadSourceHeader, UploadSourceHeader__Output as _codeclab_v1_UploadSourceHeader__Output } from '../../codeclab/v1/UploadSourceHeader';
import type { Long } from '@grpc/proto-loader';

export interface UploadSourceChunk {
  'header'?: (_codeclab_v1_UploadSourceHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  /**
   * The last message: how many bytes were sent. A stream that ends without it was cut, and
   * nothing of it is kept.
   */
  'endBytes'?: (number | string | Long);
  'part'?: "header"|"data"|"endBytes";
}

export interface UploadSourceChunk__Output {
  'header'?: (_codeclab_v1_UploadSourceHeader__Output);
  'data'?: (Buffer);
  /**
   * The last message: how many bytes were sent. A stream that ends without it was cut, and
   * nothing of it is kept.
   */
  'endBytes'?: (number);
  'part'?: "header"|"data"|"endBytes";
}
