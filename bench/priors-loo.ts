// Leave-one-out on the priors clips: priors fitted on two of them, the planner searched on the
// third, for a budget and a VMAF target, in the recorded world of that clip (its measured grid; a
// CRF the grid lacks is interpolated between the two nearest measured CRFs of its track, and
// counted). A check of the planner's rules that never touches the judge clips.
//   npx tsx --tsconfig bench/tsconfig.json bench/priors-loo.ts
import { describeConfig, describeObjective, meetsObjective, ObjectiveSchema, runnerOffer, type EncoderName, type ObjectiveInput } from '@codec-lab/domain';
import { planNext, replayCampaign } from '@codec-lab/planner';
import { RecordedWorld } from '../libs/planner/src/testing/recorded-world.ts';
import { fitPriors } from './fit-priors.ts';
import { RD_CLIPS } from './support/rd-clips.ts';
import { loadRdPoints } from './support/rd-world.ts';

/** Targets near what libx264 medium reaches at CRF 26 to 29 on each clip (chosen from that track alone). */
const TARGETS: Record<string, { budgetMbps: number; vmaf: number }> = { flower: { budgetMbps: 0.35, vmaf: 85 }, crystal: { budgetMbps: 0.6, vmaf: 88 }, friday: { budgetMbps: 0.35, vmaf: 88 } };
const CPU: EncoderName[] = ['libx264', 'libx265', 'libsvtav1', 'libaom-av1', 'libvpx-vp9'];
const offer = runnerOffer({ encoders: CPU, pixelFormats: Object.fromEntries(CPU.map((e) => [e, ['yuv420p']])), vmafModels: ['vmaf_v0.6.1'], ffmpegVersion: '', meterFfmpegVersion: '', gpuName: '' }, 1);

const all = loadRdPoints();
const clips = RD_CLIPS.filter((c) => c.role === 'priors').map((c) => c.id);
for (const held of clips) {
  const priors = fitPriors(all, clips.filter((c) => c !== held));
  const points = all.filter((p) => p.clip === held);
  const target = TARGETS[held]!;
  const objectives: ObjectiveInput[] = [{ targetBitrateMbps: target.budgetMbps }, { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: target.vmaf }];
  for (const input of objectives) {
    const objective = ObjectiveSchema.parse(input);
    const world = new RecordedWorld(points);
    const context = { campaignId: `loo-${held}`, source: { kind: 'file' as const, path: `${held}.mkv` }, objective, maxExperiments: 8, analyst: 'planner' as const, offer, vmaf: { model: 'vmaf_v0.6.1' as const, subsample: 1 } };
    const { history } = await replayCampaign({ context, next: (c) => planNext(c, new Set(), priors), measure: (config) => world.measure(config) });
    const meets = (config: (typeof points)[number]['config']) => meetsObjective({ config, result: world.measure(config) }, objective);
    const byAnswer = <T extends { bitrateBps: number; psnr: number }>(xs: T[]) => (objective.kind === 'bitrate-at-quality' ? xs.sort((a, b) => a.bitrateBps - b.bitrateBps) : xs.sort((a, b) => b.psnr - a.psnr))[0];
    const grid = byAnswer(points.filter((p) => meets(p.config)))!;
    const found = byAnswer(history.filter((e) => meetsObjective({ config: e.config, result: e.result! }, objective)).map((e) => ({ config: e.config, bitrateBps: e.result!.bitrateBps, psnr: e.result!.psnr.avg })));
    const regret = !found ? 'no answer' : objective.kind === 'bitrate-at-quality' ? `${(100 * (found.bitrateBps / grid.bitrateBps - 1)).toFixed(1)}% over` : `${(grid.psnr - found.psnr).toFixed(3)} dB under`;
    console.log(`${held} (priors from ${clips.filter((c) => c !== held).join(', ')}): ${describeObjective(objective)}: ${found ? describeConfig(found.config) : '-'}, ${regret} the recorded best ${describeConfig(grid.config)}; ${world.interpolated} of ${history.length} experiments answered by interpolation`);
  }
}
