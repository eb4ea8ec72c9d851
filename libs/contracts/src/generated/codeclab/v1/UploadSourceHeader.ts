// Original file: protos/codeclab/v1/agent_runner.proto

import type { Long } from '@grpc/proto-loader';

export interface UploadSourceHeader {
  /**
   * The request's media type as the client sent it (video/mp4, video/webm, ...).
   */
  'contentType'?: (string);
  /**
   * The size the client declared (Content-Length), 0 when unknown; more bytes than declared, or
   * fewer, is a refused upload.
   */
  'declaredBytes'?: (number | string | Long);
}

export interface UploadSourceHeader__Output {
  /**
   * The request's media type as the client sent it (video/mp4, video/webm, ...).
   */
  'contentType'?: (string);
  /**
   * The size the client declared (Content-Length), 0 when unknown; more bytes than declared, or
   * fewer, is a refused upload.
   */
  'declaredBytes'?: (number);
}
