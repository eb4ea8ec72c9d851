import {
  AnalysisSchema,
  CampaignContextSchema,
  ProposalSchema,
  SourceSchema,
  type Analysis,
  type CampaignContext,
  type HistoryEntry,
  type Proposal,
  type Source,
} from '@codec-lab/domain';
import type {
  WireAnalysis,
  WireAnalysisOutput,
  WireCampaignContext,
  WireCampaignContextOutput,
  WireExperimentRecord,
  WireExperimentRecordOutput,
  WireProposal,
  WireProposalOutput,
  WireSource,
  WireSourceOutput,
} from '@codec-lab/contracts';
import { configFromWire, configToWire } from './config-mapping.ts';
import { resultFromWire, resultToWire, vmafOptionsFromWire } from './result-mapping.ts';
import { objectiveInputFromWire, objectiveToWire, predictionCheckFromWire, predictionCheckToWire, predictionInputFromWire, predictionToWire } from './objective-mapping.ts';
import { offerFromWire, offerToWire } from './runner-mapping.ts';
import { knowledgeFromWire, knowledgeToWire } from './knowledge-mapping.ts';
import { missing } from './wire.ts';

// proto3 leaves zero scalars off the wire; the loader runs with defaults off, so a missing number
// means 0 and a missing string means ''. Every *FromWire result is parsed with the domain schema.

export function sourceToWire(source: Source): WireSource {
  if (source.kind === 'file') return { file: { path: source.path } };
  if (source.kind === 's3') return { s3: { uri: source.uri } };
  const { kind: _kind, ...synthetic } = source;
  return { synthetic };
}

export function sourceFromWire(wire: WireSourceOutput | null | undefined): Source {
  if (wire?.synthetic) {
    const s = wire.synthetic;
    return SourceSchema.parse({
      kind: 'synthetic',
      generator: s.generator ?? '',
      width: s.width ?? 0,
      height: s.height ?? 0,
      fps: s.fps ?? 0,
      seconds: s.seconds ?? 0,
    });
  }
  if (wire?.file) return SourceSchema.parse({ kind: 'file', path: wire.file.path ?? '' });
  if (wire?.s3) return SourceSchema.parse({ kind: 's3', uri: wire.s3.uri ?? '' });
  return missing('source');
}

export function proposalToWire(proposal: Proposal): WireProposal {
  const { prediction, plannerPrediction, ...rest } = proposal;
  return {
    ...rest,
    config: configToWire(proposal.config),
    ...(prediction ? { prediction: predictionToWire(prediction) } : {}),
    ...(plannerPrediction ? { plannerPrediction: predictionToWire(plannerPrediction) } : {}),
  };
}

export function proposalFromWire(wire: WireProposalOutput | null | undefined): Proposal {
  if (!wire) return missing('proposal');
  return ProposalSchema.parse({
    hypothesis: wire.hypothesis ?? '',
    rationale: wire.rationale ?? '',
    config: configFromWire(wire.config),
    expectedBitrateBps: wire.expectedBitrateBps,
    ...(wire.prediction ? { prediction: predictionInputFromWire(wire.prediction) } : {}),
    ...(wire.plannerPrediction ? { plannerPrediction: predictionInputFromWire(wire.plannerPrediction) } : {}),
    origin: wire.origin ?? '',
    model: wire.model,
    validationErrors: wire.validationErrors,
    fallbackReason: wire.fallbackReason,
    rawOutput: wire.rawOutput,
    tokens: wire.tokens,
    latencyMs: wire.latencyMs,
  });
}

export function analysisToWire(analysis: Analysis): WireAnalysis {
  const { predictionCheck, plannerPredictionCheck, ...rest } = analysis;
  return {
    ...rest,
    ...(predictionCheck ? { predictionCheck: predictionCheckToWire(predictionCheck) } : {}),
    ...(plannerPredictionCheck ? { plannerPredictionCheck: predictionCheckToWire(plannerPredictionCheck) } : {}),
  };
}

export function analysisFromWire(wire: WireAnalysisOutput | null | undefined): Analysis {
  if (!wire) return missing('analysis');
  return AnalysisSchema.parse({
    summary: wire.summary ?? '',
    rootCause: wire.rootCause ?? '',
    insights: wire.insights,
    ...(wire.predictionCheck ? { predictionCheck: predictionCheckFromWire(wire.predictionCheck) } : {}),
    ...(wire.plannerPredictionCheck ? { plannerPredictionCheck: predictionCheckFromWire(wire.plannerPredictionCheck) } : {}),
    nextStep: wire.nextStep ?? '',
    origin: wire.origin ?? '',
    model: wire.model,
    fallbackReason: wire.fallbackReason,
    rawOutput: wire.rawOutput,
    tokens: wire.tokens,
    latencyMs: wire.latencyMs,
  });
}

function historyToWire(entry: HistoryEntry): WireExperimentRecord {
  const { prediction, plannerPrediction, ...rest } = entry;
  return {
    ...rest,
    config: configToWire(entry.config),
    result: entry.result ? resultToWire(entry.result) : undefined,
    ...(prediction ? { prediction: predictionToWire(prediction) } : {}),
    ...(plannerPrediction ? { plannerPrediction: predictionToWire(plannerPrediction) } : {}),
  };
}

// Parsed with the rest of the context, so that an issue's path names the entry's field.
function historyFromWire(wire: WireExperimentRecordOutput): Record<string, unknown> {
  return {
    seq: wire.seq ?? 0,
    config: configFromWire(wire.config),
    configHash: wire.configHash ?? '',
    status: wire.status ?? '',
    result: wire.result ? resultFromWire(wire.result) : undefined,
    failure: wire.failure ? { code: wire.failure.code ?? '', message: wire.failure.message ?? '' } : undefined,
    origin: wire.origin ?? '',
    hypothesis: wire.hypothesis ?? '',
    ...(wire.prediction ? { prediction: predictionInputFromWire(wire.prediction) } : {}),
    ...(wire.plannerPrediction ? { plannerPrediction: predictionInputFromWire(wire.plannerPrediction) } : {}),
  };
}

export function contextToWire(context: CampaignContext): WireCampaignContext {
  return {
    ...context,
    source: sourceToWire(context.source),
    objective: objectiveToWire(context.objective),
    history: context.history.map(historyToWire),
    offer: offerToWire(context.offer),
    ...(context.knowledge ? { knowledge: knowledgeToWire(context.knowledge) } : {}),
  };
}

export function contextFromWire(wire: WireCampaignContextOutput | null | undefined): CampaignContext {
  if (!wire) return missing('context');
  return CampaignContextSchema.parse({
    campaignId: wire.campaignId ?? '',
    source: sourceFromWire(wire.source),
    objective: wire.objective ? objectiveInputFromWire(wire.objective) : missing('context.objective'),
    maxExperiments: wire.maxExperiments ?? 0,
    history: wire.history.map(historyFromWire),
    analyst: wire.analyst ?? '',
    offer: wire.offer ? offerFromWire(wire.offer) : missing('context.offer'),
    vmaf: vmafOptionsFromWire(wire.vmaf),
    ...(wire.knowledge ? { knowledge: knowledgeFromWire(wire.knowledge) } : {}),
  });
}
