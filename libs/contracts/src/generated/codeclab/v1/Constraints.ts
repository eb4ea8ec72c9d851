// Original file: protos/codeclab/v1/types.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Limits on every answer of a campaign. Each absent field (an empty list or string) is no limit.
 */
export interface Constraints {
  /**
   * Slowest acceptable encode in frames per second, as the runner measured it.
   */
  'minEncodeFps'?: (number | string);
  /**
   * Slowest acceptable encode as a multiple of real time.
   */
  'minRealtime'?: (number | string);
  /**
   * Only these encoders may be proposed.
   */
  'encoders'?: (string)[];
  /**
   * Largest acceptable artifact, in bytes.
   */
  'maxSizeBytes'?: (number | string | Long);
  /**
   * Every config encodes to this pixel format: yuv420p or yuv420p10le.
   */
  'pixelFormat'?: (string);
  '_minEncodeFps'?: "minEncodeFps";
  '_minRealtime'?: "minRealtime";
  '_maxSizeBytes'?: "maxSizeBytes";
  '_pixelFormat'?: "pixelFormat";
}

/**
 * Limits on every answer of a campaign. Each absent field (an empty list or string) is no limit.
 */
export interface Constraints__Output {
  /**
   * Slowest acceptable encode in frames per second, as the runner measured it.
   */
  'minEncodeFps'?: (number);
  /**
   * Slowest acceptable encode as a multiple of real time.
   */
  'minRealtime'?: (number);
  /**
   * Only these encoders may be proposed.
   */
  'encoders': (string)[];
  /**
   * Largest acceptable artifact, in bytes.
   */
  'maxSizeBytes'?: (number);
  /**
   * Every config encodes to this pixel format: yuv420p or yuv420p10le.
   */
  'pixelFormat'?: (string);
  '_minEncodeFps'?: "minEncodeFps";
  '_minRealtime'?: "minRealtime";
  '_maxSizeBytes'?: "maxSizeBytes";
  '_pixelFormat'?: "pixelFormat";
}
