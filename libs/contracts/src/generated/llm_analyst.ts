import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Analysis as _codeclab_v1_Analysis, Analysis__Output as _codeclab_v1_Analysis__Output } from './codeclab/v1/Analysis';
import type { AnalyzeRequest as _codeclab_v1_AnalyzeRequest, AnalyzeRequest__Output as _codeclab_v1_AnalyzeRequest__Output } from './codeclab/v1/AnalyzeRequest';
import type { BitrateRateControl as _codeclab_v1_BitrateRateControl, BitrateRateControl__Output as _codeclab_v1_BitrateRateControl__Output } from './codeclab/v1/BitrateRateControl';
import type { CampaignContext as _codeclab_v1_CampaignContext, CampaignContext__Output as _codeclab_v1_CampaignContext__Output } from './codeclab/v1/CampaignContext';
import type { Capabilities as _codeclab_v1_Capabilities, Capabilities__Output as _codeclab_v1_Capabilities__Output } from './codeclab/v1/Capabilities';
import type { CodecConfig as _codeclab_v1_CodecConfig, CodecConfig__Output as _codeclab_v1_CodecConfig__Output } from './codeclab/v1/CodecConfig';
import type { Constraints as _codeclab_v1_Constraints, Constraints__Output as _codeclab_v1_Constraints__Output } from './codeclab/v1/Constraints';
import type { CrfRateControl as _codeclab_v1_CrfRateControl, CrfRateControl__Output as _codeclab_v1_CrfRateControl__Output } from './codeclab/v1/CrfRateControl';
import type { EncoderCapability as _codeclab_v1_EncoderCapability, EncoderCapability__Output as _codeclab_v1_EncoderCapability__Output } from './codeclab/v1/EncoderCapability';
import type { Estimate as _codeclab_v1_Estimate, Estimate__Output as _codeclab_v1_Estimate__Output } from './codeclab/v1/Estimate';
import type { ExperimentConfig as _codeclab_v1_ExperimentConfig, ExperimentConfig__Output as _codeclab_v1_ExperimentConfig__Output } from './codeclab/v1/ExperimentConfig';
import type { ExperimentRecord as _codeclab_v1_ExperimentRecord, ExperimentRecord__Output as _codeclab_v1_ExperimentRecord__Output } from './codeclab/v1/ExperimentRecord';
import type { ExperimentResult as _codeclab_v1_ExperimentResult, ExperimentResult__Output as _codeclab_v1_ExperimentResult__Output } from './codeclab/v1/ExperimentResult';
import type { Failure as _codeclab_v1_Failure, Failure__Output as _codeclab_v1_Failure__Output } from './codeclab/v1/Failure';
import type { FfmpegBuild as _codeclab_v1_FfmpegBuild, FfmpegBuild__Output as _codeclab_v1_FfmpegBuild__Output } from './codeclab/v1/FfmpegBuild';
import type { FileSource as _codeclab_v1_FileSource, FileSource__Output as _codeclab_v1_FileSource__Output } from './codeclab/v1/FileSource';
import type { LabKnowledge as _codeclab_v1_LabKnowledge, LabKnowledge__Output as _codeclab_v1_LabKnowledge__Output } from './codeclab/v1/LabKnowledge';
import type { LlmAnalystClient as _codeclab_v1_LlmAnalystClient, LlmAnalystDefinition as _codeclab_v1_LlmAnalystDefinition } from './codeclab/v1/LlmAnalyst';
import type { MeanMax as _codeclab_v1_MeanMax, MeanMax__Output as _codeclab_v1_MeanMax__Output } from './codeclab/v1/MeanMax';
import type { MetricEstimates as _codeclab_v1_MetricEstimates, MetricEstimates__Output as _codeclab_v1_MetricEstimates__Output } from './codeclab/v1/MetricEstimates';
import type { Objective as _codeclab_v1_Objective, Objective__Output as _codeclab_v1_Objective__Output } from './codeclab/v1/Objective';
import type { ParameterStorageConfig as _codeclab_v1_ParameterStorageConfig, ParameterStorageConfig__Output as _codeclab_v1_ParameterStorageConfig__Output } from './codeclab/v1/ParameterStorageConfig';
import type { PlannerPriors as _codeclab_v1_PlannerPriors, PlannerPriors__Output as _codeclab_v1_PlannerPriors__Output } from './codeclab/v1/PlannerPriors';
import type { Prediction as _codeclab_v1_Prediction, Prediction__Output as _codeclab_v1_Prediction__Output } from './codeclab/v1/Prediction';
import type { PredictionCheck as _codeclab_v1_PredictionCheck, PredictionCheck__Output as _codeclab_v1_PredictionCheck__Output } from './codeclab/v1/PredictionCheck';
import type { PriorReference as _codeclab_v1_PriorReference, PriorReference__Output as _codeclab_v1_PriorReference__Output } from './codeclab/v1/PriorReference';
import type { ProbeCorrection as _codeclab_v1_ProbeCorrection, ProbeCorrection__Output as _codeclab_v1_ProbeCorrection__Output } from './codeclab/v1/ProbeCorrection';
import type { Proposal as _codeclab_v1_Proposal, Proposal__Output as _codeclab_v1_Proposal__Output } from './codeclab/v1/Proposal';
import type { ProposeRequest as _codeclab_v1_ProposeRequest, ProposeRequest__Output as _codeclab_v1_ProposeRequest__Output } from './codeclab/v1/ProposeRequest';
import type { ProposeResponse as _codeclab_v1_ProposeResponse, ProposeResponse__Output as _codeclab_v1_ProposeResponse__Output } from './codeclab/v1/ProposeResponse';
import type { Psnr as _codeclab_v1_Psnr, Psnr__Output as _codeclab_v1_Psnr__Output } from './codeclab/v1/Psnr';
import type { QualityEstimate as _codeclab_v1_QualityEstimate, QualityEstimate__Output as _codeclab_v1_QualityEstimate__Output } from './codeclab/v1/QualityEstimate';
import type { RejectedProposal as _codeclab_v1_RejectedProposal, RejectedProposal__Output as _codeclab_v1_RejectedProposal__Output } from './codeclab/v1/RejectedProposal';
import type { Resolution as _codeclab_v1_Resolution, Resolution__Output as _codeclab_v1_Resolution__Output } from './codeclab/v1/Resolution';
import type { S3Source as _codeclab_v1_S3Source, S3Source__Output as _codeclab_v1_S3Source__Output } from './codeclab/v1/S3Source';
import type { SimilarSource as _codeclab_v1_SimilarSource, SimilarSource__Output as _codeclab_v1_SimilarSource__Output } from './codeclab/v1/SimilarSource';
import type { Source as _codeclab_v1_Source, Source__Output as _codeclab_v1_Source__Output } from './codeclab/v1/Source';
import type { SourceDescription as _codeclab_v1_SourceDescription, SourceDescription__Output as _codeclab_v1_SourceDescription__Output } from './codeclab/v1/SourceDescription';
import type { SourceFeatures as _codeclab_v1_SourceFeatures, SourceFeatures__Output as _codeclab_v1_SourceFeatures__Output } from './codeclab/v1/SourceFeatures';
import type { Ssim as _codeclab_v1_Ssim, Ssim__Output as _codeclab_v1_Ssim__Output } from './codeclab/v1/Ssim';
import type { SyntheticSource as _codeclab_v1_SyntheticSource, SyntheticSource__Output as _codeclab_v1_SyntheticSource__Output } from './codeclab/v1/SyntheticSource';
import type { TrackPrior as _codeclab_v1_TrackPrior, TrackPrior__Output as _codeclab_v1_TrackPrior__Output } from './codeclab/v1/TrackPrior';
import type { Vmaf as _codeclab_v1_Vmaf, Vmaf__Output as _codeclab_v1_Vmaf__Output } from './codeclab/v1/Vmaf';
import type { VmafOptions as _codeclab_v1_VmafOptions, VmafOptions__Output as _codeclab_v1_VmafOptions__Output } from './codeclab/v1/VmafOptions';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  codeclab: {
    v1: {
      Analysis: MessageTypeDefinition<_codeclab_v1_Analysis, _codeclab_v1_Analysis__Output>
      AnalyzeRequest: MessageTypeDefinition<_codeclab_v1_AnalyzeRequest, _codeclab_v1_AnalyzeRequest__Output>
      BitrateRateControl: MessageTypeDefinition<_codeclab_v1_BitrateRateControl, _codeclab_v1_BitrateRateControl__Output>
      CampaignContext: MessageTypeDefinition<_codeclab_v1_CampaignContext, _codeclab_v1_CampaignContext__Output>
      Capabilities: MessageTypeDefinition<_codeclab_v1_Capabilities, _codeclab_v1_Capabilities__Output>
      CodecConfig: MessageTypeDefinition<_codeclab_v1_CodecConfig, _codeclab_v1_CodecConfig__Output>
      Constraints: MessageTypeDefinition<_codeclab_v1_Constraints, _codeclab_v1_Constraints__Output>
      CrfRateControl: MessageTypeDefinition<_codeclab_v1_CrfRateControl, _codeclab_v1_CrfRateControl__Output>
      EncoderCapability: MessageTypeDefinition<_codeclab_v1_EncoderCapability, _codeclab_v1_EncoderCapability__Output>
      Estimate: MessageTypeDefinition<_codeclab_v1_Estimate, _codeclab_v1_Estimate__Output>
      ExperimentConfig: MessageTypeDefinition<_codeclab_v1_ExperimentConfig, _codeclab_v1_ExperimentConfig__Output>
      ExperimentRecord: MessageTypeDefinition<_codeclab_v1_ExperimentRecord, _codeclab_v1_ExperimentRecord__Output>
      ExperimentResult: MessageTypeDefinition<_codeclab_v1_ExperimentResult, _codeclab_v1_ExperimentResult__Output>
      Failure: MessageTypeDefinition<_codeclab_v1_Failure, _codeclab_v1_Failure__Output>
      FfmpegBuild: MessageTypeDefinition<_codeclab_v1_FfmpegBuild, _codeclab_v1_FfmpegBuild__Output>
      FileSource: MessageTypeDefinition<_codeclab_v1_FileSource, _codeclab_v1_FileSource__Output>
      LabKnowledge: MessageTypeDefinition<_codeclab_v1_LabKnowledge, _codeclab_v1_LabKnowledge__Output>
      /**
       * Proposes the next experiment of a campaign and analyses measured results.
       */
      LlmAnalyst: SubtypeConstructor<typeof grpc.Client, _codeclab_v1_LlmAnalystClient> & { service: _codeclab_v1_LlmAnalystDefinition }
      MeanMax: MessageTypeDefinition<_codeclab_v1_MeanMax, _codeclab_v1_MeanMax__Output>
      MetricEstimates: MessageTypeDefinition<_codeclab_v1_MetricEstimates, _codeclab_v1_MetricEstimates__Output>
      Objective: MessageTypeDefinition<_codeclab_v1_Objective, _codeclab_v1_Objective__Output>
      ParameterStorageConfig: MessageTypeDefinition<_codeclab_v1_ParameterStorageConfig, _codeclab_v1_ParameterStorageConfig__Output>
      PlannerPriors: MessageTypeDefinition<_codeclab_v1_PlannerPriors, _codeclab_v1_PlannerPriors__Output>
      Prediction: MessageTypeDefinition<_codeclab_v1_Prediction, _codeclab_v1_Prediction__Output>
      PredictionCheck: MessageTypeDefinition<_codeclab_v1_PredictionCheck, _codeclab_v1_PredictionCheck__Output>
      PriorReference: MessageTypeDefinition<_codeclab_v1_PriorReference, _codeclab_v1_PriorReference__Output>
      ProbeCorrection: MessageTypeDefinition<_codeclab_v1_ProbeCorrection, _codeclab_v1_ProbeCorrection__Output>
      Proposal: MessageTypeDefinition<_codeclab_v1_Proposal, _codeclab_v1_Proposal__Output>
      ProposeRequest: MessageTypeDefinition<_codeclab_v1_ProposeRequest, _codeclab_v1_ProposeRequest__Output>
      ProposeResponse: MessageTypeDefinition<_codeclab_v1_ProposeResponse, _codeclab_v1_ProposeResponse__Output>
      Psnr: MessageTypeDefinition<_codeclab_v1_Psnr, _codeclab_v1_Psnr__Output>
      QualityEstimate: MessageTypeDefinition<_codeclab_v1_QualityEstimate, _codeclab_v1_QualityEstimate__Output>
      RejectedProposal: MessageTypeDefinition<_codeclab_v1_RejectedProposal, _codeclab_v1_RejectedProposal__Output>
      Resolution: MessageTypeDefinition<_codeclab_v1_Resolution, _codeclab_v1_Resolution__Output>
      S3Source: MessageTypeDefinition<_codeclab_v1_S3Source, _codeclab_v1_S3Source__Output>
      SimilarSource: MessageTypeDefinition<_codeclab_v1_SimilarSource, _codeclab_v1_SimilarSource__Output>
      Source: MessageTypeDefinition<_codeclab_v1_Source, _codeclab_v1_Source__Output>
      SourceDescription: MessageTypeDefinition<_codeclab_v1_SourceDescription, _codeclab_v1_SourceDescription__Output>
      SourceFeatures: MessageTypeDefinition<_codeclab_v1_SourceFeatures, _codeclab_v1_SourceFeatures__Output>
      Ssim: MessageTypeDefinition<_codeclab_v1_Ssim, _codeclab_v1_Ssim__Output>
      SyntheticSource: MessageTypeDefinition<_codeclab_v1_SyntheticSource, _codeclab_v1_SyntheticSource__Output>
      TrackPrior: MessageTypeDefinition<_codeclab_v1_TrackPrior, _codeclab_v1_TrackPrior__Output>
      Vmaf: MessageTypeDefinition<_codeclab_v1_Vmaf, _codeclab_v1_Vmaf__Output>
      VmafOptions: MessageTypeDefinition<_codeclab_v1_VmafOptions, _codeclab_v1_VmafOptions__Output>
    }
  }
}

