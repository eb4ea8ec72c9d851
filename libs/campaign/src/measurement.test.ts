import { describe, expect, it } from 'vitest';
import { runnerOffer, type Objective, type VmafModel } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { objectiveProblems, vmafProblems, vmafWanted } from './measurement.ts';

const offer = (vmafModels: VmafModel[]) =>
  runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels, ffmpegVersion: '5.1.6', meterFfmpegVersion: vmafModels.length ? '7.0.2' : '5.1.6', gpuName: '' }, 1);
const objective = (metric: Objective['metric'], minQuality?: number): Objective => budgetObjective(1, metric, minQuality === undefined ? {} : { minQuality });
const target = (metric: Objective['metric'], targetQuality: number): Objective => ({ kind: 'bitrate-at-quality', metric, targetQuality });

describe('what a campaign asks to be measured with', () => {
  it('leaves a PSNR or SSIM campaign that says nothing of VMAF to run on any runner', () => {
    expect(vmafWanted({ objective: objective('psnr') })).toBe(false);
    expect(vmafProblems({ objective: objective('psnr') }, offer([]))).toEqual([]);
    expect(vmafProblems({ objective: objective('ssim') }, offer([]))).toEqual([]);
  });

  it('refuses a VMAF objective where the runners measure no VMAF, naming objective.metric and the measuring ffmpeg', () => {
    const problems = vmafProblems({ objective: objective('vmaf') }, offer([]));
    expect(problems.map((p) => p.code)).toEqual(['ERR_METRIC_UNAVAILABLE']);
    expect(problems[0]!.issue).toMatch(/^objective\.metric: VMAF is not measured on these runners \(their measuring ffmpeg, 5\.1\.6, has no working libvmaf\); use psnr or ssim/);
  });

  it('refuses VMAF options given explicitly where there is no VMAF, even for a PSNR objective', () => {
    const problems = vmafProblems({ objective: objective('psnr'), vmaf: { model: 'vmaf_v0.6.1', subsample: 2 } }, offer([]));
    expect(problems.map((p) => p.issue)).toEqual([expect.stringMatching(/^vmaf: VMAF is not measured on these runners .*; leave vmaf out/)]);
  });

  it('refuses a model the runners do not offer, and the default model where they lack it', () => {
    const neg = vmafProblems({ objective: objective('vmaf'), vmaf: { model: 'vmaf_v0.6.1neg', subsample: 1 } }, offer(['vmaf_v0.6.1']));
    expect(neg).toEqual([{ code: 'ERR_VMAF_MODEL_UNAVAILABLE', issue: 'vmaf.model: vmaf_v0.6.1neg is not a VMAF model these runners offer (they offer vmaf_v0.6.1)' }]);
    const byDefault = vmafProblems({ objective: objective('vmaf') }, offer(['vmaf_v0.6.1neg']));
    expect(byDefault.map((p) => p.issue)).toEqual(['vmaf.model: vmaf_v0.6.1 (the default) is not a VMAF model these runners offer (they offer vmaf_v0.6.1neg)']);
    expect(vmafProblems({ objective: objective('vmaf'), vmaf: { model: 'vmaf_v0.6.1neg', subsample: 1 } }, offer(['vmaf_v0.6.1', 'vmaf_v0.6.1neg']))).toEqual([]);
  });

  it('refuses a minimum quality outside its metric scale, and takes VMAF up to 100', () => {
    expect(objectiveProblems(objective('ssim', 40))).toEqual([{ code: 'ERR_VALIDATION', issue: 'objective.minQuality: SSIM is 0 to 1, so a minimum of 40 could never be met' }]);
    expect(objectiveProblems(objective('ssim', 0.95))).toEqual([]);
    expect(objectiveProblems(objective('vmaf', 100))).toEqual([]);
    expect(objectiveProblems(objective('psnr', 42))).toEqual([]);
  });

  it('refuses a quality target outside its metric scale, naming objective.targetQuality', () => {
    expect(objectiveProblems(target('vmaf', 120))).toEqual([{ code: 'ERR_VALIDATION', issue: 'objective.targetQuality: VMAF is 0 to 100, so a target of 120 could never be met' }]);
    expect(objectiveProblems(target('ssim', 1.2))[0]?.issue).toMatch(/^objective\.targetQuality: SSIM is 0 to 1/);
    expect(objectiveProblems(target('ssim', 0.97))).toEqual([]);
    expect(objectiveProblems(target('psnr', 45))).toEqual([]);
    expect(objectiveProblems({ kind: 'pareto', metric: 'ssim', maxBitrateMbps: 2 })).toEqual([]);
  });

  it('refuses a quality target or a Pareto front in VMAF where the runners measure no VMAF, as a budget in VMAF', () => {
    for (const wanted of [target('vmaf', 93), { kind: 'pareto', metric: 'vmaf', maxBitrateMbps: 2 } as const]) {
      expect(vmafWanted({ objective: wanted })).toBe(true);
      expect(vmafProblems({ objective: wanted }, offer([])).map((p) => [p.code, p.issue.split(':')[0]])).toEqual([['ERR_METRIC_UNAVAILABLE', 'objective.metric']]);
      expect(vmafProblems({ objective: wanted }, offer(['vmaf_v0.6.1']))).toEqual([]);
    }
    expect(vmafProblems({ objective: target('psnr', 40) }, offer([]))).toEqual([]);
  });
});
