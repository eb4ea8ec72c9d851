import { ExperimentResultSchema, VmafOptionsSchema, type ExperimentResult, type FfmpegBuild, type Vmaf, type VmafOptions } from '@codec-lab/domain';
import type {
  WireExperimentResult,
  WireExperimentResultOutput,
  WireFfmpegBuildOutput,
  WireVmaf,
  WireVmafOptions,
  WireVmafOptionsOutput,
  WireVmafOutput,
} from '@codec-lab/contracts';
import { missing } from './wire.ts';

// What a runner measured, on the wire and back. proto3 leaves zero scalars off the wire: a missing
// number means 0, a missing string ''; every result is parsed with the domain schema.

const zero = (n: number | undefined) => n ?? 0;

export function vmafToWire(vmaf: Vmaf): WireVmaf {
  return vmaf.available ? { ...vmaf } : { available: false, reason: vmaf.reason };
}

export function vmafFromWire(wire: WireVmafOutput | null | undefined): Vmaf {
  if (!wire?.available) return { available: false, reason: wire?.reason ?? '' };
  return {
    available: true,
    model: (wire.model ?? '') as Extract<Vmaf, { available: true }>['model'],
    libvmafVersion: wire.libvmafVersion ?? '',
    subsample: zero(wire.subsample),
    scoredFrames: zero(wire.scoredFrames),
    mean: zero(wire.mean),
    harmonicMean: zero(wire.harmonicMean),
    low1Percent: zero(wire.low1Percent),
    low5Percent: zero(wire.low5Percent),
    min: zero(wire.min),
  };
}

export function vmafOptionsToWire(options: VmafOptions): WireVmafOptions {
  return { ...options };
}

/** Absent or zero fields take the defaults (vmaf_v0.6.1, every frame). */
export function vmafOptionsFromWire(wire: WireVmafOptionsOutput | null | undefined): VmafOptions {
  return VmafOptionsSchema.parse({ model: wire?.model || undefined, subsample: wire?.subsample || undefined });
}

export function resultToWire(result: ExperimentResult): WireExperimentResult {
  // Segments carry the same field names on both sides, so they pass through as they are.
  const { vmaf, ffmpeg, ...rest } = result;
  return { ...rest, vmaf: vmafToWire(vmaf), encoderFfmpeg: ffmpeg?.encoder, meterFfmpeg: ffmpeg?.meter };
}

const build = (wire: WireFfmpegBuildOutput): FfmpegBuild => ({ version: wire.version ?? '', sha256: wire.sha256 ?? '' });

export function resultFromWire(wire: WireExperimentResultOutput | null | undefined): ExperimentResult {
  if (!wire) return missing('result');
  return ExperimentResultSchema.parse({
    bytes: zero(wire.bytes),
    durationSeconds: zero(wire.durationSeconds),
    bitrateBps: zero(wire.bitrateBps),
    width: zero(wire.width),
    height: zero(wire.height),
    frames: zero(wire.frames),
    sourceFrames: zero(wire.sourceFrames),
    psnr: { y: zero(wire.psnr?.y), u: zero(wire.psnr?.u), v: zero(wire.psnr?.v), avg: zero(wire.psnr?.avg) },
    ssim: { y: zero(wire.ssim?.y), u: zero(wire.ssim?.u), v: zero(wire.ssim?.v), all: zero(wire.ssim?.all) },
    vmaf: vmafFromWire(wire.vmaf),
    encodeSeconds: zero(wire.encodeSeconds),
    encodeFps: zero(wire.encodeFps),
    measureSeconds: zero(wire.measureSeconds),
    artifactUri: wire.artifactUri ?? '',
    artifactSha256: wire.artifactSha256 ?? '',
    mode: wire.mode ?? '',
    ffmpegVersion: wire.ffmpegVersion ?? '',
    ffmpeg: wire.encoderFfmpeg && wire.meterFfmpeg ? { encoder: build(wire.encoderFfmpeg), meter: build(wire.meterFfmpeg) } : undefined,
    // proto3 cannot tell an empty list from an absent one; a full run has none.
    segments: wire.segments?.length
      ? wire.segments.map((s) => ({
          startSeconds: zero(s.startSeconds),
          durationSeconds: zero(s.durationSeconds),
          frames: zero(s.frames),
          bytes: zero(s.bytes),
          psnrAvg: zero(s.psnrAvg),
          ssimAll: zero(s.ssimAll),
          vmafMean: s.vmafMean,
          artifactUri: s.artifactUri ?? '',
          artifactSha256: s.artifactSha256 ?? '',
        }))
      : undefined,
    parameterStorage: wire.parameterStorage
      ? {
          layers: wire.parameterStorage.layers ?? [],
          notFitted: wire.parameterStorage.notFitted ?? [],
          sceneBytes: zero(wire.parameterStorage.sceneBytes),
          residualBytes: zero(wire.parameterStorage.residualBytes),
          fitPsnrAvg: zero(wire.parameterStorage.fitPsnrAvg),
          fitSeconds: zero(wire.parameterStorage.fitSeconds),
        }
      : undefined,
  });
}
