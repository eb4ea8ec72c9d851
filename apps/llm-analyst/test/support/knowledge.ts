import {
  configHash,
  ExperimentConfigSchema,
  type CampaignContext,
  type CodecConfigInput,
  type EncoderName,
  type ExperimentConfig,
  type ExperimentResult,
  type HistoryEntry,
  type LabKnowledge,
  type MemoryPoint,
  type Origin,
  type Prediction,
  type ProbePair,
  type SourceDescription,
  type SourceMemory,
} from '@codec-lab/domain';
import { budgetObjective, measuredResult } from '@codec-lab/domain/testing';
import { labKnowledge } from '@codec-lab/planner';
import { OFFER } from './campaign.ts';

// A sampled campaign on a long source that starts with what the lab knows: made-up remembered
// sources (numbers a test chooses, never a real encode) from which the planner learns priors and
// a probe correction, and a history of probes, a full encode of the baseline (the campaign's own
// probe/full pair) and a final.

export const codec = (encoder: EncoderName, preset: string, crf: number, extra: Partial<CodecConfigInput> = {}): ExperimentConfig =>
  ExperimentConfigSchema.parse({ strategy: 'codec', encoder, preset, rateControl: { mode: 'crf', crf }, ...extra });

/** A 60 s 1080p source whose content features make it similar to the remembered ones. */
export function description(temporal = 10): SourceDescription {
  return {
    width: 1920,
    height: 1080,
    frameRate: '30/1',
    fps: 30,
    frames: 1800,
    durationSeconds: 60,
    pixelFormat: 'yuv420p',
    bitDepth: 8,
    colorRange: 'limited',
    audio: false,
    codec: 'h264',
    features: { spatialInfo: { mean: 50, max: 70 }, temporalInfo: { mean: temporal, max: temporal + 8 }, noise: 1.2, sceneCuts: [], sceneCutCount: 0, analysedFrames: 1000, analysisScale: 640 },
  };
}

/** A made-up track on a remembered source: bitrate at CRF 28, halving every `halving` CRF, PSNR `gain` dB above the reference at equal bitrate. */
interface Remembered {
  readonly encoder: EncoderName;
  readonly preset: string;
  readonly crfs: readonly number[];
  readonly rateAt28: number;
  readonly halving: number;
  readonly gain: number;
  readonly seconds: number;
}

const REMEMBERED: readonly Remembered[] = [
  { encoder: 'libx264', preset: 'medium', crfs: [23, 28, 33], rateAt28: 2e6, halving: 6, gain: 0, seconds: 10 },
  { encoder: 'libx264', preset: 'slow', crfs: [26, 30], rateAt28: 1.9e6, halving: 6, gain: 0.35, seconds: 16 },
  { encoder: 'libx265', preset: 'medium', crfs: [26, 30], rateAt28: 1.2e6, halving: 6.5, gain: 1.6, seconds: 24 },
  { encoder: 'libsvtav1', preset: '8', crfs: [34, 40], rateAt28: 2.4e6, halving: 11, gain: 2.8, seconds: 9 },
];

function points(tracks: readonly Remembered[]): MemoryPoint[] {
  return tracks.flatMap((t) =>
    t.crfs.map((crf) => {
      const bitrateBps = t.rateAt28 * 2 ** (-(crf - 28) / t.halving);
      const psnr = 38 + t.gain + 4.5 * Math.log(bitrateBps / 2e6);
      return { encoder: t.encoder, preset: t.preset, crf, bitrateBps, psnr, ssim: 0.95 + psnr / 1000, encodeSeconds: t.seconds };
    }),
  );
}

const PAIRS: readonly ProbePair[] = [
  { encoder: 'libx264', preset: 'medium', crf: 23, probeBitrateBps: 2.9e6, fullBitrateBps: 2.7e6, psnrDelta: 0.3, ssimDelta: 0.001 },
  { encoder: 'libx264', preset: 'medium', crf: 28, probeBitrateBps: 2.1e6, fullBitrateBps: 1.96e6, psnrDelta: 0.25, ssimDelta: 0.001 },
];

export function memory(index: number, label: string, temporal: number): SourceMemory {
  return {
    campaignId: `remembered-${index}`,
    createdAt: `2026-11-${String(1 + index).padStart(2, '0')}T00:00:00.000Z`,
    label,
    description: description(temporal),
    points: points(REMEMBERED),
    probePairs: [...PAIRS],
  };
}

/** What the lab knows for the sampled campaign: learned from `count` remembered sources (8 are named at most). */
export function knowledge(count = 2, label = (i: number) => (i === 0 ? 'garden-walk-1080p.mkv' : `park-run-${i}.mkv`)): LabKnowledge {
  const memories = Array.from({ length: count }, (_, i) => memory(i, label(i), 10 + 1.5 * i));
  return labKnowledge({ description: description(), memories, campaignId: 'c-sampled', now: '2026-12-01T00:00:00.000Z' });
}

/** A probe of 4 segments of 2 s (240 of the source's 1800 frames), or a full 60 s encode. */
export function result(mode: 'probe' | 'full', bitrateBps: number, psnr: number, encodeSeconds: number): ExperimentResult {
  const full = mode === 'full';
  const durationSeconds = full ? 60 : 8;
  const frames = full ? 1800 : 240;
  const segments = Array.from({ length: 4 }, (_, i) => ({
    startSeconds: 6 + 15 * i,
    durationSeconds: 2,
    frames: 60,
    bytes: Math.round((bitrateBps * 2) / 8),
    psnrAvg: psnr,
    ssimAll: 0.99,
    artifactUri: `file:///tmp/segment-${i}.mp4`,
    artifactSha256: 'b'.repeat(64),
  }));
  return {
    ...measuredResult(bitrateBps, psnr, { durationSeconds, frames, width: 1920, height: 1080, encodeSeconds, encodeFps: frames / encodeSeconds, ssim: { y: 0.99, u: 0.99, v: 0.99, all: 0.99 } }),
    sourceFrames: 1800,
    mode,
    ...(full ? {} : { segments }),
  };
}

export function historyEntry(
  seq: number,
  config: ExperimentConfig,
  origin: Origin,
  measured: ExperimentResult | undefined,
  predictions: { prediction?: Prediction; plannerPrediction?: Prediction } = {},
): HistoryEntry {
  return {
    seq,
    config,
    configHash: configHash(config),
    status: measured ? 'succeeded' : 'failed',
    result: measured,
    ...(measured ? {} : { failure: { code: 'ERR_ENCODE_FAILED', message: 'ffmpeg exited with code 1' } }),
    origin,
    hypothesis: `experiment ${seq}`,
    ...predictions,
  };
}

const predicted = (bitrateBps: number, psnr: number, basis: string): Prediction => ({
  bitrateBps,
  bitrateSigma: 0.08,
  quality: { value: psnr, sigma: 0.4, metric: 'psnr' },
  encodeSeconds: 2,
  gainPerSecond: 0.01,
  basis,
});

/**
 * An `llm` campaign on sampled segments of a 60 s source, 2.5 Mbps budget in PSNR: the baseline as
 * a probe and in full (the campaign's own pair), two probes (one the planner's, one the model's with
 * the planner's prediction beside it) and the final full encode of the model's.
 */
export function sampledCampaign(withKnowledge = true): CampaignContext {
  const history = [
    historyEntry(1, codec('libx264', 'medium', 23), 'baseline', result('probe', 3.0e6, 40.4, 1.5)),
    historyEntry(2, codec('libx264', 'medium', 23), 'planner', result('full', 2.8e6, 40.7, 11)),
    historyEntry(3, codec('libx264', 'medium', 27), 'planner', result('probe', 2.2e6, 38.9, 1.4), { prediction: predicted(2.05e6, 39.3, 'fitted on 2 measured points of libx264 medium') }),
    historyEntry(4, codec('libx265', 'medium', 28), 'llm', result('probe', 1.45e6, 39.6, 3.5), { plannerPrediction: predicted(1.4e6, 39.8, 'priors for libx265 medium, placed from the measured libx264 medium') }),
    historyEntry(5, codec('libx265', 'medium', 28), 'final', result('full', 1.36e6, 39.9, 26), { prediction: predicted(1.37e6, 39.85, 'probe #4 corrected by 3 probe/full pair(s)') }),
  ];
  return {
    campaignId: 'c-sampled',
    source: { kind: 'file', path: 'media/long-take.mkv' },
    objective: budgetObjective(2.5),
    maxExperiments: 12,
    history,
    analyst: 'llm',
    offer: OFFER,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    ...(withKnowledge ? { knowledge: knowledge() } : {}),
  };
}

const TRACKS: readonly [EncoderName, string, number][] = [
  ['libx264', 'medium', 24],
  ['libx264', 'slow', 25],
  ['libx265', 'medium', 27],
  ['libx265', 'slow', 28],
  ['libsvtav1', '8', 34],
  ['libsvtav1', '6', 35],
  ['libsvtav1', '10', 33],
  ['libsvtav1', '4', 36],
];

/**
 * The largest campaign the API takes (50 experiments) on sampled segments, with everything the lab
 * can know: 8 similar remembered sources with long names, learned priors and a probe correction
 * from their pairs; its own pair, 44 probes (planner and model proposals alternating, each with a
 * prediction, some failed) and 4 finals.
 */
export function largestSampledCampaign(): CampaignContext {
  const base = sampledCampaign();
  const history: HistoryEntry[] = [
    historyEntry(1, codec('libx264', 'medium', 23), 'baseline', result('probe', 3.0e6, 40.4, 1.5)),
    historyEntry(2, codec('libx264', 'medium', 23), 'planner', result('full', 2.8e6, 40.7, 11)),
  ];
  for (let seq = 3; seq <= 46; seq++) {
    const [encoder, preset, centre] = TRACKS[seq % TRACKS.length]!;
    const crf = centre + Math.floor(seq / TRACKS.length);
    const config = codec(encoder, preset, crf, seq % 5 === 0 ? { gop: 120 } : {});
    const bitrate = 2.4e6 * 2 ** (-(crf - centre) / 6) * (1 + (seq % 3) * 0.05);
    const psnr = 39 + 4.5 * Math.log(bitrate / 2.4e6) + (seq % 4) * 0.2;
    const prediction = predicted(bitrate * 0.97, psnr + 0.1, `fitted on ${2 + (seq % 4)} measured points of ${encoder} ${preset}`);
    const measured = seq % 11 === 0 ? undefined : result('probe', bitrate, psnr, 1 + (seq % 7));
    history.push(historyEntry(seq, config, seq % 2 ? 'planner' : 'llm', measured, seq % 2 ? { prediction } : { plannerPrediction: prediction }));
  }
  for (let seq = 47; seq <= 50; seq++) {
    const source = history[seq - 44]!;
    history.push(historyEntry(seq, source.config, 'final', result('full', 2.1e6 + seq * 1000, 39.5, 20), { prediction: predicted(2.1e6, 39.4, `probe #${source.seq} corrected by 6 probe/full pair(s)`) }));
  }
  const label = (i: number) => `/srv/media/archive/2026/remembered-long-take-number-${String(i + 1).padStart(2, '0')}-1080p30.mkv`;
  return { ...base, maxExperiments: 50, history, knowledge: knowledge(10, label) };
}
