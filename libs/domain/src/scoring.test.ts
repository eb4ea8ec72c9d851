import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG } from './config.schema.ts';
import type { HistoryEntry } from './campaign.schema.ts';
import { bestMeetingEntry, comparableMetric, qualityOf } from './scoring.ts';
import { measuredResult, vmafScore, budgetObjective } from './testing.ts';

const entry = (seq: number, result: HistoryEntry['result']): HistoryEntry => ({
  seq,
  config: BASELINE_CONFIG,
  configHash: String(seq),
  status: 'succeeded',
  result,
  origin: 'planner',
  hypothesis: '',
});
const objective = budgetObjective(0.2, 'vmaf');

describe('ranking in VMAF', () => {
  it('ranks by VMAF when every result has it', () => {
    const history = [entry(1, measuredResult(190_000, 40, { vmaf: vmafScore(80) })), entry(2, measuredResult(190_000, 38, { vmaf: vmafScore(90) }))];
    expect(bestMeetingEntry(history, objective)?.seq).toBe(2);
    expect(qualityOf(history[1]!.result!, 'vmaf')).toEqual({ metric: 'vmaf', value: 90 });
  });

  it('ranks all in PSNR when some result has no VMAF, never VMAF points against decibels', () => {
    // Mixed, experiment 1's 45 dB would stand in for VMAF and lose to experiment 2's VMAF 90.
    const history = [entry(1, measuredResult(190_000, 45)), entry(2, measuredResult(190_000, 38, { vmaf: vmafScore(90) }))];
    expect(comparableMetric(history.map((e) => e.result!), 'vmaf')).toBe('psnr');
    expect(bestMeetingEntry(history, objective)?.seq).toBe(1);
  });

  it('leaves PSNR and SSIM objectives alone', () => {
    expect(comparableMetric([measuredResult(1, 30)], 'ssim')).toBe('ssim');
    expect(comparableMetric([], 'vmaf')).toBe('vmaf');
  });
});
