// Original file: protos/codeclab/v1/agent_runner.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Capabilities as _codeclab_v1_Capabilities, Capabilities__Output as _codeclab_v1_Capabilities__Output } from '../../codeclab/v1/Capabilities';
import type { DescribeSourceRequest as _codeclab_v1_DescribeSourceRequest, DescribeSourceRequest__Output as _codeclab_v1_DescribeSourceRequest__Output } from '../../codeclab/v1/DescribeSourceRequest';
import type { GetCapabilitiesRequest as _codeclab_v1_GetCapabilitiesRequest, GetCapabilitiesRequest__Output as _codeclab_v1_GetCapabilitiesRequest__Output } from '../../codeclab/v1/GetCapabilitiesRequest';
import type { RunEvent as _codeclab_v1_RunEvent, RunEvent__Output as _codeclab_v1_RunEvent__Output } from '../../codeclab/v1/RunEvent';
import type { RunExperimentRequest as _codeclab_v1_RunExperimentRequest, RunExperimentRequest__Output as _codeclab_v1_RunExperimentRequest__Output } from '../../codeclab/v1/RunExperimentRequest';
import type { SourceDescription as _codeclab_v1_SourceDescription, SourceDescription__Output as _codeclab_v1_SourceDescription__Output } from '../../codeclab/v1/SourceDescription';

/**
 * Runs experiments with ffmpeg on the real source and measures the artifact.
 */
export interface AgentRunnerClient extends grpc.Client {
  /**
   * Opens and probes a source as RunExperiment would, and describes it; a source that cannot be
   * used is refused with the reason (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION).
   */
  DescribeSource(argument: _codeclab_v1_DescribeSourceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  DescribeSource(argument: _codeclab_v1_DescribeSourceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  DescribeSource(argument: _codeclab_v1_DescribeSourceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  DescribeSource(argument: _codeclab_v1_DescribeSourceRequest, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  /**
   * Opens and probes a source as RunExperiment would, and describes it; a source that cannot be
   * used is refused with the reason (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION).
   */
  describeSource(argument: _codeclab_v1_DescribeSourceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  describeSource(argument: _codeclab_v1_DescribeSourceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  describeSource(argument: _codeclab_v1_DescribeSourceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  describeSource(argument: _codeclab_v1_DescribeSourceRequest, callback: grpc.requestCallback<_codeclab_v1_SourceDescription__Output>): grpc.ClientUnaryCall;
  
  /**
   * What this runner can really do, found by trial encodes at start-up.
   */
  GetCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  GetCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  GetCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  GetCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  /**
   * What this runner can really do, found by trial encodes at start-up.
   */
  getCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  getCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  getCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  getCapabilities(argument: _codeclab_v1_GetCapabilitiesRequest, callback: grpc.requestCallback<_codeclab_v1_Capabilities__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams progress while encoding and measuring, then exactly one result. Cancelling the call
   * stops ffmpeg at once.
   */
  RunExperiment(argument: _codeclab_v1_RunExperimentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_codeclab_v1_RunEvent__Output>;
  RunExperiment(argument: _codeclab_v1_RunExperimentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_codeclab_v1_RunEvent__Output>;
  /**
   * Streams progress while encoding and measuring, then exactly one result. Cancelling the call
   * stops ffmpeg at once.
   */
  runExperiment(argument: _codeclab_v1_RunExperimentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_codeclab_v1_RunEvent__Output>;
  runExperiment(argument: _codeclab_v1_RunExperimentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_codeclab_v1_RunEvent__Output>;
  
}

/**
 * Runs experiments with ffmpeg on the real source and measures the artifact.
 */
export interface AgentRunnerHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Opens and probes a source as RunExperiment would, and describes it; a source that cannot be
   * used is refused with the reason (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION).
   */
  DescribeSource: grpc.handleUnaryCall<_codeclab_v1_DescribeSourceRequest__Output, _codeclab_v1_SourceDescription>;
  
  /**
   * What this runner can really do, found by trial encodes at start-up.
   */
  GetCapabilities: grpc.handleUnaryCall<_codeclab_v1_GetCapabilitiesRequest__Output, _codeclab_v1_Capabilities>;
  
  /**
   * Streams progress while encoding and measuring, then exactly one result. Cancelling the call
   * stops ffmpeg at once.
   */
  RunExperiment: grpc.handleServerStreamingCall<_codeclab_v1_RunExperimentRequest__Output, _codeclab_v1_RunEvent>;
  
}

export interface AgentRunnerDefinition extends grpc.ServiceDefinition {
  DescribeSource: MethodDefinition<_codeclab_v1_DescribeSourceRequest, _codeclab_v1_SourceDescription, _codeclab_v1_DescribeSourceRequest__Output, _codeclab_v1_SourceDescription__Output>
  GetCapabilities: MethodDefinition<_codeclab_v1_GetCapabilitiesRequest, _codeclab_v1_Capabilities, _codeclab_v1_GetCapabilitiesRequest__Output, _codeclab_v1_Capabilities__Output>
  RunExperiment: MethodDefinition<_codeclab_v1_RunExperimentRequest, _codeclab_v1_RunEvent, _codeclab_v1_RunExperimentRequest__Output, _codeclab_v1_RunEvent__Output>
}
