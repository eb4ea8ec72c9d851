// Original file: protos/codeclab/v1/types.proto

import type { SourceFeatures as _codeclab_v1_SourceFeatures, SourceFeatures__Output as _codeclab_v1_SourceFeatures__Output } from '../../codeclab/v1/SourceFeatures';
import type { Long } from '@grpc/proto-loader';

/**
 * What a runner found a source to be, before any campaign runs on it.
 */
export interface SourceDescription {
  'width'?: (number);
  'height'?: (number);
  /**
   * Nominal frame rate as a fraction (30000/1001), and its value.
   */
  'frameRate'?: (string);
  'fps'?: (number | string);
  /**
   * Frames the decoder outputs.
   */
  'frames'?: (number);
  /**
   * The video stream's own duration (first frame to the end of the last).
   */
  'durationSeconds'?: (number | string);
  'pixelFormat'?: (string);
  'bitDepth'?: (number);
  /**
   * full or limited.
   */
  'colorRange'?: (string);
  'audio'?: (boolean);
  'codec'?: (string);
  /**
   * File sources only: the file's size and sha256 when it was described.
   */
  'sizeBytes'?: (number | string | Long);
  'sha256'?: (string);
  /**
   * Content features that predict how the source compresses; absent in descriptions made before
   * runners measured them.
   */
  'features'?: (_codeclab_v1_SourceFeatures | null);
  '_sizeBytes'?: "sizeBytes";
  '_sha256'?: "sha256";
}

/**
 * What a runner found a source to be, before any campaign runs on it.
 */
export interface SourceDescription__Output {
  'width'?: (number);
  'height'?: (number);
  /**
   * Nominal frame rate as a fraction (30000/1001), and its value.
   */
  'frameRate'?: (string);
  'fps'?: (number);
  /**
   * Frames the decoder outputs.
   */
  'frames'?: (number);
  /**
   * The video stream's own duration (first frame to the end of the last).
   */
  'durationSeconds'?: (number);
  'pixelFormat'?: (string);
  'bitDepth'?: (number);
  /**
   * full or limited.
   */
  'colorRange'?: (string);
  'audio'?: (boolean);
  'codec'?: (string);
  /**
   * File sources only: the file's size and sha256 when it was described.
   */
  'sizeBytes'?: (number);
  'sha256'?: (string);
  /**
   * Content features that predict how the source compresses; absent in descriptions made before
   * runners measured them.
   */
  'features'?: (_codeclab_v1_SourceFeatures__Output);
  '_sizeBytes'?: "sizeBytes";
  '_sha256'?: "sha256";
}
