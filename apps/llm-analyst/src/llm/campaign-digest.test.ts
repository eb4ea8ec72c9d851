import { describe, expect, it } from 'vitest';
import { configHash, ExperimentConfigSchema, runnerOffer, type CampaignContext, type ExperimentResult, type HistoryEntry, type Objective, type VmafModel } from '@codec-lab/domain';
import { budgetObjective, measuredResult, vmafScore } from '@codec-lab/domain/testing';
import { bestText, capabilitiesText, historyTable, measuredLine, objectiveText, rateQualityFront } from './campaign-digest.ts';

const objective: Objective = budgetObjective(0.2);

function entry(seq: number, bitrateBps: number, psnr: number, status: HistoryEntry['status'] = 'succeeded', vmaf?: ExperimentResult['vmaf']): HistoryEntry {
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
    result: status === 'succeeded' ? measuredResult(bitrateBps, psnr, { ssim: { y: 0.9, u: 0.9, v: 0.9, all: 0.9 }, ...(vmaf ? { vmaf } : {}) }) : undefined,
  };
}

describe('campaign digest', () => {
  it('keeps only the measured experiments nothing beats on both bitrate and quality, cheapest first', () => {
    const history = [entry(1, 400_000, 40), entry(2, 200_000, 37), entry(3, 300_000, 36), entry(4, 200_000, 37.5), entry(5, 0, 0, 'failed')];
    expect(rateQualityFront(history, objective).map((e) => e.seq)).toEqual([4, 1]);
  });

  it('holds a budget strictly unless a tolerance is given, and says so', () => {
    const ctx = (tolerance: number): CampaignContext => ({
      campaignId: 'c', source: { kind: 'file', path: 'a.mp4' }, objective: budgetObjective(0.2, 'psnr', { tolerance }), maxExperiments: 3, history: [entry(1, 206_000, 38.5)], analyst: 'llm',
      offer: runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 1), vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    });
    expect(objectiveText(ctx(0))).toContain('- Objective: best PSNR within 0.2 Mbps (strictly at or under).\n- Answer: the highest PSNR measured at or under 0.200 Mbps (strict: any bitrate over it misses the objective, however little)');
    expect(bestText(ctx(0))).toBe('none meets the objective yet; the closest to the target is experiment 1 (libx264 medium crf 21): 0.206 Mbps, PSNR 38.50 dB, 300.0 fps (+3.0% vs the 0.200 Mbps budget), misses the objective');
    expect(objectiveText(ctx(0.05))).toContain('(up to 5.0% over it (0.210 Mbps) still counts, more misses)');
    expect(bestText(ctx(0.05))).toBe('experiment 1 (libx264 medium crf 21): 0.206 Mbps, PSNR 38.50 dB, 300.0 fps (+3.0% vs the 0.200 Mbps budget), meets the objective');
  });

  it('shows failures in the table without breaking its columns', () => {
    const table = historyTable({
      campaignId: 'c', source: { kind: 'file', path: 'a.mp4' }, objective, maxExperiments: 3,
      history: [entry(1, 210_000, 38.5), entry(2, 0, 0, 'failed')], analyst: 'llm',
      offer: runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 1), vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    });
    expect(table.split('\n')).toEqual([
      '| seq | origin | config | Mbps | PSNR dB | SSIM | VMAF vmaf_v0.6.1 | fps | vs target | objective | status |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      // The budget is strict: 5% over misses it.
      '| 1 | planner | libx264 medium crf 21 | 0.210 | 38.50 | 0.9000 | n/a | 300.0 | +5.0% | misses | succeeded |',
      '| 2 | planner | libx264 medium crf 22 | - | - | - | - | - | - | - | failed: ERR_X a / b |',
    ]);
  });
});

describe('predictions in the digest', () => {
  it('shows what a proposal predicted beside what was measured, where one did', () => {
    const predicted: HistoryEntry = {
      ...entry(2, 180_000, 37.5),
      prediction: { bitrateBps: 190_000, bitrateSigma: 0.1, quality: { value: 37.8, sigma: 0.4, metric: 'psnr' }, encodeSeconds: 0.12, basis: 'fitted on 1 point of libx264 medium' },
    };
    const table = historyTable({
      campaignId: 'c', source: { kind: 'file', path: 'a.mp4' }, objective, maxExperiments: 3, history: [entry(1, 210_000, 38.5), predicted], analyst: 'llm',
      offer: runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 1), vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    });
    expect(table.split('\n')[0]).toContain('| objective | predicted Mbps / quality / encode s | status |');
    expect(table).toContain('| 1 | planner | libx264 medium crf 21 | 0.210 | 38.50 | 0.9000 | n/a | 300.0 | +5.0% | misses | - | succeeded |');
    expect(table).toContain('| 0.180 | 37.50 | 0.9000 | n/a | 300.0 | -10.0% | meets | 0.190 +-10% / 37.80 +-0.40 / 0.12 | succeeded |');
  });
});

describe('campaign digest in a VMAF campaign', () => {
  const offer = (vmafModels: VmafModel[]) =>
    runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels, ffmpegVersion: '5.1.6', meterFfmpegVersion: vmafModels.length ? '7.0.2' : '5.1.6', gpuName: '' }, 1);
  const vmafObjective: Objective = budgetObjective(0.2, 'vmaf', { minQuality: 90 });
  const scored = (mean: number) => vmafScore(mean, { model: 'vmaf_v0.6.1neg', low1Percent: mean - 12 });
  const context = (history: HistoryEntry[], vmafModels: VmafModel[] = ['vmaf_v0.6.1', 'vmaf_v0.6.1neg']): CampaignContext => ({
    campaignId: 'c', source: { kind: 'file', path: 'a.mp4' }, objective: vmafObjective, maxExperiments: 4, history, analyst: 'llm',
    offer: offer(vmafModels), vmaf: { model: 'vmaf_v0.6.1neg', subsample: 3 },
  });

  it('names the metric, its scale, the model and the definitions, and the measuring ffmpeg', () => {
    const ctx = context([entry(1, 190_000, 38.5, 'succeeded', scored(92.4))]);
    expect(objectiveText(ctx)).toContain("- Quality metric: VMAF (vmaf_v0.6.1neg, 1 frame in 3 scored; 0 to 100, higher is better). VMAF: libvmaf's score");
    expect(objectiveText(ctx)).toContain('The result must reach at least 90 in it.');
    expect(objectiveText(ctx)).toContain('VMAF harmonic mean: ');
    expect(capabilitiesText(ctx)).toContain('- VMAF: measured by ffmpeg 7.0.2 with libvmaf (models vmaf_v0.6.1, vmaf_v0.6.1neg); this campaign scores with vmaf_v0.6.1neg. Encoding is by ffmpeg 5.1.6.');
  });

  it('shows VMAF with its model and its 1% low in the table and the lines', () => {
    const ctx = context([entry(1, 190_000, 38.5, 'succeeded', scored(92.4)), entry(2, 0, 0, 'failed')]);
    expect(historyTable(ctx).split('\n')).toEqual([
      '| seq | origin | config | Mbps | PSNR dB | SSIM | VMAF vmaf_v0.6.1neg | VMAF 1% low | fps | vs target | objective | status |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      '| 1 | planner | libx264 medium crf 21 | 0.190 | 38.50 | 0.9000 | 92.40 | 80.40 | 300.0 | -5.0% | meets | succeeded |',
      '| 2 | planner | libx264 medium crf 22 | - | - | - | - | - | - | - | - | failed: ERR_X a / b |',
    ]);
    const [first] = ctx.history;
    expect(measuredLine(first as HistoryEntry & { result: ExperimentResult }, vmafObjective)).toBe(
      'experiment 1 (libx264 medium crf 21): 0.190 Mbps, VMAF 92.40 (vmaf_v0.6.1neg), 300.0 fps (-5.0% vs the 0.200 Mbps budget), meets the objective',
    );
  });

  it('never shows PSNR as VMAF where VMAF was not measured', () => {
    const ctx = context([entry(1, 190_000, 38.5)], []);
    const [first] = ctx.history;
    expect(measuredLine(first as HistoryEntry & { result: ExperimentResult }, vmafObjective)).toContain('PSNR 38.50 dB (VMAF not measured)');
    expect(objectiveText(ctx)).toContain('VMAF is not measured here: quality is compared in PSNR (dB) instead');
    expect(capabilitiesText(ctx)).toContain('- VMAF: not measured on these runners (their measuring ffmpeg 5.1.6 has no libvmaf)');
    expect(historyTable(ctx)).toContain('| 38.50 | 0.9000 | n/a | n/a | 300.0 | -5.0% |');
  });
});
