import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, type ExperimentConfig } from './config.schema.ts';
import type { HistoryEntry } from './campaign.schema.ts';
import { formatIssues } from './errors.ts';
import { describeObjective, ObjectiveSchema } from './objective.schema.ts';
import { hypervolume, nonDominated, paretoFront, type ParetoPoint } from './pareto.ts';
import { bestMeetingEntry, closestEntry, meetsObjective, objectiveViolations } from './scoring.ts';
import { measuredResult, vmafScore } from './testing.ts';

const svt: ExperimentConfig = { strategy: 'codec', encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'crf', crf: 35 }, pixelFormat: 'yuv420p' };
const entry = (seq: number, result: NonNullable<HistoryEntry['result']>, config: ExperimentConfig = BASELINE_CONFIG): HistoryEntry => ({
  seq,
  config,
  configHash: String(seq),
  status: 'succeeded',
  result,
  origin: 'planner',
  hypothesis: '',
});

describe('objectives', () => {
  it('reads an objective without a kind as a strict bitrate budget, as stored campaigns and older clients send it', () => {
    const objective = ObjectiveSchema.parse({ targetBitrateMbps: 0.5, metric: 'psnr' });
    expect(objective).toEqual({ kind: 'quality-at-bitrate', targetBitrateMbps: 0.5, tolerance: 0, metric: 'psnr' });
    expect(describeObjective(objective)).toBe('best PSNR within 0.5 Mbps (strictly at or under)');
    // 1% over a strict budget does not meet it; with an explicit 5% tolerance it does.
    const over = { config: BASELINE_CONFIG, result: measuredResult(505_000, 40) };
    expect(objectiveViolations(over, objective)).toEqual(['+1.0% vs the 0.500 Mbps budget']);
    expect(meetsObjective(over, ObjectiveSchema.parse({ targetBitrateMbps: 0.5, tolerance: 0.05 }))).toBe(true);
  });

  it('names the field of a bad objective', () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'bitrate-at-quality', metric: 'vmaf' }, /^targetQuality: /],
      [{ kind: 'bitrate-at-quality', metric: 'ssim', targetQuality: 1.2 }, /^targetQuality: SSIM is at most 1/],
      [{ kind: 'quality-at-bitrate', targetBitrateMbps: 1, tolerance: 2 }, /^tolerance: /],
      [{ kind: 'pareto', metric: 'psnr' }, /^maxBitrateMbps: /],
      [{ kind: 'best', targetBitrateMbps: 1 }, /^kind: /],
      [{ targetBitrateMbps: 1, constraints: { encoders: ['libx264', 'libx264'] } }, /^constraints\.encoders: encoders must not repeat/],
      [{ targetBitrateMbps: 1, constraints: { encoders: ['x264'] } }, /^constraints\.encoders\.0: /],
      [{ targetBitrateMbps: 1, constraints: { minEncodeFps: -1 } }, /^constraints\.minEncodeFps: /],
    ];
    for (const [input, message] of cases) {
      const parsed = ObjectiveSchema.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(false);
      if (!parsed.success) expect(formatIssues(parsed.error.issues)[0]).toMatch(message);
    }
  });

  it('answers a quality target with the smallest bitrate measured to reach it on a full encode', () => {
    const objective = ObjectiveSchema.parse({ kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 93 });
    const history = [
      entry(1, measuredResult(900_000, 44, { vmaf: vmafScore(95.1) })),
      entry(2, measuredResult(600_000, 42, { vmaf: vmafScore(93.2) })),
      entry(3, measuredResult(500_000, 41, { vmaf: vmafScore(92.9) })),
      entry(4, measuredResult(450_000, 41, { vmaf: vmafScore(93.5), mode: 'probe' })),
    ];
    expect(bestMeetingEntry(history, objective)?.seq).toBe(2);
    expect(objectiveViolations(history[2] as never, objective)).toEqual(['VMAF 92.90 is under the 93 target']);
    expect(objectiveViolations(history[3] as never, objective)).toEqual(['a probe of segments, not a full encode']);
    // With none meeting it, the closest is the one nearest the target quality.
    expect(closestEntry(history.slice(2, 3), objective)?.seq).toBe(3);
  });

  it('holds every answer to its constraints', () => {
    const objective = ObjectiveSchema.parse({
      targetBitrateMbps: 1,
      constraints: { encoders: ['libx264'], minEncodeFps: 30, maxSizeBytes: 100_000, pixelFormat: 'yuv420p' },
    });
    const fast = measuredResult(500_000, 40, { encodeFps: 60 });
    expect(meetsObjective({ config: BASELINE_CONFIG, result: fast }, objective)).toBe(true);
    expect(objectiveViolations({ config: svt, result: measuredResult(500_000, 45, { encodeFps: 12 }) }, objective)).toEqual([
      'libsvtav1 is not an allowed encoder',
      'encoded at 12.0 fps, under the 30 fps minimum',
    ]);
    expect(objectiveViolations({ config: BASELINE_CONFIG, result: measuredResult(900_000, 40, { encodeFps: 60 }) }, objective)).toEqual(['112500 bytes exceed the 100000-byte limit']);
    const realtime = ObjectiveSchema.parse({ targetBitrateMbps: 1, constraints: { minRealtime: 2 } });
    // 30 frames in 1 s play at 30 fps; 45 fps of encoding is 1.5x real time.
    expect(objectiveViolations({ config: BASELINE_CONFIG, result: measuredResult(500_000, 40, { encodeFps: 45 }) }, realtime)).toEqual(['encoded at 1.50x real time, under the 2x minimum']);
  });
});

describe('Pareto front and hypervolume', () => {
  const p = (seq: number, bitrateMbps: number, quality: number, encodeFps: number): ParetoPoint => ({ seq, bitrateMbps, quality, encodeFps });
  const reference = { bitrateMbps: 4, quality: 20, encodeFps: 0 };

  it('keeps only points nothing dominates', () => {
    const points = [p(1, 1, 40, 10), p(2, 2, 42, 10), p(3, 2, 39, 5), p(4, 1, 40, 30)];
    expect(nonDominated(points).map((x) => x.seq)).toEqual([4, 2]);
  });

  it('measures the volume a front dominates, exactly', () => {
    // One point: the box from it to the reference corner.
    expect(hypervolume([p(1, 1, 40, 10)], reference)).toBeCloseTo(3 * 20 * 10, 9);
    // Two boxes [1,4]x[20,40]x[0,10] and [2,4]x[20,42]x[0,5]: 600 + 2*2*5 (the part of the second above 40 dB).
    expect(hypervolume([p(1, 1, 40, 10), p(2, 2, 42, 5)], reference)).toBeCloseTo(600 + 20, 9);
    // A dominated point adds nothing; a point outside the box adds nothing.
    expect(hypervolume([p(1, 1, 40, 10), p(3, 2, 39, 5), p(5, 5, 50, 50)], reference)).toBeCloseTo(600, 9);
  });

  it('reports the campaign front of the experiments under the upper bitrate', () => {
    const objective = ObjectiveSchema.parse({ kind: 'pareto', metric: 'psnr', maxBitrateMbps: 1 });
    if (objective.kind !== 'pareto') throw new Error('pareto expected');
    const history = [entry(1, measuredResult(500_000, 40, { encodeFps: 100 })), entry(2, measuredResult(400_000, 41, { encodeFps: 20 }), svt), entry(3, measuredResult(2_000_000, 50))];
    const answer = paretoFront(history, objective);
    expect(answer.front.map((x) => x.seq)).toEqual([2, 1]);
    expect(answer.hypervolume).toBeGreaterThan(0);
  });
});
