import { pino } from 'pino';
import { Registry } from 'prom-client';
import {
  configHash,
  ExperimentConfigSchema,
  type CampaignContext,
  type CodecConfigInput,
  type ExperimentResult,
  type HistoryEntry,
} from '@codec-lab/domain';
import type { AnalystBackend } from '../../src/backend.ts';
import { createChatClient } from '../../src/llm/chat-client.ts';
import { CircuitBreaker } from '../../src/llm/circuit-breaker.ts';
import { createLlmBackend } from '../../src/llm/llm.backend.ts';
import type { LlmConfig, LlmProposal } from '../../src/llm/llm-schemas.ts';
import { loadPrompts } from '../../src/llm/prompts.ts';
import { createLlmMetrics } from '../../src/metrics.ts';
import { createPlannerBackend } from '../../src/planner.backend.ts';

export function measured(bitrateBps: number, psnr: number): ExperimentResult {
  return {
    bytes: Math.round(bitrateBps / 4),
    durationSeconds: 2,
    bitrateBps,
    width: 320,
    height: 180,
    frames: 60,
    sourceFrames: 60,
    psnr: { y: psnr - 1, u: psnr + 2, v: psnr + 2, avg: psnr },
    ssim: { y: 0.95, u: 0.97, v: 0.97, all: 0.96 },
    vmaf: { available: false, reason: 'ffmpeg has no libvmaf' },
    encodeSeconds: 0.4,
    encodeFps: 150,
    measureSeconds: 0.2,
    artifactUri: 'file:///tmp/artifact.mp4',
    artifactSha256: 'a'.repeat(64),
    mode: 'full',
    ffmpegVersion: '5.1',
  };
}

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
    objective: { targetBitrateMbps: 0.2, metric: 'psnr' },
    maxExperiments: 8,
    history: [entry(1, x264(23), measured(400_000, 40.1)), entry(2, x264(28), measured(230_000, 37.2)), entry(3, x264(30, 'slow'))],
    availableEncoders: ['libx264', 'libx265', 'libsvtav1'],
    analyst,
  };
}

/** A flat config as the model writes it: libx264 medium CRF 30 unless overridden. */
export function llmConfig(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
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
