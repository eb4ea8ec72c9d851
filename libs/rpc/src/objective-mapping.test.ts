import { credentials, status } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, runnerOffer, type Analysis, type CampaignContext, type Objective, type Prediction, type Proposal } from '@codec-lab/domain';
import { budgetObjective, measuredResult } from '@codec-lab/domain/testing';
import { loadContracts, type LlmAnalystClient, type WireCampaignContext, type WireAnalysisOutput, type WireProposeRequestOutput, type WireProposeResponseOutput } from '@codec-lab/contracts';
import { createGrpcMetrics, createLogger } from '@codec-lab/observability';
import { CLIENT_OPTIONS } from './client.ts';
import { unaryHandler } from './handlers.ts';
import { analysisFromWire, analysisToWire, contextFromWire, contextToWire, proposalFromWire, proposalToWire } from './mapping.ts';
import { startGrpcServer, type RunningGrpcServer } from './server.ts';
import { toGrpcStatus } from './status.ts';

// Objectives, predictions and prediction checks through the real protobuf serialisers (with the
// loader's options, so proto3 dropping zeros is part of it) and through a real server on loopback.
const service = loadContracts().codeclab.v1.LlmAnalyst.service;
const offer = runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 2);
const prediction: Prediction = {
  bitrateBps: 480_000,
  bitrateSigma: 0.1,
  quality: { value: 38.5, sigma: 0.6, metric: 'psnr' },
  encodeSeconds: 0.8,
  gainPerSecond: 0.25,
  basis: 'fitted on 3 points of libx264 medium',
};
const contextWith = (objective: Objective): CampaignContext => ({
  campaignId: 'c1',
  source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
  objective,
  maxExperiments: 3,
  history: [
    { seq: 1, config: BASELINE_CONFIG, configHash: 'h1', status: 'succeeded', result: measuredResult(450_000, 38.1), origin: 'planner', hypothesis: 'the baseline', prediction },
  ],
  analyst: 'planner',
  offer,
  vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
});
const decodeContext = (wire: unknown) => (service.Propose.requestDeserialize(service.Propose.requestSerialize({ context: wire as WireCampaignContext })) as WireProposeRequestOutput).context;
const overTheWire = (context: CampaignContext) => contextFromWire(decodeContext(contextToWire(context)));
/** What a caller sends as the objective, in the wire's own field names. */
const withWireObjective = (objective: Record<string, unknown>) => decodeContext({ ...contextToWire(contextWith(budgetObjective(1))), objective });
/** What the caller is told: the status a handler answers with. */
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    const answer = toGrpcStatus(error);
    expect(answer.code).toBe(status.INVALID_ARGUMENT);
    return answer.details;
  }
  throw new Error('expected a refusal');
};

describe('objective mapping', () => {
  const objectives: [string, Objective][] = [
    ['a strict budget', budgetObjective(0.5)],
    [
      'a budget with tolerance, minimum quality and every constraint',
      budgetObjective(0.5, 'ssim', {
        tolerance: 0.05,
        minQuality: 0.95,
        constraints: { minEncodeFps: 30, minRealtime: 1.5, encoders: ['libx264', 'libsvtav1'], maxSizeBytes: 5_000_000, pixelFormat: 'yuv420p10le' },
      }),
    ],
    ['a quality target', { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 93, constraints: { encoders: ['libx265'] } }],
    ['a Pareto front', { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 2 }],
    ['a Pareto front with empty constraints', { kind: 'pareto', metric: 'ssim', maxBitrateMbps: 2, constraints: {} }],
  ];
  it.each(objectives)('keeps %s through protobuf encoding', (_name, objective) => {
    expect(overTheWire(contextWith(objective)).objective).toEqual(objective);
  });

  it('reads an objective without a kind (as older callers send it) as a strict budget', () => {
    const context = contextFromWire(withWireObjective({ targetBitrateMbps: 0.5, metric: 'vmaf', minQuality: 90 }));
    expect(context.objective).toEqual(budgetObjective(0.5, 'vmaf', { minQuality: 90 }));
  });

  it.each([
    ['a quality target without its target', { kind: 'bitrate-at-quality', metric: 'vmaf' }, 'objective.targetQuality'],
    ['a quality target off its scale', { kind: 'bitrate-at-quality', metric: 'ssim', targetQuality: 2 }, 'objective.targetQuality'],
    ['a Pareto front without its upper end', { kind: 'pareto', metric: 'psnr' }, 'objective.maxBitrateMbps'],
    ['a tolerance on a Pareto front', { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 2, tolerance: 0.05 }, 'tolerance'],
    ['a budget on a quality target', { kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 40, targetBitrateMbps: 1 }, 'targetBitrateMbps'],
    ['an unknown kind', { kind: 'fastest', targetBitrateMbps: 1 }, 'objective.kind'],
    ['an unknown encoder', { targetBitrateMbps: 1, constraints: { encoders: ['libx264', 'x264 -vf'] } }, 'objective.constraints.encoders.1'],
    ['a zero frame rate', { targetBitrateMbps: 1, constraints: { minEncodeFps: 0 } }, 'objective.constraints.minEncodeFps'],
    ['an unknown pixel format', { targetBitrateMbps: 1, constraints: { pixelFormat: 'rgb24' } }, 'objective.constraints.pixelFormat'],
  ])('refuses %s, naming the field', (_name, objective, field) => {
    expect(refusal(() => contextFromWire(withWireObjective(objective)))).toContain(field);
  });
});

describe('prediction mapping', () => {
  const proposal: Proposal = { hypothesis: 'slower preset', rationale: 'r', config: BASELINE_CONFIG, origin: 'planner', validationErrors: [], prediction };
  const throughPropose = (p: Proposal) =>
    proposalFromWire((service.Propose.responseDeserialize(service.Propose.responseSerialize({ proposal: proposalToWire(p) })) as WireProposeResponseOutput).proposal);
  const analysis: Analysis = {
    summary: 's',
    rootCause: 'r',
    insights: [],
    nextStep: 'n',
    origin: 'planner',
    predictionCheck: { bitrateError: -0.0625, qualityError: -0.4, qualitySigmas: -0.67, encodeSecondsRatio: 1.1 },
  };
  const throughAnalyze = (a: Analysis) => analysisFromWire(service.Analyze.responseDeserialize(service.Analyze.responseSerialize(analysisToWire(a))) as WireAnalysisOutput);

  it("keeps a proposal's prediction, and a proposal without one has none", () => {
    expect(throughPropose(proposal)).toEqual(proposal);
    const { prediction: _p, ...plain } = proposal;
    expect(throughPropose(plain)).toEqual(plain);
  });

  it('keeps a prediction whose sigmas are zero and that ranked nothing', () => {
    const { gainPerSecond: _g, ...exact } = prediction;
    const sure = { ...proposal, prediction: { ...exact, bitrateSigma: 0, quality: { value: 40, sigma: 0, metric: 'vmaf' as const } } };
    expect(throughPropose(sure)).toEqual(sure);
  });

  it("keeps an analysis's prediction check, zeros included, and an analysis without one has none", () => {
    expect(throughAnalyze(analysis)).toEqual(analysis);
    const onTarget = { ...analysis, predictionCheck: { bitrateError: 0, qualityError: 0, qualitySigmas: 0, encodeSecondsRatio: 1 } };
    expect(throughAnalyze(onTarget)).toEqual(onTarget);
    const { predictionCheck: _c, ...plain } = analysis;
    expect(throughAnalyze(plain)).toEqual(plain);
  });

  it("keeps the history's predictions", () => {
    expect(overTheWire(contextWith(budgetObjective(0.5))).history[0]?.prediction).toEqual(prediction);
  });

  it("keeps the planner's prediction beside a language model's, and its check beside the proposal's, zeros included", () => {
    const { gainPerSecond: _g, ...exact } = prediction;
    const planners: Prediction = { ...exact, bitrateBps: 500_000, bitrateSigma: 0, quality: { value: 0, sigma: 0, metric: 'psnr' }, encodeSeconds: 0, basis: 'priors for libx264 slow, placed from the measured libx264 medium' };
    const llm: Proposal = { hypothesis: 'slower preset', rationale: 'r', config: BASELINE_CONFIG, origin: 'llm', model: 'm', expectedBitrateBps: 470_000, validationErrors: [], plannerPrediction: planners };
    expect(throughPropose(llm)).toEqual(llm);
    expect(throughPropose({ ...llm, prediction })).toEqual({ ...llm, prediction });

    const checked: Analysis = { ...analysis, plannerPredictionCheck: { bitrateError: 0, qualityError: 0.25, qualitySigmas: 0, encodeSecondsRatio: 1 } };
    expect(throughAnalyze(checked)).toEqual(checked);
    const { predictionCheck: _c, ...plannerOnly } = checked;
    expect(throughAnalyze(plannerOnly)).toEqual(plannerOnly);

    const context = contextWith(budgetObjective(0.5));
    const { prediction: _p, ...first } = context.history[0]!;
    const entry = { ...first, origin: 'llm' as const, plannerPrediction: planners };
    expect(overTheWire({ ...context, history: [entry] }).history).toEqual([entry]);
  });
});

describe('over a real server', () => {
  let server: RunningGrpcServer;
  let client: LlmAnalystClient;
  beforeAll(async () => {
    const ctx = { logger: createLogger('test', 'silent'), metrics: createGrpcMetrics(new Registry(), 'server'), service: 'llm-analyst' };
    // Answers with a proposal predicting in the objective's metric, as an analyst does.
    const propose = unaryHandler(ctx, 'Propose', async (request: WireProposeRequestOutput) => {
      const context = contextFromWire(request.context);
      return { proposal: proposalToWire({ hypothesis: 'h', rationale: 'r', config: BASELINE_CONFIG, origin: 'planner', validationErrors: [], prediction: { ...prediction, quality: { ...prediction.quality, metric: context.objective.metric } } }) };
    });
    server = await startGrpcServer({ host: '127.0.0.1', port: 0, services: [{ name: 'codeclab.v1.LlmAnalyst', definition: service, handlers: { Propose: propose } }] });
    client = new (loadContracts().codeclab.v1.LlmAnalyst)(`127.0.0.1:${server.port}`, credentials.createInsecure(), CLIENT_OPTIONS) as LlmAnalystClient;
  });
  afterAll(async () => {
    client?.close();
    await server?.shutdown(1000);
  });
  const call = (context: unknown) =>
    new Promise<{ error?: { code?: number; details?: string }; response?: WireProposeResponseOutput }>((resolve) =>
      client.Propose({ context } as never, { deadline: Date.now() + 10_000 }, (error, response) => resolve({ error: error ?? undefined, response })),
    );

  it('answers a quality target with a prediction in its metric', async () => {
    const { error, response } = await call(contextToWire(contextWith({ kind: 'bitrate-at-quality', metric: 'ssim', targetQuality: 0.97 })));
    expect(error).toBeUndefined();
    expect(proposalFromWire(response?.proposal).prediction?.quality.metric).toBe('ssim');
  });

  it('refuses a quality target without its target as INVALID_ARGUMENT naming objective.targetQuality', async () => {
    const { error } = await call({ ...contextToWire(contextWith(budgetObjective(1))), objective: { kind: 'bitrate-at-quality', metric: 'vmaf' } });
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toContain('objective.targetQuality');
  });
});
