// Original file: protos/codeclab/v1/agent_runner.proto

import type { Source as _codeclab_v1_Source, Source__Output as _codeclab_v1_Source__Output } from '../../codeclab/v1/Source';
import type { ExperimentConfig as _codeclab_v1_ExperimentConfig, ExperimentConfig__Output as _codeclab_v1_ExperimentConfig__Output } from '../../codeclab/v1/ExperimentConfig';
import type { VmafOptions as _codeclab_v1_VmafOptions, VmafOptions__Output as _codeclab_v1_VmafOptions__Output } from '../../codeclab/v1/VmafOptions';

export interface _codeclab_v1_RunExperimentRequest_Probe {
  /**
   * 1 to 10.
   */
  'segments'?: (number);
  /**
   * 0.5 to 10.
   */
  'segmentSeconds'?: (number | string);
  /**
   * Seconds from the source's start where each segment begins (ascending, one per segment, at
   * least segment_seconds apart). Empty: the middle of `segments` equal slices.
   */
  'starts'?: (number | string)[];
}

export interface _codeclab_v1_RunExperimentRequest_Probe__Output {
  /**
   * 1 to 10.
   */
  'segments'?: (number);
  /**
   * 0.5 to 10.
   */
  'segmentSeconds'?: (number);
  /**
   * Seconds from the source's start where each segment begins (ascending, one per segment, at
   * least segment_seconds apart). Empty: the middle of `segments` equal slices.
   */
  'starts': (number)[];
}

export interface RunExperimentRequest {
  /**
   * Names the artifact folder; letters, digits, '-' and '_' only.
   */
  'experimentId'?: (string);
  'source'?: (_codeclab_v1_Source | null);
  'config'?: (_codeclab_v1_ExperimentConfig | null);
  /**
   * Probe mode: encode and measure `segments` pieces of `segment_seconds` each, at `starts` or else
   * spread evenly over the source, instead of the whole source. Absent: the whole source. A source too short for the
   * probe is measured in full; the result's mode says which it was.
   */
  'probe'?: (_codeclab_v1_RunExperimentRequest_Probe | null);
  /**
   * The sha256 the source had when its campaign was created; a file whose content differs now is
   * refused (FAILED_PRECONDITION, ERR_SOURCE_CHANGED). Empty: not checked.
   */
  'sourceSha256'?: (string);
  /**
   * How VMAF is computed; absent: vmaf_v0.6.1 on every frame.
   */
  'vmaf'?: (_codeclab_v1_VmafOptions | null);
}

export interface RunExperimentRequest__Output {
  /**
   * Names the artifact folder; letters, digits, '-' and '_' only.
   */
  'experimentId'?: (string);
  'source'?: (_codeclab_v1_Source__Output);
  'config'?: (_codeclab_v1_ExperimentConfig__Output);
  /**
   * Probe mode: encode and measure `segments` pieces of `segment_seconds` each, at `starts` or else
   * spread evenly over the source, instead of the whole source. Absent: the whole source. A source too short for the
   * probe is measured in full; the result's mode says which it was.
   */
  'probe'?: (_codeclab_v1_RunExperimentRequest_Probe__Output);
  /**
   * The sha256 the source had when its campaign was created; a file whose content differs now is
   * refused (FAILED_PRECONDITION, ERR_SOURCE_CHANGED). Empty: not checked.
   */
  'sourceSha256'?: (string);
  /**
   * How VMAF is computed; absent: vmaf_v0.6.1 on every frame.
   */
  'vmaf'?: (_codeclab_v1_VmafOptions__Output);
}
