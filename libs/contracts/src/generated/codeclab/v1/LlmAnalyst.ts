// Original file: protos/codeclab/v1/llm_analyst.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Analysis as _codeclab_v1_Analysis, Analysis__Output as _codeclab_v1_Analysis__Output } from '../../codeclab/v1/Analysis';
import type { AnalyzeRequest as _codeclab_v1_AnalyzeRequest, AnalyzeRequest__Output as _codeclab_v1_AnalyzeRequest__Output } from '../../codeclab/v1/AnalyzeRequest';
import type { ProposeRequest as _codeclab_v1_ProposeRequest, ProposeRequest__Output as _codeclab_v1_ProposeRequest__Output } from '../../codeclab/v1/ProposeRequest';
import type { ProposeResponse as _codeclab_v1_ProposeResponse, ProposeResponse__Output as _codeclab_v1_ProposeResponse__Output } from '../../codeclab/v1/ProposeResponse';

/**
 * Proposes the next experiment of a campaign and analyses measured results.
 */
export interface LlmAnalystClient extends grpc.Client {
  Analyze(argument: _codeclab_v1_AnalyzeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  Analyze(argument: _codeclab_v1_AnalyzeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  Analyze(argument: _codeclab_v1_AnalyzeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  Analyze(argument: _codeclab_v1_AnalyzeRequest, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  analyze(argument: _codeclab_v1_AnalyzeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  analyze(argument: _codeclab_v1_AnalyzeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  analyze(argument: _codeclab_v1_AnalyzeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  analyze(argument: _codeclab_v1_AnalyzeRequest, callback: grpc.requestCallback<_codeclab_v1_Analysis__Output>): grpc.ClientUnaryCall;
  
  Propose(argument: _codeclab_v1_ProposeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _codeclab_v1_ProposeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _codeclab_v1_ProposeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _codeclab_v1_ProposeRequest, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _codeclab_v1_ProposeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _codeclab_v1_ProposeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _codeclab_v1_ProposeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _codeclab_v1_ProposeRequest, callback: grpc.requestCallback<_codeclab_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Proposes the next experiment of a campaign and analyses measured results.
 */
export interface LlmAnalystHandlers extends grpc.UntypedServiceImplementation {
  Analyze: grpc.handleUnaryCall<_codeclab_v1_AnalyzeRequest__Output, _codeclab_v1_Analysis>;
  
  Propose: grpc.handleUnaryCall<_codeclab_v1_ProposeRequest__Output, _codeclab_v1_ProposeResponse>;
  
}

export interface LlmAnalystDefinition extends grpc.ServiceDefinition {
  Analyze: MethodDefinition<_codeclab_v1_AnalyzeRequest, _codeclab_v1_Analysis, _codeclab_v1_AnalyzeRequest__Output, _codeclab_v1_Analysis__Output>
  Propose: MethodDefinition<_codeclab_v1_ProposeRequest, _codeclab_v1_ProposeResponse, _codeclab_v1_ProposeRequest__Output, _codeclab_v1_ProposeResponse__Output>
}
