// Original file: protos/codeclab/v1/agent_runner.proto


export interface Load {
  /**
   * Unique per runner process (host, pid and a random suffix); a restarted runner has a new one.
   */
  'runnerId'?: (string);
  'active'?: (number);
  'maxConcurrent'?: (number);
}

export interface Load__Output {
  /**
   * Unique per runner process (host, pid and a random suffix); a restarted runner has a new one.
   */
  'runnerId'?: (string);
  'active'?: (number);
  'maxConcurrent'?: (number);
}
