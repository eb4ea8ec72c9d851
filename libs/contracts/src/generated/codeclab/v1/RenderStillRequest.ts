// Original file: protos/codeclab/v1/agent_runner.proto


export interface RenderStillRequest {
  'experimentId'?: (string);
  /**
   * A source frame number the experiment compared (FrameQuality.frames).
   */
  'frame'?: (number);
}

export interface RenderStillRequest__Output {
  'experimentId'?: (string);
  /**
   * A source frame number the experiment compared (FrameQuality.frames).
   */
  'frame'?: (number);
}
