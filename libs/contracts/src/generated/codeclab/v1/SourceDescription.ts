// Original file: protos/codeclab/v1/types.proto

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
  '_sizeBytes'?: "sizeBytes";
  '_sha256'?: "sha256";
}
