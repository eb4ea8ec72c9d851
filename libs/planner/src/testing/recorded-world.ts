import { readFileSync } from 'node:fs';
import { canonicalJson, ExperimentResultSchema, type CodecConfig, type ExperimentConfig, type ExperimentResult } from '@codec-lab/domain';
import { trackKey, trackOf } from '../tracks.ts';

/**
 * One real encode of a real clip, as bench/data/rd-grid.json records it: the config, what the
 * artifact measured (bitrate, PSNR, SSIM, VMAF vmaf_v0.6.1) and how long it took to encode.
 */
export interface RecordedPoint {
  readonly clip: string;
  readonly config: CodecConfig;
  readonly bytes: number;
  readonly bitrateBps: number;
  readonly durationSeconds: number;
  readonly frames: number;
  readonly psnr: number;
  readonly ssim: number;
  readonly vmaf: number;
  readonly encodeSeconds: number;
  readonly measureSeconds: number;
}

/** The recorded points of one clip (a fixture file of this folder). */
export function recordedPoints(clip: string): RecordedPoint[] {
  return JSON.parse(readFileSync(new URL(`./fixtures/${clip}.json`, import.meta.url), 'utf8')) as RecordedPoint[];
}

function resultOf(p: Omit<RecordedPoint, 'clip' | 'config'>): ExperimentResult {
  return ExperimentResultSchema.parse({
    bytes: p.bytes,
    durationSeconds: p.durationSeconds,
    bitrateBps: p.bitrateBps,
    width: 16,
    height: 16,
    frames: p.frames,
    sourceFrames: p.frames,
    psnr: { y: p.psnr, u: p.psnr, v: p.psnr, avg: p.psnr },
    ssim: { y: p.ssim, u: p.ssim, v: p.ssim, all: p.ssim },
    vmaf: { available: true, model: 'vmaf_v0.6.1', libvmafVersion: '', subsample: 1, scoredFrames: p.frames, mean: p.vmaf, harmonicMean: p.vmaf, low1Percent: p.vmaf, low5Percent: p.vmaf, min: p.vmaf },
    encodeSeconds: p.encodeSeconds,
    encodeFps: p.frames / p.encodeSeconds,
    measureSeconds: p.measureSeconds,
    artifactUri: 'recorded:',
    artifactSha256: '0'.repeat(64),
    mode: 'full',
    ffmpegVersion: 'recorded',
  });
}

/**
 * A world of recorded measurements for tests of the planner: a config that was encoded answers
 * exactly what was measured; another CRF of a recorded track answers what its two nearest
 * recorded CRFs give by linear interpolation (ln bitrate, qualities, ln encode time), and is
 * counted in `interpolated`, so a test can say how much of what it saw was measured. A track with
 * no recorded point is refused.
 */
export class RecordedWorld {
  interpolated = 0;
  private readonly byTrack = new Map<string, RecordedPoint[]>();

  constructor(points: readonly RecordedPoint[]) {
    for (const p of points) {
      const track = trackOf(p.config);
      if (!track) continue;
      const key = trackKey(track);
      this.byTrack.set(key, [...(this.byTrack.get(key) ?? []), p]);
    }
  }

  measure(config: ExperimentConfig): ExperimentResult {
    const track = trackOf(config);
    const points = track ? this.byTrack.get(trackKey(track)) : undefined;
    if (!track || !points || config.strategy !== 'codec' || config.rateControl.mode !== 'crf') throw new Error(`nothing recorded for ${canonicalJson(config)}`);
    const crf = config.rateControl.crf;
    const crfOf = (p: RecordedPoint) => (p.config.strategy === 'codec' && p.config.rateControl.mode === 'crf' ? p.config.rateControl.crf : NaN);
    const exact = points.find((p) => crfOf(p) === crf);
    if (exact) return resultOf(exact);
    const [a, b] = [...points].sort((p, q) => Math.abs(crfOf(p) - crf) - Math.abs(crfOf(q) - crf) || crfOf(p) - crfOf(q));
    if (!a || !b) throw new Error(`one recorded point is too few to interpolate ${canonicalJson(config)}`);
    this.interpolated++;
    const t = (crf - crfOf(a)) / (crfOf(b) - crfOf(a));
    const lerp = (x: number, y: number) => x + t * (y - x);
    const bitrateBps = Math.exp(lerp(Math.log(a.bitrateBps), Math.log(b.bitrateBps)));
    return resultOf({
      bytes: Math.round((bitrateBps * a.durationSeconds) / 8),
      durationSeconds: a.durationSeconds,
      bitrateBps,
      frames: a.frames,
      psnr: lerp(a.psnr, b.psnr),
      ssim: lerp(a.ssim, b.ssim),
      vmaf: lerp(a.vmaf, b.vmaf),
      encodeSeconds: Math.exp(lerp(Math.log(a.encodeSeconds), Math.log(b.encodeSeconds))),
      measureSeconds: a.measureSeconds,
    });
  }
}
