import { describe, expect, it } from 'vitest';
import { CodecConfigSchema, ENCODER_NAMES, ENCODERS, ExperimentConfigSchema, ParameterStorageConfigSchema, type CodecConfig, MAX_FILM_GRAIN, TARGET_KBPS, type CodecConfigInput, type EncoderName, type ExperimentConfig } from '@codec-lab/domain';
import { seededRandom } from '@codec-lab/planner';
import { LlmConfigSchema, toConfigInput, toLlmConfig } from './llm-schemas.ts';

/** Domain config -> the model's flat shape -> domain config. */
function roundTrip(config: ExperimentConfig): ExperimentConfig {
  const flat = LlmConfigSchema.parse(toLlmConfig(config));
  const { input, errors } = toConfigInput(flat);
  expect(errors).toEqual([]);
  return ExperimentConfigSchema.parse(input);
}

/** The smallest config of an encoder, and one with every knob it has, each at an extreme. */
function handPicked(encoder: EncoderName): CodecConfigInput[] {
  const spec = ENCODERS[encoder];
  const minimal: CodecConfigInput = { strategy: 'codec', encoder, preset: spec.defaultPreset, rateControl: { mode: 'crf', crf: spec.crf.min } };
  const everything: CodecConfigInput = {
    strategy: 'codec',
    encoder,
    preset: spec.presets.at(-1)!,
    rateControl: { mode: 'bitrate', kbps: TARGET_KBPS.max, passes: spec.twoPass ? 2 : 1 },
    gop: 250,
    ...(spec.maxBFrames === null ? {} : { bFrames: spec.maxBFrames }),
    pixelFormat: spec.pixelFormats.at(-1)!,
    ...(spec.tunes.length ? { tune: spec.tunes[0] } : {}),
    resolution: { width: 640, height: 360 },
    ...(spec.filmGrain ? { filmGrain: MAX_FILM_GRAIN } : {}),
    ...(Object.keys(spec.options).length ? { options: Object.fromEntries(Object.entries(spec.options).map(([key, o]) => [key, o.max])) } : {}),
  };
  const zeroes: CodecConfigInput = {
    strategy: 'codec',
    encoder,
    preset: spec.presets[0]!,
    rateControl: { mode: 'bitrate', kbps: TARGET_KBPS.min, passes: 1 },
    gop: 1,
    ...(spec.maxBFrames === null ? {} : { bFrames: 0 }),
    ...(spec.filmGrain ? { filmGrain: 0 } : {}),
    ...(Object.keys(spec.options).length ? { options: Object.fromEntries(Object.entries(spec.options).map(([key, o]) => [key, o.min])) } : {}),
  };
  return [minimal, everything, zeroes];
}

/** A config drawn uniformly from everything the registry allows, each knob present half the time. */
function randomValidConfig(next: () => number): CodecConfig {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const maybe = () => next() < 0.5;
  const encoder = pick(ENCODER_NAMES);
  const spec = ENCODERS[encoder];
  const options = Object.entries(spec.options)
    .filter(maybe)
    .map(([key, o]) => [key, o.integer ? int(o.min, o.max) : Math.round((o.min + next() * (o.max - o.min)) * 100) / 100] as const);
  return ExperimentConfigSchema.parse({
    strategy: 'codec',
    encoder,
    preset: pick(spec.presets),
    rateControl: maybe()
      ? { mode: 'crf', crf: int(spec.crf.min, spec.crf.max) }
      : { mode: 'bitrate', kbps: int(TARGET_KBPS.min, 20_000), ...(maybe() ? { passes: spec.twoPass && maybe() ? 2 : 1 } : {}) },
    ...(maybe() ? { gop: int(1, 1000) } : {}),
    ...(spec.maxBFrames !== null && maybe() ? { bFrames: int(0, spec.maxBFrames) } : {}),
    ...(maybe() ? { pixelFormat: pick(spec.pixelFormats) } : {}),
    ...(spec.tunes.length && maybe() ? { tune: pick(spec.tunes) } : {}),
    ...(maybe() ? { resolution: { width: 2 * int(8, 3840), height: 2 * int(8, 2160) } } : {}),
    ...(spec.filmGrain && maybe() ? { filmGrain: int(0, MAX_FILM_GRAIN) } : {}),
    ...(options.length ? { options: Object.fromEntries(options) } : {}),
  } satisfies CodecConfigInput) as CodecConfig;
}

describe('the flat LLM config and the domain config', () => {
  it('convert into each other without loss for every encoder and every knob', () => {
    for (const encoder of ENCODER_NAMES) {
      for (const input of handPicked(encoder)) {
        const config = ExperimentConfigSchema.parse(input);
        expect(roundTrip(config), JSON.stringify(input)).toStrictEqual(config);
      }
    }
  });

  it('convert into each other without loss for configs drawn at random from the registry', () => {
    const next = seededRandom(20261201);
    const seen = { encoders: new Set<string>(), knobs: new Set<string>() };
    for (let i = 0; i < 500; i++) {
      const config = randomValidConfig(next);
      seen.encoders.add(config.encoder);
      for (const key of Object.keys(config)) seen.knobs.add(key);
      expect(roundTrip(config), JSON.stringify(config)).toStrictEqual(config);
    }
    expect(seen.encoders.size).toBe(ENCODER_NAMES.length);
    expect([...seen.knobs].sort()).toEqual(Object.keys(CodecConfigSchema.shape).sort());
  });

  it('carry parameter_storage configs, with and without a residual', () => {
    for (const input of [{}, { vocabulary: ['shape', 'fill'], effort: 4, quantization: { positionBits: 0, colorBits: 6, phaseBits: 4 }, residual: { codec: 'libx265', crf: 30 } }] as const) {
      const config = ParameterStorageConfigSchema.parse({ strategy: 'parameter_storage', ...input });
      expect(roundTrip(config)).toStrictEqual(config);
      expect(toLlmConfig(config).strategy).toBe('parameter_storage');
    }
  });

  it('write what a config leaves out as null and options as name/value pairs', () => {
    const config = ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset: 'slow', rateControl: { mode: 'crf', crf: 20 }, options: { refs: 4, aqMode: 2 } });
    expect(toLlmConfig(config)).toEqual({
      strategy: 'codec',
      parameterStorage: null,
      encoder: 'libx264',
      preset: 'slow',
      rateMode: 'crf',
      crf: 20,
      kbps: null,
      passes: null,
      gop: null,
      bFrames: null,
      pixelFormat: 'yuv420p',
      tune: null,
      width: null,
      height: null,
      filmGrain: null,
      options: [
        { name: 'refs', value: 4 },
        { name: 'aqMode', value: 2 },
      ],
    });
  });
});
