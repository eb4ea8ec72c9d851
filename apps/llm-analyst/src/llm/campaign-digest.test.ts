import { describe, expect, it } from 'vitest';
import { configHash, ExperimentConfigSchema, runnerOffer, type HistoryEntry, type Objective } from '@codec-lab/domain';
import { measuredResult } from '@codec-lab/domain/testing';
import { historyTable, paretoFront } from './campaign-digest.ts';

const objective: Objective = { targetBitrateMbps: 0.2, metric: 'psnr' };

function entry(seq: number, bitrateBps: number, psnr: number, status: HistoryEntry['status'] = 'succeeded'): HistoryEntry {
  const config = ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 20 + seq } });
  return {
    seq,
    config,
    configHash: configHash(config),
    status,
    origin: 'planner',
    hypothesis: 'h',
    failure: status === 'failed' ? { code: 'ERR_X', message: 'a | b' } : undefined,
    // The table prints the SSIM.
    result: status === 'succeeded' ? measuredResult(bitrateBps, psnr, { ssim: { y: 0.9, u: 0.9, v: 0.9, all: 0.9 } }) : undefined,
  };
}

describe('campaign digest', () => {
  it('keeps only the measured experiments nothing beats on both bitrate and quality, cheapest first', () => {
    const history = [entry(1, 400_000, 40), entry(2, 200_000, 37), entry(3, 300_000, 36), entry(4, 200_000, 37.5), entry(5, 0, 0, 'failed')];
    expect(paretoFront(history, objective).map((e) => e.seq)).toEqual([4, 1]);
  });

  it('shows failures in the table without breaking its columns', () => {
    const table = historyTable({
      campaignId: 'c', source: { kind: 'file', path: 'a.mp4' }, objective, maxExperiments: 3,
      history: [entry(1, 210_000, 38.5), entry(2, 0, 0, 'failed')], analyst: 'llm',
      offer: runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafAvailable: false, ffmpegVersion: '5.1', gpuName: '' }, 1),
    });
    expect(table.split('\n')).toEqual([
      '| seq | origin | config | Mbps | vs target | PSNR dB | SSIM | VMAF | status |',
      '|---|---|---|---|---|---|---|---|---|',
      '| 1 | planner | libx264 medium crf 21 | 0.210 | +5.0% | 38.50 | 0.9000 | n/a | succeeded |',
      '| 2 | planner | libx264 medium crf 22 | - | - | - | - | - | failed: ERR_X a / b |',
    ]);
  });
});
