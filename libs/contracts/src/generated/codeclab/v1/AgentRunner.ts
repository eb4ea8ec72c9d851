// Original file: protos/codeclab/v1/agent_runner.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Capabilities as _codeclab_v1_Capabilities, Capabilities__Output as _codeclab_v1_Capabilities__Output } from '../../codeclab/v1/Capabilities';
import type { DescribeSourceRequest as _codeclab_v1_DescribeSourceRequest, DescribeSourceRequest__Output as _codeclab_v1_DescribeSourceRequest__Output } from '../../codeclab/v1/DescribeSourceRequest';
import type { FrameQuality as _codeclab_v1_FrameQuality, FrameQuality__Output as _codeclab_v1_FrameQuality__Output } from '../../codeclab/v1/FrameQuality';
import type { GetCapabilitiesRequest as _codeclab_v1_GetCapabilitiesRequest, GetCapabilitiesRequest__Output as _codeclab_v1_GetCapabilitiesRequest__Output } from '../../codeclab/v1/GetCapabilitiesRequest';
import type { GetFrameQualityRequest as _codeclab_v1_GetFrameQualityRequest, GetFrameQualityRequest__Output as _codeclab_v1_GetFrameQualityRequest__Output } from '../../codeclab/v1/GetFrameQualityRequest';
import type { GetLoadRequest as _codeclab_v1_GetLoadRequest, GetLoadRequest__Output as _codeclab_v1_GetLoadRequest__Output } from '../../codeclab/v1/GetLoadRequest';
import type { Load as _codeclab_v1_Load, Load__Output as _codeclab_v1_Load__Output } from '../../codeclab/v1/Load';
import type { RenderStillRequest as _codeclab_v1_RenderStillRequest, RenderStillRequest__Output as _codeclab_v1_RenderStillRequest__Output } from '../../codeclab/v1/RenderStillRequest';
import type { RunEvent as _codeclab_v1_RunEvent, RunEvent__Output as _codeclab_v1_RunEvent__Output } from '../../codeclab/v1/RunEvent';
import type { RunExperimentRequest as _codeclab_v1_RunExperimentRequest, RunExperimentRequest__Output as _codeclab_v1_RunExperimentRequest__Output } from '../../codeclab/v1/RunExperimentRequest';
import type { SourceDescription as _codeclab_v1_SourceDescription, SourceDescription__Output as _codeclab_v1_SourceDescription__Output } from '../../codeclab/v1/SourceDescription';
import type { Still as _codeclab_v1_Still, Still__Output as _codeclab_v1_Still__Output } from '../../codeclab/v1/Still';
import type { UploadSourceChunk as _codeclab_v1_UploadSourceChunk, UploadSourceChunk__Output as _codeclab_v1_UploadSourceChunk__Output } from '../../codeclab/v1/UploadSourceChunk';
import type { UploadedSource as _codeclab_v1_UploadedSource, UploadedSource__Output as _codeclab_v1_UploadedSource__Output } from '../../codeclab/v1/UploadedSource';

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
   * Per-frame PSNR, SSIM and VMAF of a measured experiment, read from the statistics stored beside
   * its artifact. NOT_FOUND when this runner holds no measured experiment of that id.
   */
  GetFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  GetFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  GetFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  GetFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  /**
   * Per-frame PSNR, SSIM and VMAF of a measured experiment, read from the statistics stored beside
   * its artifact. NOT_FOUND when this runner holds no measured experiment of that id.
   */
  getFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  getFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  getFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  getFrameQuality(argument: _codeclab_v1_GetFrameQualityRequest, callback: grpc.requestCallback<_codeclab_v1_FrameQuality__Output>): grpc.ClientUnaryCall;
  
  /**
   * How many experiments this runner runs now and at most (MAX_CONCURRENT), under an id that is
   * new for every runner process: what the orchestrators schedule by.
   */
  GetLoad(argument: _codeclab_v1_GetLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  GetLoad(argument: _codeclab_v1_GetLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  GetLoad(argument: _codeclab_v1_GetLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  GetLoad(argument: _codeclab_v1_GetLoadRequest, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  /**
   * How many experiments this runner runs now and at most (MAX_CONCURRENT), under an id that is
   * new for every runner process: what the orchestrators schedule by.
   */
  getLoad(argument: _codeclab_v1_GetLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  getLoad(argument: _codeclab_v1_GetLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  getLoad(argument: _codeclab_v1_GetLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  getLoad(argument: _codeclab_v1_GetLoadRequest, callback: grpc.requestCallback<_codeclab_v1_Load__Output>): grpc.ClientUnaryCall;
  
  /**
   * One frame of a measured experiment as two PNG stills, the source's and the artifact's (scaled
   * to the source size, as it was measured), decoded from the stored files; nothing is encoded
   * again. NOT_FOUND for an unknown experiment, INVALID_ARGUMENT (ERR_FRAME_OUT_OF_RANGE) for a
   * frame it did not compare.
   */
  RenderStill(argument: _codeclab_v1_RenderStillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  RenderStill(argument: _codeclab_v1_RenderStillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  RenderStill(argument: _codeclab_v1_RenderStillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  RenderStill(argument: _codeclab_v1_RenderStillRequest, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  /**
   * One frame of a measured experiment as two PNG stills, the source's and the artifact's (scaled
   * to the source size, as it was measured), decoded from the stored files; nothing is encoded
   * again. NOT_FOUND for an unknown experiment, INVALID_ARGUMENT (ERR_FRAME_OUT_OF_RANGE) for a
   * frame it did not compare.
   */
  renderStill(argument: _codeclab_v1_RenderStillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  renderStill(argument: _codeclab_v1_RenderStillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  renderStill(argument: _codeclab_v1_RenderStillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  renderStill(argument: _codeclab_v1_RenderStillRequest, callback: grpc.requestCallback<_codeclab_v1_Still__Output>): grpc.ClientUnaryCall;
  
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
  
  /**
   * A source uploaded through this runner into the upload bucket: a header, then the bytes in
   * order. The runner computes the sha256 on the way, describes the file as DescribeSource would,
   * and only then publishes it at `sources/<sha256>` (one copy; staging objects are never
   * sources). INVALID_ARGUMENT names a refused file (not a video, corrupt, too large: the
   * DescribeSource codes, or ERR_UPLOAD_TOO_LARGE); FAILED_PRECONDITION (ERR_NO_UPLOAD_BUCKET)
   * where no upload bucket is configured.
   */
  UploadSource(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  UploadSource(metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  UploadSource(options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  UploadSource(callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  /**
   * A source uploaded through this runner into the upload bucket: a header, then the bytes in
   * order. The runner computes the sha256 on the way, describes the file as DescribeSource would,
   * and only then publishes it at `sources/<sha256>` (one copy; staging objects are never
   * sources). INVALID_ARGUMENT names a refused file (not a video, corrupt, too large: the
   * DescribeSource codes, or ERR_UPLOAD_TOO_LARGE); FAILED_PRECONDITION (ERR_NO_UPLOAD_BUCKET)
   * where no upload bucket is configured.
   */
  uploadSource(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  uploadSource(metadata: grpc.Metadata, callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  uploadSource(options: grpc.CallOptions, callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  uploadSource(callback: grpc.requestCallback<_codeclab_v1_UploadedSource__Output>): grpc.ClientWritableStream<_codeclab_v1_UploadSourceChunk>;
  
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
   * Per-frame PSNR, SSIM and VMAF of a measured experiment, read from the statistics stored beside
   * its artifact. NOT_FOUND when this runner holds no measured experiment of that id.
   */
  GetFrameQuality: grpc.handleUnaryCall<_codeclab_v1_GetFrameQualityRequest__Output, _codeclab_v1_FrameQuality>;
  
  /**
   * How many experiments this runner runs now and at most (MAX_CONCURRENT), under an id that is
   * new for every runner process: what the orchestrators schedule by.
   */
  GetLoad: grpc.handleUnaryCall<_codeclab_v1_GetLoadRequest__Output, _codeclab_v1_Load>;
  
  /**
   * One frame of a measured experiment as two PNG stills, the source's and the artifact's (scaled
   * to the source size, as it was measured), decoded from the stored files; nothing is encoded
   * again. NOT_FOUND for an unknown experiment, INVALID_ARGUMENT (ERR_FRAME_OUT_OF_RANGE) for a
   * frame it did not compare.
   */
  RenderStill: grpc.handleUnaryCall<_codeclab_v1_RenderStillRequest__Output, _codeclab_v1_Still>;
  
  /**
   * Streams progress while encoding and measuring, then exactly one result. Cancelling the call
   * stops ffmpeg at once.
   */
  RunExperiment: grpc.handleServerStreamingCall<_codeclab_v1_RunExperimentRequest__Output, _codeclab_v1_RunEvent>;
  
  /**
   * A source uploaded through this runner into the upload bucket: a header, then the bytes in
   * order. The runner computes the sha256 on the way, describes the file as DescribeSource would,
   * and only then publishes it at `sources/<sha256>` (one copy; staging objects are never
   * sources). INVALID_ARGUMENT names a refused file (not a video, corrupt, too large: the
   * DescribeSource codes, or ERR_UPLOAD_TOO_LARGE); FAILED_PRECONDITION (ERR_NO_UPLOAD_BUCKET)
   * where no upload bucket is configured.
   */
  UploadSource: grpc.handleClientStreamingCall<_codeclab_v1_UploadSourceChunk__Output, _codeclab_v1_UploadedSource>;
  
}

export interface AgentRunnerDefinition extends grpc.ServiceDefinition {
  DescribeSource: MethodDefinition<_codeclab_v1_DescribeSourceRequest, _codeclab_v1_SourceDescription, _codeclab_v1_DescribeSourceRequest__Output, _codeclab_v1_SourceDescription__Output>
  GetCapabilities: MethodDefinition<_codeclab_v1_GetCapabilitiesRequest, _codeclab_v1_Capabilities, _codeclab_v1_GetCapabilitiesRequest__Output, _codeclab_v1_Capabilities__Output>
  GetFrameQuality: MethodDefinition<_codeclab_v1_GetFrameQualityRequest, _codeclab_v1_FrameQuality, _codeclab_v1_GetFrameQualityRequest__Output, _codeclab_v1_FrameQuality__Output>
  GetLoad: MethodDefinition<_codeclab_v1_GetLoadRequest, _codeclab_v1_Load, _codeclab_v1_GetLoadRequest__Output, _codeclab_v1_Load__Output>
  RenderStill: MethodDefinition<_codeclab_v1_RenderStillRequest, _codeclab_v1_Still, _codeclab_v1_RenderStillRequest__Output, _codeclab_v1_Still__Output>
  RunExperiment: MethodDefinition<_codeclab_v1_RunExperimentRequest, _codeclab_v1_RunEvent, _codeclab_v1_RunExperimentRequest__Output, _codeclab_v1_RunEvent__Output>
  UploadSource: MethodDefinition<_codeclab_v1_UploadSourceChunk, _codeclab_v1_UploadedSource, _codeclab_v1_UploadSourceChunk__Output, _codeclab_v1_UploadedSource__Output>
}
