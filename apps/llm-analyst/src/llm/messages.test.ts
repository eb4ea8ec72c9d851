import { describe, expect, it } from 'vitest';
import { configHash, ExperimentConfigSchema, MAX_EXPERIMENTS_LIMIT, ObjectiveSchema, PIXEL_FORMATS, runnerOffer, type CampaignContext, type HistoryEntry, type ObjectiveInput } from '@codec-lab/domain';
import { measuredResult } from '@codec-lab/domain/testing';
import { analyzeMessages, proposeMessages } from './messages.ts';
import { loadPrompts } from './prompts.ts';

// A campaign at the largest budget the API takes still fits a small model's context window: about
// 6.4k tokens of prompt at ~3.3 characters a token, leaving room for the answer in 8k.
const MAX_PROMPT_CHARS = 21_000;

function fullCampaign(objective: ObjectiveInput): CampaignContext {
  const history: HistoryEntry[] = Array.from({ length: MAX_EXPERIMENTS_LIMIT }, (_, i) => {
    const config = ExperimentConfigSchema.parse({
      strategy: 'codec', encoder: i % 2 ? 'libx264' : 'libsvtav1', preset: i % 2 ? 'medium' : '8', rateControl: { mode: 'crf', crf: 20 + (i % 30) }, gop: 60 + i,
    });
    const result = measuredResult(150_000 + i * 3000, 35 + (i % 7) * 0.7, { encodeFps: 100 + i });
    // Every proposal predicted (the planner's do): the longest table.
    const prediction = { bitrateBps: 160_000 + i * 3000, bitrateSigma: 0.12, quality: { value: 36, sigma: 0.5, metric: 'psnr' as const }, encodeSeconds: 0.4, basis: 'fitted on 3 points of libx264 medium' };
    return { seq: i + 1, config, configHash: configHash(config), status: 'succeeded', result, origin: 'planner', hypothesis: `Hypothesis ${i + 1}: CRF ${20 + (i % 30)} moves the bitrate.`, prediction };
  });
  const offer = runnerOffer(
    { encoders: ['libx264', 'libx265', 'libsvtav1'], pixelFormats: { libx264: [...PIXEL_FORMATS], libx265: [...PIXEL_FORMATS], libsvtav1: [...PIXEL_FORMATS] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' },
    1,
  );
  return {
    campaignId: 'c', source: { kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 2 }, objective: ObjectiveSchema.parse(objective),
    maxExperiments: MAX_EXPERIMENTS_LIMIT, history, analyst: 'llm', offer, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
  };
}

const size = (messages: ReturnType<typeof proposeMessages>) => messages.map((m) => String(m.content)).join('\n').length;

describe('prompt size', () => {
  const objectives: ObjectiveInput[] = [
    { targetBitrateMbps: 0.2, tolerance: 0.05, minQuality: 36 },
    // Every experiment keeps to the encoders and pixel format (the orchestrator refuses any other); many are too slow or under the target.
    { kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 38, constraints: { encoders: ['libx264', 'libsvtav1'], minEncodeFps: 120, pixelFormat: 'yuv420p' } },
    { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 0.3 },
  ];

  // Each prompt carries the planner's candidates, so building it weighs every track as planNext
  // does: seconds for a Pareto front of 50 points (hypervolumes) on two busy cores.
  it.each(objectives)('stays within a small context window with every experiment run (%o)', { timeout: 120_000 }, (objective) => {
    const context = fullCampaign(objective);
    const prompts = loadPrompts();
    expect(size(proposeMessages(prompts, context, new Map()))).toBeLessThan(MAX_PROMPT_CHARS);
    expect(size(analyzeMessages(prompts, context, context.history.at(-1)!))).toBeLessThan(MAX_PROMPT_CHARS);
  });
});
