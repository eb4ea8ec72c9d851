import { CodecConfigSchema, configHash, ENCODERS, type EncoderName, type CodecConfig } from '@codec-lab/domain';
import { PRIORS } from './priors.ts';

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** CRF steps either side of each encoder's default that the random arm samples from. */
const CRF_SPAN = 12;

/**
 * The control arm's n-th proposal: a config drawn uniformly from the same space the planner
 * searches (the tracks it has priors for, on CPU encoders the runners have, at CRFs around each
 * encoder's default), seeded by the campaign and the draw index so a campaign's random arm is
 * reproducible. Skips configs already tried.
 */
export function randomConfig(options: {
  seed: number;
  draw: number;
  encoders: readonly EncoderName[];
  tried: ReadonlySet<string>;
}): CodecConfig | undefined {
  const tracks = PRIORS.tracks.filter((t) => options.encoders.includes(t.encoder) && !ENCODERS[t.encoder].hardware);
  if (tracks.length === 0) return undefined;
  const next = seededRandom(options.seed * 1_000_003 + options.draw);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  for (let attempt = 0; attempt < 200; attempt++) {
    const { encoder, preset } = pick(tracks);
    const spec = ENCODERS[encoder];
    const low = Math.max(spec.crf.min, spec.crf.default - CRF_SPAN);
    const high = Math.min(spec.crf.max, spec.crf.default + CRF_SPAN);
    const config = CodecConfigSchema.parse({
      strategy: 'codec',
      encoder,
      preset,
      rateControl: { mode: 'crf', crf: low + Math.floor(next() * (high - low + 1)) },
    });
    if (!options.tried.has(configHash(config))) return config;
  }
  return undefined;
}
