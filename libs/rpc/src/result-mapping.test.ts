import { describe, expect, it } from 'vitest';
import type { ExperimentResult } from '@codec-lab/domain';
import { measuredResult } from '@codec-lab/domain/testing';
import { loadContracts, type WireRunEventOutput } from '@codec-lab/contracts';
import { resultFromWire, resultToWire, vmafOptionsFromWire } from './result-mapping.ts';

// Through the real serialisers of RunExperiment's stream, as a runner's result travels.
const method = loadContracts().codeclab.v1.AgentRunner.service.RunExperiment;
const overTheWire = (result: ExperimentResult) =>
  resultFromWire((method.responseDeserialize(method.responseSerialize({ result: resultToWire(result) })) as WireRunEventOutput).result);

describe('result mapping', () => {
  const builds = {
    encoder: { version: '5.1.9-0+deb12u1', sha256: 'b'.repeat(64) },
    meter: { version: '7.0.2-static', sha256: 'c'.repeat(64) },
  };

  it('keeps a VMAF score with its model, version, pooling and subsampling, and both ffmpeg builds', () => {
    const result = measuredResult(200_000, 38, {
      vmaf: { available: true, model: 'vmaf_v0.6.1neg', libvmafVersion: '2.3.0', subsample: 2, scoredFrames: 12, mean: 91.5, harmonicMean: 91.2, low1Percent: 80.25, low5Percent: 80.25, min: 80.25 },
      ffmpeg: builds,
    });
    expect(overTheWire(result)).toEqual(result);
  });

  it('keeps why VMAF was not measured, and a result recorded before it named its builds', () => {
    const result = measuredResult(200_000, 38, { vmaf: { available: false, reason: 'no libvmaf' } });
    expect(result.ffmpeg).toBeUndefined();
    expect(overTheWire(result)).toEqual(result);
  });

  it('keeps per-segment VMAF of a probe run', () => {
    const segment = { startSeconds: 0, durationSeconds: 1, frames: 24, bytes: 1000, psnrAvg: 40, ssimAll: 0.98, artifactUri: 'file:///a', artifactSha256: 'd'.repeat(64) };
    const result = measuredResult(200_000, 38, { mode: 'probe', segments: [{ ...segment, vmafMean: 93.1 }, segment] });
    expect(overTheWire(result)).toEqual(result);
  });

  it("keeps a parameter-storage experiment's report, zero residual bytes included", () => {
    const parameterStorage = { layers: ['linear gradient, 3 keyframes', 'rect 212x120 moving, 4 keyframes'], notFitted: [], sceneBytes: 311, residualBytes: 0, fitPsnrAvg: 58.25, fitSeconds: 4.5 };
    const result = measuredResult(500, 58.25, { parameterStorage });
    expect(overTheWire(result)).toEqual(result);
  });

  it('takes absent VMAF options as vmaf_v0.6.1 on every frame, and refuses an unknown model', () => {
    expect(vmafOptionsFromWire(undefined)).toEqual({ model: 'vmaf_v0.6.1', subsample: 1 });
    expect(vmafOptionsFromWire({ model: 'vmaf_v0.6.1neg', subsample: 3 })).toEqual({ model: 'vmaf_v0.6.1neg', subsample: 3 });
    expect(() => vmafOptionsFromWire({ model: 'vmaf_4k', subsample: 0 })).toThrow(/model/);
  });
});
