import { ExperimentConfigSchema, type CodecConfig, type ExperimentConfig, type ParameterStorageConfig } from '@codec-lab/domain';
import type { WireCodecConfigOutput, WireExperimentConfig, WireExperimentConfigOutput, WireParameterStorageConfigOutput } from '@codec-lab/contracts';
import { missing } from './wire.ts';

// An experiment's config on the wire and back: one oneof member per strategy. proto3 leaves zero
// scalars off the wire (a missing number means 0, a missing string ''); every config read is parsed
// with the domain schema, so a bad field is an error naming it.

export function configToWire(config: ExperimentConfig): WireExperimentConfig {
  if (config.strategy === 'parameter_storage') {
    const { quantization: q, residual } = config;
    return {
      parameterStorage: {
        vocabulary: [...config.vocabulary],
        effort: config.effort,
        positionBits: q.positionBits,
        colorBits: q.colorBits,
        phaseBits: q.phaseBits,
        residualCodec: residual.codec,
        residualCrf: residual.codec === 'none' ? 0 : residual.crf,
      },
    };
  }
  const rc = config.rateControl;
  return {
    codec: {
      encoder: config.encoder,
      preset: config.preset,
      ...(rc.mode === 'crf' ? { crf: { crf: rc.crf } } : { bitrate: { kbps: rc.kbps, passes: rc.passes } }),
      gop: config.gop,
      bFrames: config.bFrames,
      pixelFormat: config.pixelFormat,
      tune: config.tune,
      resolution: config.resolution,
      filmGrain: config.filmGrain,
      options: config.options,
    },
  };
}

export function configFromWire(wire: WireExperimentConfigOutput | null | undefined): ExperimentConfig {
  if (wire?.parameterStorage) return parameterStorageFromWire(wire.parameterStorage);
  if (wire?.codec) return codecFromWire(wire.codec);
  return missing('config (a codec or parameter_storage config)');
}

function codecFromWire(codec: WireCodecConfigOutput): CodecConfig {
  const rateControl = codec.bitrate
    ? { mode: 'bitrate', kbps: codec.bitrate.kbps ?? 0, passes: codec.bitrate.passes || undefined }
    : codec.crf
      ? { mode: 'crf', crf: codec.crf.crf ?? 0 }
      : missing('config.rateControl');
  return ExperimentConfigSchema.parse({
    strategy: 'codec',
    encoder: codec.encoder ?? '',
    preset: codec.preset ?? '',
    rateControl,
    gop: codec.gop,
    bFrames: codec.bFrames,
    pixelFormat: codec.pixelFormat || undefined,
    tune: codec.tune,
    resolution: codec.resolution ? { width: codec.resolution.width ?? 0, height: codec.resolution.height ?? 0 } : undefined,
    filmGrain: codec.filmGrain,
    options: codec.options && Object.keys(codec.options).length > 0 ? codec.options : undefined,
  }) as CodecConfig;
}

/** Absent fields take the schema's defaults (an empty vocabulary is every fittable kind, effort 0 the default). */
function parameterStorageFromWire(ps: WireParameterStorageConfigOutput): ParameterStorageConfig {
  const codec = ps.residualCodec || 'none';
  return ExperimentConfigSchema.parse({
    strategy: 'parameter_storage',
    vocabulary: ps.vocabulary?.length ? ps.vocabulary : undefined,
    effort: ps.effort || undefined,
    quantization: { positionBits: ps.positionBits, colorBits: ps.colorBits, phaseBits: ps.phaseBits },
    residual: codec === 'none' ? { codec } : { codec, crf: ps.residualCrf ?? 0 },
  }) as ParameterStorageConfig;
}
