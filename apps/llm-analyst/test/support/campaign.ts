import { pino } from 'pino';
import { Registry } from 'prom-client';
import {
  configHash,
  ExperimentConfigSchema,
  PIXEL_FORMATS,
  runnerOffer,
  type CampaignContext,
  type CodecConfigInput,
  type ExperimentResult,
  type HistoryEntry,
} from '@codec-lab/domain';
import { budgetObjective, measuredResult } from '@codec-lab/domain/testing';
import type { AnalystBackend } from '../../src/backend.ts';
import { createChatClient } from '../../src/llm/chat-client.ts';
import { CircuitBreaker } from '../../src/llm/circuit-breaker.ts';
import { createLlmBackend } from '../../src/llm/llm.backend.ts';
import type { LlmConfig, LlmProposal } from '../../src/llm/llm-schemas.ts';
import { loadPrompts } from '../../src/llm/prompts.ts';
import { createLlmMetrics } from '../../src/metrics.ts';
import { createPlannerBackend } from '../../src/planner.backend.ts';

/** A measurement of the campaign's 2 s, 60-frame 320x180 source; the prompts print every plane's PSNR. */
export function measured(bitrateBps: number, psnr: number): ExperimentResult {
  return measuredResult(bitrateBps, psnr, { durationSeconds: 2, frames: 60, width: 320, height: 180, psnr: { y: psnr - 1, u: psnr + 2, v: psnr + 2, avg: psnr } });
}

/** What the runners of these tests offer: three software encoders, every pixel format, no VMAF. */
export const OFFER = runnerOffer(
  {
    encoders: ['libx264', 'libx265', 'libsvtav1'],
    pixelFormats: { libx264: [...PIXEL_FORMATS], libx265: [...PIXEL_FORMATS], libsvtav1: [...PIXEL_FORMATS] },
    vmafModels: [],
    ffmpegVersion: '5.1',
    meterFfmpegVersion: '5.1',
    gpuName: '',
  },
  2,
);

export const x264 = (crf: number, preset = 'medium') =>
  ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset, rateControl: { mode: 'crf', crf } } satisfies CodecConfigInput);

function entry(seq: number, config: ReturnType<typeof x264>, result?: ExperimentResult): HistoryEntry {
  return {
    seq,
    config,
    configHash: configHash(config),
    status: result ? 'succeeded' : 'failed',
    result,
    failure: result ? undefined : { code: 'ERR_ENCODE_FAILED', message: 'ffmpeg exited with code 1' },
    origin: seq === 1 ? 'baseline' : 'llm',
    hypothesis: `experiment ${seq}`,
  };
}

/** An `llm` campaign with three experiments: the baseline, a coarser CRF, and one that failed. */
export function campaign(analyst: CampaignContext['analyst'] = 'llm'): CampaignContext {
  return {
    campaignId: 'c-llm',
    source: { kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 2 },
    objective: budgetObjective(0.2),
    maxExperiments: 8,
    history: [entry(1, x264(23), measured(400_000, 40.1)), entry(2, x264(28), measured(230_000, 37.2)), entry(3, x264(30, 'slow'))],
    analyst,
    offer: OFFER,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
  };
}

/** A flat config as the model writes it: libx264 medium CRF 30 unless overridden. */
export function llmConfig(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
    strategy: 'codec',
    parameterStorage: null,
    encoder: 'libx264',
    preset: 'medium',
    rateMode: 'crf',
    crf: 30,
    kbps: null,
    passes: null,
    gop: null,
    bFrames: null,
    pixelFormat: 'yuv420p',
    tune: null,
    width: null,
    height: null,
    filmGrain: null,
    options: [],
    ...overrides,
  };
}

/** A whole proposal as the model writes it, serialised. */
export function llmAnswer(config: Partial<LlmConfig> = {}, extra: Partial<LlmProposal> = {}): string {
  return JSON.stringify({
    hypothesis: 'CRF 30 should bring libx264 medium from 0.230 to about 0.19 Mbps.',
    rationale: 'Experiment 2 (CRF 28) measured 0.230 Mbps; about 6 CRF halves the bitrate.',
    expectedBitrateMbps: 0.19,
    config: llmConfig(config),
    ...extra,
  });
}

export interface TestBackend {
  readonly backend: AnalystBackend;
  readonly registry: Registry;
  readonly clock: { t: number };
}

/** The LLM backend on the real `openai` client, pointed at `baseURL`, with a clock the test moves. */
export function llmBackend(baseURL: string, options: { budgetMs?: number; maxRetries?: number; breakerFailures?: number } = {}): TestBackend {
  const registry = new Registry();
  const clock = { t: 0 };
  const backend = createLlmBackend({
    chat: createChatClient({ baseURL, apiKey: 'test-key', model: 'fake-model', maxRetries: options.maxRetries ?? 2, maxOutputTokens: 800 }),
    prompts: loadPrompts(),
    breaker: new CircuitBreaker({ failureThreshold: options.breakerFailures ?? 3, cooldownMs: 1000, now: () => clock.t }),
    metrics: createLlmMetrics(registry),
    budgetMs: options.budgetMs ?? 5000,
    planner: createPlannerBackend(),
    logger: pino({ level: 'silent' }),
  });
  return { backend, registry, clock };
}
