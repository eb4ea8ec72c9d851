// Original file: protos/codeclab/v1/agent_runner.proto


export interface Progress {
  /**
   * encode or measure.
   */
  'phase'?: (string);
  'percent'?: (number | string);
  'frames'?: (number);
  'fps'?: (number | string);
  'elapsedSeconds'?: (number | string);
}

export interface Progress__Output {
  /**
   * encode or measure.
   */
  'phase'?: (string);
  'percent'?: (number);
  'frames'?: (number);
  'fps'?: (number);
  'elapsedSeconds'?: (number);
}
