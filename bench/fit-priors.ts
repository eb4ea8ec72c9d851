// Fits the planner's priors (libs/planner/src/priors.generated.ts) on the measured encodes of the
// rate-quality world's `priors` clips (bench/support/rd-clips.ts), and only on those: the judge
// clips, which the search benchmark scores, tune nothing.
//   npm run priors               # writes libs/planner/src/priors.generated.ts
//   npm run priors -- --check    # fails if the committed file differs from a fresh fit
// It also copies the priors clips' points into the planner's test fixtures
// (libs/planner/src/testing/fixtures/<clip>.json), the recorded world its tests search.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { QUALITY_METRICS, type EncoderName, type QualityMetric } from '@codec-lab/domain';
import type { Estimate, PlannerPriors, TrackPrior } from '../libs/planner/src/prior-types.ts';
import { PRIOR_FLOORS } from '../libs/planner/src/priors.ts';
import { RD_CLIPS } from './support/rd-clips.ts';
import { loadRdPoints, type RdPoint } from './support/rd-world.ts';

const OUT = fileURLToPath(new URL('../libs/planner/src/priors.generated.ts', import.meta.url));
const REFERENCE = { encoder: 'libx264' as EncoderName, preset: 'medium', crf: 28 };
/** Levels around the reference's bitrate (in ln bitrate) at which gains are compared. */
const LEVELS = [-0.5, 0, 0.5];
/** Spread floors: three clips give a noisy standard deviation; none is taken as surer than these. */
const FLOOR = PRIOR_FLOORS;

type Curve = { crf: number; lnRate: number; seconds: number; quality: Record<QualityMetric, number> }[];

function curveOf(points: readonly RdPoint[]): Curve {
  return points
    .map((p) => ({ crf: p.config.rateControl.mode === 'crf' ? p.config.rateControl.crf : NaN, lnRate: Math.log(p.bitrateBps), seconds: p.encodeSeconds, quality: { psnr: p.psnr, ssim: p.ssim, vmaf: p.vmaf } }))
    .sort((a, b) => a.crf - b.crf);
}

/** Piecewise-linear y(x) through points sorted by x, extended along the end segments. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const sx = order.map((i) => xs[i]!);
  const sy = order.map((i) => ys[i]!);
  let i = 0;
  while (i < sx.length - 2 && x > sx[i + 1]!) i++;
  const [x0, x1, y0, y1] = [sx[i]!, sx[i + 1]!, sy[i]!, sy[i + 1]!];
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx;
}

function estimate(samples: readonly number[], floor: number): Estimate {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const sd = samples.length > 1 ? Math.sqrt(samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (samples.length - 1)) : floor;
  return { mean: round(mean), sd: round(Math.max(floor, sd)) };
}

const round = (x: number) => Number(x.toPrecision(5));

/** Priors fitted on the points of `clips` (by default the priors clips of the committed grid). */
export function fitPriors(all: readonly RdPoint[] = loadRdPoints(), clips: readonly string[] = RD_CLIPS.filter((c) => c.role === 'priors').map((c) => c.id)): PlannerPriors {
  const points = all.filter((p) => clips.includes(p.clip));
  const trackId = (p: RdPoint) => `${p.config.encoder} ${p.config.preset}`;
  const tracks = [...new Set(points.map(trackId))].sort();
  const perClip = (clip: string, id: string) => curveOf(points.filter((p) => p.clip === clip && trackId(p) === id));
  const priors: TrackPrior[] = [];
  for (const id of tracks) {
    const [encoder, preset] = id.split(' ') as [EncoderName, string];
    const samples = { equivalentCrf: [] as number[], rateSlope: [] as number[], logCost: [] as number[], gain: { psnr: [], ssim: [], vmaf: [] } as Record<QualityMetric, number[]>, qualitySlope: { psnr: [], ssim: [], vmaf: [] } as Record<QualityMetric, number[]> };
    for (const clip of clips) {
      const ref = perClip(clip, `${REFERENCE.encoder} ${REFERENCE.preset}`);
      const own = perClip(clip, id);
      if (ref.length < 2 || own.length < 2) continue;
      const level = interpolate(ref.map((p) => p.crf), ref.map((p) => p.lnRate), REFERENCE.crf);
      samples.equivalentCrf.push(interpolate(own.map((p) => p.lnRate), own.map((p) => p.crf), level));
      samples.rateSlope.push(slope(own.map((p) => p.crf), own.map((p) => p.lnRate)));
      const meanLog = (c: Curve) => c.reduce((a, p) => a + Math.log(p.seconds), 0) / c.length;
      samples.logCost.push(meanLog(own) - meanLog(ref));
      for (const metric of QUALITY_METRICS) {
        const at = (c: Curve, lnRate: number) => interpolate(c.map((p) => p.lnRate), c.map((p) => p.quality[metric]), lnRate);
        for (const d of LEVELS) samples.gain[metric].push(at(own, level + d) - at(ref, level + d));
        const near = [...own].sort((a, b) => Math.abs(a.lnRate - level) - Math.abs(b.lnRate - level)).slice(0, 3);
        samples.qualitySlope[metric].push(slope(near.map((p) => p.lnRate), near.map((p) => p.quality[metric])));
      }
    }
    if (samples.equivalentCrf.length === 0) continue;
    const isReference = encoder === REFERENCE.encoder && preset === REFERENCE.preset;
    const perMetric = (field: 'gain' | 'qualitySlope') =>
      Object.fromEntries(QUALITY_METRICS.map((m) => [m, isReference && field === 'gain' ? { mean: 0, sd: 0 } : estimate(samples[field][m], FLOOR[field][m])])) as Record<QualityMetric, Estimate>;
    priors.push({
      encoder,
      preset,
      equivalentCrf: isReference ? { mean: REFERENCE.crf, sd: 0 } : estimate(samples.equivalentCrf, FLOOR.equivalentCrf),
      rateSlope: estimate(samples.rateSlope, FLOOR.rateSlope),
      gain: perMetric('gain'),
      qualitySlope: perMetric('qualitySlope'),
      logCost: isReference ? { mean: 0, sd: 0 } : estimate(samples.logCost, FLOOR.logCost),
    });
  }
  const encoders = [...new Set(points.map((p) => p.encoderVersion))].join(', ');
  const meters = [...new Set(points.map((p) => p.meterVersion))].join(', ');
  return {
    reference: REFERENCE,
    clips: [...clips],
    provenance: `bench/fit-priors.ts on ${points.length} encodes of bench/data/rd-grid.json (clips ${clips.join(', ')}), encoded by ffmpeg ${encoders}, measured by ffmpeg ${meters}; VMAF vmaf_v0.6.1`,
    tracks: priors,
  };
}

const FIXTURES = fileURLToPath(new URL('../libs/planner/src/testing/fixtures/', import.meta.url));
const FIXTURE_FIELDS = ['clip', 'config', 'bytes', 'bitrateBps', 'durationSeconds', 'frames', 'psnr', 'ssim', 'vmaf', 'encodeSeconds', 'measureSeconds'] as const;

function fixtures(): Map<string, string> {
  const out = new Map<string, string>();
  for (const clip of RD_CLIPS.filter((c) => c.role === 'priors')) {
    const points = loadRdPoints().filter((p) => p.clip === clip.id).map((p) => Object.fromEntries(FIXTURE_FIELDS.map((f) => [f, p[f]])));
    out.set(`${FIXTURES}${clip.id}.json`, `${JSON.stringify(points, null, 1)}\n`);
  }
  return out;
}

/** The priors as TypeScript: one line per field, one line per track, so a refit diffs by track. */
function format(priors: PlannerPriors): string {
  const { tracks, ...head } = priors;
  const fields = Object.entries(head).map(([key, value]) => `  ${key}: ${JSON.stringify(value)},`);
  return ['{', ...fields, '  tracks: [', ...tracks.map((t) => `    ${JSON.stringify(t)},`), '  ],', '}'].join('\n');
}

function main(): void {
  const text = [
    '// Generated by bench/fit-priors.ts from bench/data/rd-grid.json; do not edit (run `npm run priors`).',
    "import type { PlannerPriors } from './prior-types.ts';",
    '',
    `export const GENERATED_PRIORS: PlannerPriors = ${format(fitPriors())};`,
    '',
  ].join('\n');
  const outputs = new Map([[OUT, text], ...fixtures()]);
  if (process.argv.includes('--check')) {
    for (const [file, content] of outputs) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== content) throw new Error(`${file} is not what bench/fit-priors.ts makes of bench/data/rd-grid.json; run npm run priors`);
    }
    console.log('priors and fixtures up to date');
  } else {
    for (const [file, content] of outputs) writeFileSync(file, content);
    console.log(`wrote ${[...outputs.keys()].join(', ')}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
