import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentRunnerClient as _codeclab_v1_AgentRunnerClient, AgentRunnerDefinition as _codeclab_v1_AgentRunnerDefinition } from './codeclab/v1/AgentRunner';
import type { Analysis as _codeclab_v1_Analysis, Analysis__Output as _codeclab_v1_Analysis__Output } from './codeclab/v1/Analysis';
import type { BitrateRateControl as _codeclab_v1_BitrateRateControl, BitrateRateControl__Output as _codeclab_v1_BitrateRateControl__Output } from './codeclab/v1/BitrateRateControl';
import type { Capabilities as _codeclab_v1_Capabilities, Capabilities__Output as _codeclab_v1_Capabilities__Output } from './codeclab/v1/Capabilities';
import type { CodecConfig as _codeclab_v1_CodecConfig, CodecConfig__Output as _codeclab_v1_CodecConfig__Output } from './codeclab/v1/CodecConfig';
import type { Constraints as _codeclab_v1_Constraints, Constraints__Output as _codeclab_v1_Constraints__Output } from './codeclab/v1/Constraints';
import type { CrfRateControl as _codeclab_v1_CrfRateControl, CrfRateControl__Output as _codeclab_v1_CrfRateControl__Output } from './codeclab/v1/CrfRateControl';
import type { DescribeSourceRequest as _codeclab_v1_DescribeSourceRequest, DescribeSourceRequest__Output as _codeclab_v1_DescribeSourceRequest__Output } from './codeclab/v1/DescribeSourceRequest';
import type { EncoderCapability as _codeclab_v1_EncoderCapability, EncoderCapability__Output as _codeclab_v1_EncoderCapability__Output } from './codeclab/v1/EncoderCapability';
import type { ExperimentConfig as _codeclab_v1_ExperimentConfig, ExperimentConfig__Output as _codeclab_v1_ExperimentConfig__Output } from './codeclab/v1/ExperimentConfig';
import type { ExperimentRecord as _codeclab_v1_ExperimentRecord, ExperimentRecord__Output as _codeclab_v1_ExperimentRecord__Output } from './codeclab/v1/ExperimentRecord';
import type { ExperimentResult as _codeclab_v1_ExperimentResult, ExperimentResult__Output as _codeclab_v1_ExperimentResult__Output } from './codeclab/v1/ExperimentResult';
import type { Failure as _codeclab_v1_Failure, Failure__Output as _codeclab_v1_Failure__Output } from './codeclab/v1/Failure';
import type { FfmpegBuild as _codeclab_v1_FfmpegBuild, FfmpegBuild__Output as _codeclab_v1_FfmpegBuild__Output } from './codeclab/v1/FfmpegBuild';
import type { FileSource as _codeclab_v1_FileSource, FileSource__Output as _codeclab_v1_FileSource__Output } from './codeclab/v1/FileSource';
import type { FrameQuality as _codeclab_v1_FrameQuality, FrameQuality__Output as _codeclab_v1_FrameQuality__Output } from './codeclab/v1/FrameQuality';
import type { GetCapabilitiesRequest as _codeclab_v1_GetCapabilitiesRequest, GetCapabilitiesRequest__Output as _codeclab_v1_GetCapabilitiesRequest__Output } from './codeclab/v1/GetCapabilitiesRequest';
import type { GetFrameQualityRequest as _codeclab_v1_GetFrameQualityRequest, GetFrameQualityRequest__Output as _codeclab_v1_GetFrameQualityRequest__Output } from './codeclab/v1/GetFrameQualityRequest';
import type { GetLoadRequest as _codeclab_v1_GetLoadRequest, GetLoadRequest__Output as _codeclab_v1_GetLoadRequest__Output } from './codeclab/v1/GetLoadRequest';
import type { Load as _codeclab_v1_Load, Load__Output as _codeclab_v1_Load__Output } from './codeclab/v1/Load';
import type { MeanMax as _codeclab_v1_MeanMax, MeanMax__Output as _codeclab_v1_MeanMax__Output } from './codeclab/v1/MeanMax';
import type { Objective as _codeclab_v1_Objective, Objective__Output as _codeclab_v1_Objective__Output } from './codeclab/v1/Objective';
import type { ParameterStorageConfig as _codeclab_v1_ParameterStorageConfig, ParameterStorageConfig__Output as _codeclab_v1_ParameterStorageConfig__Output } from './codeclab/v1/ParameterStorageConfig';
import type { Prediction as _codeclab_v1_Prediction, Prediction__Output as _codeclab_v1_Prediction__Output } from './codeclab/v1/Prediction';
import type { PredictionCheck as _codeclab_v1_PredictionCheck, PredictionCheck__Output as _codeclab_v1_PredictionCheck__Output } from './codeclab/v1/PredictionCheck';
import type { Progress as _codeclab_v1_Progress, Progress__Output as _codeclab_v1_Progress__Output } from './codeclab/v1/Progress';
import type { Proposal as _codeclab_v1_Proposal, Proposal__Output as _codeclab_v1_Proposal__Output } from './codeclab/v1/Proposal';
import type { Psnr as _codeclab_v1_Psnr, Psnr__Output as _codeclab_v1_Psnr__Output } from './codeclab/v1/Psnr';
import type { QualityEstimate as _codeclab_v1_QualityEstimate, QualityEstimate__Output as _codeclab_v1_QualityEstimate__Output } from './codeclab/v1/QualityEstimate';
import type { RenderStillRequest as _codeclab_v1_RenderStillRequest, RenderStillRequest__Output as _codeclab_v1_RenderStillRequest__Output } from './codeclab/v1/RenderStillRequest';
import type { Resolution as _codeclab_v1_Resolution, Resolution__Output as _codeclab_v1_Resolution__Output } from './codeclab/v1/Resolution';
import type { RunEvent as _codeclab_v1_RunEvent, RunEvent__Output as _codeclab_v1_RunEvent__Output } from './codeclab/v1/RunEvent';
import type { RunExperimentRequest as _codeclab_v1_RunExperimentRequest, RunExperimentRequest__Output as _codeclab_v1_RunExperimentRequest__Output } from './codeclab/v1/RunExperimentRequest';
import type { S3Source as _codeclab_v1_S3Source, S3Source__Output as _codeclab_v1_S3Source__Output } from './codeclab/v1/S3Source';
import type { Source as _codeclab_v1_Source, Source__Output as _codeclab_v1_Source__Output } from './codeclab/v1/Source';
import type { SourceDescription as _codeclab_v1_SourceDescription, SourceDescription__Output as _codeclab_v1_SourceDescription__Output } from './codeclab/v1/SourceDescription';
import type { SourceFeatures as _codeclab_v1_SourceFeatures, SourceFeatures__Output as _codeclab_v1_SourceFeatures__Output } from './codeclab/v1/SourceFeatures';
import type { Ssim as _codeclab_v1_Ssim, Ssim__Output as _codeclab_v1_Ssim__Output } from './codeclab/v1/Ssim';
import type { Still as _codeclab_v1_Still, Still__Output as _codeclab_v1_Still__Output } from './codeclab/v1/Still';
import type { SyntheticSource as _codeclab_v1_SyntheticSource, SyntheticSource__Output as _codeclab_v1_SyntheticSource__Output } from './codeclab/v1/SyntheticSource';
import type { UploadSourceChunk as _codeclab_v1_UploadSourceChunk, UploadSourceChunk__Output as _codeclab_v1_UploadSourceChunk__Output } from './codeclab/v1/UploadSourceChunk';
import type { UploadSourceHeader as _codeclab_v1_UploadSourceHeader, UploadSourceHeader__Output as _codeclab_v1_UploadSourceHeader__Output } from './codeclab/v1/UploadSourceHeader';
import type { UploadedSource as _codeclab_v1_UploadedSource, UploadedSource__Output as _codeclab_v1_UploadedSource__Output } from './codeclab/v1/UploadedSource';
import type { Vmaf as _codeclab_v1_Vmaf, Vmaf__Output as _codeclab_v1_Vmaf__Output } from './codeclab/v1/Vmaf';
import type { VmafOptions as _codeclab_v1_VmafOptions, VmafOptions__Output as _codeclab_v1_VmafOptions__Output } from './codeclab/v1/VmafOptions';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  codeclab: {
    v1: {
      /**
       * Runs experiments with ffmpeg on the real source and measures the artifact.
       */
      AgentRunner: SubtypeConstructor<typeof grpc.Client, _codeclab_v1_AgentRunnerClient> & { service: _codeclab_v1_AgentRunnerDefinition }
      Analysis: MessageTypeDefinition<_codeclab_v1_Analysis, _codeclab_v1_Analysis__Output>
      BitrateRateControl: MessageTypeDefinition<_codeclab_v1_BitrateRateControl, _codeclab_v1_BitrateRateControl__Output>
      Capabilities: MessageTypeDefinition<_codeclab_v1_Capabilities, _codeclab_v1_Capabilities__Output>
      CodecConfig: MessageTypeDefinition<_codeclab_v1_CodecConfig, _codeclab_v1_CodecConfig__Output>
      Constraints: MessageTypeDefinition<_codeclab_v1_Constraints, _codeclab_v1_Constraints__Output>
      CrfRateControl: MessageTypeDefinition<_codeclab_v1_CrfRateControl, _codeclab_v1_CrfRateControl__Output>
      DescribeSourceRequest: MessageTypeDefinition<_codeclab_v1_DescribeSourceRequest, _codeclab_v1_DescribeSourceRequest__Output>
      EncoderCapability: MessageTypeDefinition<_codeclab_v1_EncoderCapability, _codeclab_v1_EncoderCapability__Output>
      ExperimentConfig: MessageTypeDefinition<_codeclab_v1_ExperimentConfig, _codeclab_v1_ExperimentConfig__Output>
      ExperimentRecord: MessageTypeDefinition<_codeclab_v1_ExperimentRecord, _codeclab_v1_ExperimentRecord__Output>
      ExperimentResult: MessageTypeDefinition<_codeclab_v1_ExperimentResult, _codeclab_v1_ExperimentResult__Output>
      Failure: MessageTypeDefinition<_codeclab_v1_Failure, _codeclab_v1_Failure__Output>
      FfmpegBuild: MessageTypeDefinition<_codeclab_v1_FfmpegBuild, _codeclab_v1_FfmpegBuild__Output>
      FileSource: MessageTypeDefinition<_codeclab_v1_FileSource, _codeclab_v1_FileSource__Output>
      FrameQuality: MessageTypeDefinition<_codeclab_v1_FrameQuality, _codeclab_v1_FrameQuality__Output>
      GetCapabilitiesRequest: MessageTypeDefinition<_codeclab_v1_GetCapabilitiesRequest, _codeclab_v1_GetCapabilitiesRequest__Output>
      GetFrameQualityRequest: MessageTypeDefinition<_codeclab_v1_GetFrameQualityRequest, _codeclab_v1_GetFrameQualityRequest__Output>
      GetLoadRequest: MessageTypeDefinition<_codeclab_v1_GetLoadRequest, _codeclab_v1_GetLoadRequest__Output>
      Load: MessageTypeDefinition<_codeclab_v1_Load, _codeclab_v1_Load__Output>
      MeanMax: MessageTypeDefinition<_codeclab_v1_MeanMax, _codeclab_v1_MeanMax__Output>
      Objective: MessageTypeDefinition<_codeclab_v1_Objective, _codeclab_v1_Objective__Output>
      ParameterStorageConfig: MessageTypeDefinition<_codeclab_v1_ParameterStorageConfig, _codeclab_v1_ParameterStorageConfig__Output>
      Prediction: MessageTypeDefinition<_codeclab_v1_Prediction, _codeclab_v1_Prediction__Output>
      PredictionCheck: MessageTypeDefinition<_codeclab_v1_PredictionCheck, _codeclab_v1_PredictionCheck__Output>
      Progress: MessageTypeDefinition<_codeclab_v1_Progress, _codeclab_v1_Progress__Output>
      Proposal: MessageTypeDefinition<_codeclab_v1_Proposal, _codeclab_v1_Proposal__Output>
      Psnr: MessageTypeDefinition<_codeclab_v1_Psnr, _codeclab_v1_Psnr__Output>
      QualityEstimate: MessageTypeDefinition<_codeclab_v1_QualityEstimate, _codeclab_v1_QualityEstimate__Output>
      RenderStillRequest: MessageTypeDefinition<_codeclab_v1_RenderStillRequest, _codeclab_v1_RenderStillRequest__Output>
      Resolution: MessageTypeDefinition<_codeclab_v1_Resolution, _codeclab_v1_Resolution__Output>
      RunEvent: MessageTypeDefinition<_codeclab_v1_RunEvent, _codeclab_v1_RunEvent__Output>
      RunExperimentRequest: MessageTypeDefinition<_codeclab_v1_RunExperimentRequest, _codeclab_v1_RunExperimentRequest__Output>
      S3Source: MessageTypeDefinition<_codeclab_v1_S3Source, _codeclab_v1_S3Source__Output>
      Source: MessageTypeDefinition<_codeclab_v1_Source, _codeclab_v1_Source__Output>
      SourceDescription: MessageTypeDefinition<_codeclab_v1_SourceDescription, _codeclab_v1_SourceDescription__Output>
      SourceFeatures: MessageTypeDefinition<_codeclab_v1_SourceFeatures, _codeclab_v1_SourceFeatures__Output>
      Ssim: MessageTypeDefinition<_codeclab_v1_Ssim, _codeclab_v1_Ssim__Output>
      Still: MessageTypeDefinition<_codeclab_v1_Still, _codeclab_v1_Still__Output>
      SyntheticSource: MessageTypeDefinition<_codeclab_v1_SyntheticSource, _codeclab_v1_SyntheticSource__Output>
      UploadSourceChunk: MessageTypeDefinition<_codeclab_v1_UploadSourceChunk, _codeclab_v1_UploadSourceChunk__Output>
      UploadSourceHeader: MessageTypeDefinition<_codeclab_v1_UploadSourceHeader, _codeclab_v1_UploadSourceHeader__Output>
      UploadedSource: MessageTypeDefinition<_codeclab_v1_UploadedSource, _codeclab_v1_UploadedSource__Output>
      Vmaf: MessageTypeDefinition<_codeclab_v1_Vmaf, _codeclab_v1_Vmaf__Output>
      VmafOptions: MessageTypeDefinition<_codeclab_v1_VmafOptions, _codeclab_v1_VmafOptions__Output>
    }
  }
}

