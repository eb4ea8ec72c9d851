import { ENCODERS, ExperimentConfigSchema, type EncoderName, type ExperimentConfig, type HistoryEntry } from '@codec-lab/domain';

/** What the planner refines with a rate model: one encoder, preset and output size, in CRF mode. */
export interface Track {
  readonly encoder: EncoderName;
  readonly preset: string;
  readonly resolution?: { readonly width: number; readonly height: number };
}

export function trackKey(track: Track): string {
  return [track.encoder, track.preset, track.resolution ? `${track.resolution.width}x${track.resolution.height}` : 'source'].join('/');
}

export function trackOf(config: ExperimentConfig): Track | undefined {
  if (config.rateControl.mode !== 'crf' || config.pixelFormat !== 'yuv420p' || config.tune || config.options || config.filmGrain !== undefined) {
    return undefined;
  }
  return { encoder: config.encoder, preset: config.preset, ...(config.resolution ? { resolution: config.resolution } : {}) };
}

export function trackConfig(track: Track, crf: number): ExperimentConfig {
  return ExperimentConfigSchema.parse({ strategy: 'codec', encoder: track.encoder, preset: track.preset, rateControl: { mode: 'crf', crf }, resolution: track.resolution });
}

export function describeTrack(track: Track): string {
  return `${track.encoder} ${track.preset}${track.resolution ? ` at ${track.resolution.width}x${track.resolution.height}` : ''}`;
}

/** Measured CRF points of a track. */
export function trackPoints(history: readonly HistoryEntry[], track: Track): { crf: number; bitrateBps: number; seq: number }[] {
  const key = trackKey(track);
  return history.flatMap((e) => {
    const t = trackOf(e.config);
    return e.status === 'succeeded' && e.result && t && trackKey(t) === key && e.config.rateControl.mode === 'crf'
      ? [{ crf: e.config.rateControl.crf, bitrateBps: e.result.bitrateBps, seq: e.seq }]
      : [];
  });
}

/**
 * Cross-encoder priors, measured with ffmpeg 5.1 on the shared clips (flower 960x540, crystal
 * 720x480; first 5 s): `equivalentCrf` is the CRF at which the encoder spends about the bitrate
 * x264 medium spends at CRF 23, `halvingStep` the CRF steps that halve its bitrate. They only
 * place the first experiment on a new track; after that the track's own measurements rule.
 */
export const ENCODER_PRIORS: Readonly<Record<EncoderName, { equivalentCrf: number; halvingStep: number; explorePreset: string }>> = {
  libx264: { equivalentCrf: 23, halvingStep: 5, explorePreset: 'medium' },
  libx265: { equivalentCrf: 21.5, halvingStep: 4.5, explorePreset: 'medium' },
  libsvtav1: { equivalentCrf: 24.3, halvingStep: 9.5, explorePreset: '8' },
  'libvpx-vp9': { equivalentCrf: 29.4, halvingStep: 7.6, explorePreset: '4' },
  'libaom-av1': { equivalentCrf: 25, halvingStep: 10, explorePreset: '6' },
  h264_nvenc: { equivalentCrf: 25, halvingStep: 6, explorePreset: 'p5' },
  hevc_nvenc: { equivalentCrf: 25, halvingStep: 6, explorePreset: 'p5' },
  av1_nvenc: { equivalentCrf: 30, halvingStep: 8, explorePreset: 'p5' },
};

/** The next slower preset of the track's encoder, if there is one. */
export function slowerPreset(track: Track): string | undefined {
  const presets = ENCODERS[track.encoder].presets;
  return presets[presets.indexOf(track.preset) + 1];
}
