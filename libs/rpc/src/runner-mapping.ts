import {
  ENCODER_NAMES,
  PIXEL_FORMATS,
  RunnerOfferSchema,
  SourceDescriptionSchema,
  VMAF_MODELS,
  type RunnerOffer,
  type SourceDescription,
  type SourceFeatures,
} from '@codec-lab/domain';
import type { WireCapabilities, WireCapabilitiesOutput, WireSourceDescription, WireSourceDescriptionOutput } from '@codec-lab/contracts';
import { missing } from './wire.ts';

// What a runner reports about itself and its sources, on the wire and back.

export function sourceDescriptionToWire(description: SourceDescription): WireSourceDescription {
  return { ...description };
}

/** A description as sent; one without features (from a runner that did not measure them) has none. */
export function sourceDescriptionFromWire(wire: WireSourceDescriptionOutput | null | undefined): SourceDescription {
  if (!wire) return missing('source description');
  const { sizeBytes, sha256, features, ...rest } = wire;
  return SourceDescriptionSchema.parse({
    width: rest.width ?? 0,
    height: rest.height ?? 0,
    frameRate: rest.frameRate ?? '',
    fps: rest.fps ?? 0,
    frames: rest.frames ?? 0,
    durationSeconds: rest.durationSeconds ?? 0,
    pixelFormat: rest.pixelFormat ?? '',
    bitDepth: rest.bitDepth ?? 0,
    colorRange: rest.colorRange ?? '',
    audio: rest.audio ?? false,
    codec: rest.codec ?? '',
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
    ...(sha256 !== undefined ? { sha256 } : {}),
    ...(features ? { features: featuresFromWire(features) } : {}),
  });
}

function featuresFromWire(wire: NonNullable<WireSourceDescriptionOutput['features']>): SourceFeatures {
  const meanMax = (stats: { mean?: number; max?: number } | undefined) => ({ mean: stats?.mean ?? 0, max: stats?.max ?? 0 });
  return {
    spatialInfo: meanMax(wire.spatialInfo),
    temporalInfo: meanMax(wire.temporalInfo),
    noise: wire.noise ?? 0,
    sceneCuts: wire.sceneCuts ?? [],
    sceneCutCount: wire.sceneCutCount ?? 0,
    analysedFrames: wire.analysedFrames ?? 0,
    analysisScale: wire.analysisScale ?? 0,
  };
}

export function offerToWire(offer: RunnerOffer): WireCapabilities {
  return {
    encoders: offer.encoders.map(({ crf, ...encoder }) => ({ ...encoder, crfMin: crf.min, crfMax: crf.max })),
    vmafAvailable: offer.vmafAvailable,
    vmafModels: offer.vmafModels,
    ffmpegVersion: offer.ffmpegVersion,
    meterFfmpegVersion: offer.meterFfmpegVersion,
    gpuName: offer.gpuName,
    maxConcurrent: offer.maxConcurrent,
  };
}

const known = <T extends string>(names: readonly T[]) => (name: string | undefined): name is T => (names as readonly string[]).includes(name ?? '');

/**
 * A runner's offer as sent. Encoders and pixel formats this build of codec-lab does not know (a
 * newer runner's) are left out rather than refused: nothing could ask for them.
 */
export function offerFromWire(wire: WireCapabilitiesOutput | null | undefined): RunnerOffer {
  if (!wire) return missing('capabilities');
  return RunnerOfferSchema.parse({
    encoders: wire.encoders
      .filter((e) => known(ENCODER_NAMES)(e.name))
      .map((e) => ({
        name: e.name,
        presets: e.presets,
        pixelFormats: e.pixelFormats.filter(known(PIXEL_FORMATS)),
        crf: { min: e.crfMin ?? 0, max: e.crfMax ?? 0 },
        tunes: e.tunes,
        twoPass: e.twoPass ?? false,
        hardware: e.hardware ?? false,
      })),
    vmafAvailable: wire.vmafAvailable ?? false,
    vmafModels: wire.vmafModels.filter(known(VMAF_MODELS)),
    ffmpegVersion: wire.ffmpegVersion ?? '',
    meterFfmpegVersion: wire.meterFfmpegVersion ?? '',
    gpuName: wire.gpuName ?? '',
    maxConcurrent: wire.maxConcurrent ?? 0,
  });
}
