import { parseArgs } from 'node:util';
import { ENCODERS, type EncoderName, type CodecConfig } from '@codec-lab/domain';
import { RD_CLIPS, rdClip, RdWorld, type RdClip, type RdPoint } from './support/rd-world.ts';

// Measures the rate-quality grid of bench/data/rd-grid.json (bench/data/README.md): every track on
// every clip, each point a real encode by a real agent-runner, saved after every point. Resumable:
// a point already in the cache is not measured again, and the searches replay from the cache.
//   npm run bench:grid -- [--clip id]... [--role priors|judge] [--probe] [--summary]
// --probe: libx264 medium only, CRF 24, 26 to 30 and 32, on the judge clips (how their targets
// were chosen); --summary: the judge clips' best answers from the cache, measuring nothing.

interface Track {
  encoder: EncoderName;
  preset: string;
}

export const TRACKS: readonly Track[] = [
  { encoder: 'libx264', preset: 'medium' },
  { encoder: 'libx264', preset: 'slow' },
  { encoder: 'libx265', preset: 'medium' },
  { encoder: 'libx265', preset: 'slow' },
  ...['10', '8', '6', '4'].map((preset) => ({ encoder: 'libsvtav1' as const, preset })),
  // libaom-av1 cpu-used 4 and libvpx-vp9 cpu-used 2 are left out: on two cores they took 40 to 70 s
  // per 2 s segment while measuring, several times every other track, for a grid of hundreds of points.
  { encoder: 'libaom-av1', preset: '6' },
  { encoder: 'libvpx-vp9', preset: '4' },
];

/** The priors clips' CRF ladders, across each encoder's useful range. */
const LADDER: Record<string, readonly number[]> = { libx264: [20, 24, 28, 32, 36], libx265: [20, 24, 28, 32, 36] };
const ladder = (encoder: EncoderName) => LADDER[encoder] ?? [20, 28, 36, 44, 52];

export const crfConfig = (track: Track, crf: number): CodecConfig => ({
  strategy: 'codec',
  encoder: track.encoder,
  preset: track.preset,
  rateControl: { mode: 'crf', crf },
  pixelFormat: 'yuv420p',
});

const label = (track: Track) => `${track.encoder} ${track.preset}`;
const crfOf = (p: RdPoint) => (p.config.rateControl.mode === 'crf' ? p.config.rateControl.crf : NaN);
let measured = 0;
const started = Date.now();

async function point(world: RdWorld, track: Track, crf: number): Promise<RdPoint> {
  const fresh = !world.get(crfConfig(track, crf));
  const p = await world.measure(crfConfig(track, crf));
  if (fresh) measured++;
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    `${fresh ? `[${measured}, ${minutes} min]` : '[cached]'} ${p.clip} ${label(track)} crf ${crf}: ${(p.bitrateBps / 1000).toFixed(1)} kbit/s, ` +
      `PSNR ${p.psnr.toFixed(2)} dB, VMAF ${p.vmaf.toFixed(2)}, encode ${p.encodeSeconds.toFixed(1)} s`,
  );
  return p;
}

/**
 * One bracket by interpolated search on integer CRFs. `deficit` is positive where a point fails
 * the goal (bitrate above budget, VMAF below target); `side` +1 when passing CRFs lie above the
 * boundary (bitrate), -1 when below (VMAF). In u = side x CRF the goal is the smallest passing u,
 * u-1 failing; then u+1 is measured too, and if it fails (the curve is not monotonic there) the
 * search goes on upwards until a CRF passes again. Interpolation is linear in the deficit, so
 * `deficit` carries the scale (ln bitrate, VMAF points). Returns the answer's CRF, or null.
 */
async function bracket(world: RdWorld, track: Track, seen: Map<number, RdPoint>, side: 1 | -1, deficit: (p: RdPoint) => number): Promise<number | null> {
  const { min, max, default: def } = ENCODERS[track.encoder].crf;
  const [uMin, uMax] = side === 1 ? [min, max] : [-max, -min];
  const d = new Map<number, number>();
  const visit = async (u: number) => {
    const crf = side * u;
    if (!seen.has(crf)) seen.set(crf, await point(world, track, crf));
    d.set(u, deficit(seen.get(crf)!));
  };
  for (const crf of seen.keys()) d.set(side * crf, deficit(seen.get(crf)!));
  if (d.size < 2) for (const crf of [def, def + 4]) await visit(side * crf);

  // The step from the outermost point towards the boundary, by the slope of the two outermost points.
  const towards = (us: number[]) => {
    const [a, b] = [us[0]!, us[1]!];
    const slope = (d.get(b)! - d.get(a)!) / (b - a);
    const step = slope < 0 ? d.get(a)! / -slope : 4 * Math.sign(d.get(a)!);
    return Math.sign(step) * Math.min(12, Math.max(1, Math.round(Math.abs(step))));
  };
  for (let guard = 0; guard < 40; guard++) {
    const us = [...d.keys()].sort((a, b) => a - b);
    const passing = us.filter((u) => d.get(u)! <= 0);
    if (passing.length === 0) {
      const top = us.at(-1)!;
      if (top >= uMax) return null;
      await visit(Math.min(uMax, top + towards([top, us.at(-2)!])));
      continue;
    }
    const p = passing[0]!;
    const below = us.filter((u) => u < p);
    if (below.length === 0) {
      if (p <= uMin) return side * p + (await visitAbove(p));
      const above = us.filter((u) => u > p);
      const next = above.length ? p + towards([p, above[0]!]) : p - 4;
      await visit(Math.max(uMin, Math.min(p - 1, next)));
      continue;
    }
    const f = below.at(-1)!;
    if (p - f > 1) {
      const guess = f + (d.get(f)! * (p - f)) / (d.get(f)! - d.get(p)!);
      await visit(Math.min(p - 1, Math.max(f + 1, Math.round(guess))));
      continue;
    }
    return side * p + (await visitAbove(p));
  }
  throw new Error(`${world.clip.id} ${label(track)}: the search did not converge`);

  // Measures u+1 (and on, while they fail, up to u+4); returns 0 (the answer stays u).
  async function visitAbove(u: number): Promise<number> {
    for (let v = u + 1; v <= Math.min(uMax, u + 4); v++) {
      await visit(v);
      if (d.get(v)! <= 0) break;
    }
    return 0;
  }
}

async function judge(world: RdWorld, clip: RdClip): Promise<void> {
  const budget = clip.budgetMbps! * 1e6;
  for (const track of TRACKS) {
    const seen = new Map<number, RdPoint>();
    const cb = await bracket(world, track, seen, 1, (p) => Math.log(p.bitrateBps) - Math.log(budget));
    if (cb !== null) for (const crf of [cb - 1, cb, cb + 1]) if (crf >= ENCODERS[track.encoder].crf.min && !seen.has(crf)) seen.set(crf, await point(world, track, crf));
    const cq = await bracket(world, track, seen, -1, (p) => clip.vmafTarget! - p.vmaf);
    if (cq !== null) for (const crf of [cq - 1, cq, cq + 1]) if (crf <= ENCODERS[track.encoder].crf.max && !seen.has(crf)) seen.set(crf, await point(world, track, crf));
    console.log(`== ${clip.id} ${label(track)}: budget ${clip.budgetMbps} Mbit/s -> CRF ${cb ?? 'none'}; VMAF ${clip.vmafTarget} -> CRF ${cq ?? 'none'} (${seen.size} points)`);
  }
}

async function priors(world: RdWorld): Promise<void> {
  for (const track of TRACKS) for (const crf of ladder(track.encoder)) await point(world, track, crf);
}

/** The clip's best answers over every cached point: best PSNR within budget, smallest bitrate at the VMAF target. */
function summary(world: RdWorld, clip: RdClip): void {
  const all = world.points();
  const name = (p: RdPoint) => `${p.config.encoder} ${p.config.preset} crf ${crfOf(p)}`;
  const withinBudget = all.filter((p) => p.bitrateBps <= clip.budgetMbps! * 1e6).sort((a, b) => b.psnr - a.psnr)[0];
  const atTarget = all.filter((p) => p.vmaf >= clip.vmafTarget!).sort((a, b) => a.bitrateBps - b.bitrateBps)[0];
  console.log(`${clip.id} (${all.length} points): budget ${clip.budgetMbps} Mbit/s: ${withinBudget ? `${name(withinBudget)}, ${(withinBudget.bitrateBps / 1000).toFixed(1)} kbit/s, PSNR ${withinBudget.psnr.toFixed(3)} dB` : 'none'}`);
  console.log(`${' '.repeat(clip.id.length)} VMAF >= ${clip.vmafTarget}: ${atTarget ? `${name(atTarget)}, ${(atTarget.bitrateBps / 1000).toFixed(1)} kbit/s, VMAF ${atTarget.vmaf.toFixed(2)}` : 'none'}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { clip: { type: 'string', multiple: true }, role: { type: 'string' }, probe: { type: 'boolean' }, summary: { type: 'boolean' } } });
  if (values.role !== undefined && values.role !== 'priors' && values.role !== 'judge') throw new Error('--role is priors or judge');
  let clips = values.clip?.length ? values.clip.map(rdClip) : [...RD_CLIPS];
  if (values.role) clips = clips.filter((c) => c.role === values.role);
  if (values.probe || values.summary) clips = clips.filter((c) => c.role === 'judge');
  // Judge clips first: they are what the benchmark needs.
  clips.sort((a, b) => (a.role === b.role ? 0 : a.role === 'judge' ? -1 : 1));
  for (const clip of clips) {
    const world = await RdWorld.open(clip, { measure: !values.summary });
    try {
      if (values.summary) summary(world, clip);
      else if (values.probe) for (const crf of [24, 26, 27, 28, 29, 30, 32]) await point(world, TRACKS[0]!, crf);
      else if (clip.role === 'judge') await judge(world, clip);
      else await priors(world);
      if (clip.role === 'judge' && !values.summary && !values.probe) summary(world, clip);
    } finally {
      await world.close();
    }
  }
  console.log(`done: ${measured} point(s) measured in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}

await main();
