import { canonicalJson, ENCODERS, CodecConfigSchema, type CodecConfig, type HistoryEntry } from './domain.ts';

/**
 * What the planner refines with a rate model, ln(bitrate) = a + b x CRF: a CRF-mode config without
 * its CRF. Every other field can move the model (encoder and preset; the output size; gop and
 * B-frames, which set how many frames are intra- or bi-predicted; tune, pixel format, film grain and
 * each option), so every other field is part of the track and of its key: measurements of configs
 * that differ in anything but the CRF never share a model. A bitrate-mode config has no track (its
 * bitrate is the encoder's target, not a point on a CRF curve).
 */
export type Track = Readonly<Omit<CodecConfig, 'strategy' | 'rateControl' | 'pixelFormat'>> & { readonly pixelFormat?: CodecConfig['pixelFormat'] };

/** The same key for tracks that mean the same thing (key order, the default pixel format). */
export function trackKey(track: Track): string {
  return canonicalJson({ ...track, pixelFormat: track.pixelFormat ?? 'yuv420p' });
}

export function trackOf(config: HistoryEntry['config']): Track | undefined {
  if (config.strategy !== 'codec' || config.rateControl.mode !== 'crf') return undefined;
  const { strategy: _strategy, rateControl: _rateControl, pixelFormat, ...track } = config;
  return { ...track, ...(pixelFormat === 'yuv420p' ? {} : { pixelFormat }) };
}

export function trackConfig(track: Track, crf: number): CodecConfig {
  return CodecConfigSchema.parse({ ...track, strategy: 'codec', rateControl: { mode: 'crf', crf } });
}

/** `libx264 medium`, `libx264 medium at 640x360`, then any other setting: `libx264 medium (gop 48, bf 3)`. */
export function describeTrack(track: Track): string {
  const extras = [
    track.pixelFormat === 'yuv420p10le' ? '10-bit' : '',
    track.tune ? `tune ${track.tune}` : '',
    track.gop !== undefined ? `gop ${track.gop}` : '',
    track.bFrames !== undefined ? `bf ${track.bFrames}` : '',
    track.filmGrain !== undefined ? `grain ${track.filmGrain}` : '',
    ...Object.entries(track.options ?? {}).map(([key, value]) => `${key}=${value}`),
  ].filter(Boolean);
  return `${track.encoder} ${track.preset}${track.resolution ? ` at ${track.resolution.width}x${track.resolution.height}` : ''}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** Measured CRF points of a track. */
export function trackPoints(history: readonly HistoryEntry[], track: Track): { crf: number; bitrateBps: number; seq: number }[] {
  const key = trackKey(track);
  return history.flatMap((e) => {
    const t = trackOf(e.config);
    return e.status === 'succeeded' && e.result && t && trackKey(t) === key && (e.config as CodecConfig).rateControl.mode === 'crf'
      ? [{ crf: ((e.config as CodecConfig).rateControl as { crf: number }).crf, bitrateBps: e.result.bitrateBps, seq: e.seq }]
      : [];
  });
}

/** The next slower preset of the track's encoder, if there is one. */
export function slowerPreset(track: Track): string | undefined {
  const presets = ENCODERS[track.encoder].presets;
  return presets[presets.indexOf(track.preset) + 1];
}
