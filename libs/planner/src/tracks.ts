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

/** The next slower preset of the track's encoder, if there is one. */
export function slowerPreset(track: Track): string | undefined {
  const presets = ENCODERS[track.encoder].presets;
  return presets[presets.indexOf(track.preset) + 1];
}
