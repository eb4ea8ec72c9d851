import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, ExperimentConfigSchema, runnerOffer, type CampaignContext, type LabKnowledge, type ExperimentConfig, type Source } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { loadContracts, type WireProposeRequestOutput, type WireRunExperimentRequestOutput } from '@codec-lab/contracts';
import { configFromWire, configToWire } from './config-mapping.ts';
import { contextFromWire, contextToWire, sourceFromWire, sourceToWire } from './mapping.ts';

// Round trips through the real protobuf serialisers gRPC uses (with the loader's options), so
// that proto3 dropping zero values is part of what is tested.
const method = loadContracts().codeclab.v1.AgentRunner.service.RunExperiment;
const overTheWire = (config: ExperimentConfig) =>
  configFromWire((method.requestDeserialize(method.requestSerialize({ experimentId: 'x', config: configToWire(config) })) as WireRunExperimentRequestOutput).config);

describe('config mapping', () => {
  const configs: ExperimentConfig[] = [
    BASELINE_CONFIG,
    ExperimentConfigSchema.parse({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 0 }, bFrames: 0, gop: 1 }),
    ExperimentConfigSchema.parse({
      ...BASELINE_CONFIG,
      rateControl: { mode: 'bitrate', kbps: 750, passes: 2 },
      tune: 'film',
      pixelFormat: 'yuv420p10le',
      resolution: { width: 640, height: 360 },
      options: { aqMode: 0, aqStrength: 1.25 },
    }),
    ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libsvtav1', preset: '10', rateControl: { mode: 'crf', crf: 40 }, filmGrain: 0 }),
    ExperimentConfigSchema.parse({ strategy: 'parameter_storage' }),
    // Zero bits and a zero CRF are dropped by proto3 and must still come back as set.
    ExperimentConfigSchema.parse({
      strategy: 'parameter_storage',
      vocabulary: ['shape', 'fill'],
      effort: 5,
      quantization: { positionBits: 0, colorBits: 0, phaseBits: 16 },
      residual: { codec: 'libx264', crf: 0 },
    }),
  ];
  it.each(configs.map((c) => [c]))('keeps %j (and its hash) through protobuf encoding', (config) => {
    expect(overTheWire(config)).toEqual(config);
    expect(configHash(overTheWire(config))).toBe(configHash(config));
  });

  it('refuses a parameter_storage config with a field out of range, naming it', () => {
    const wire = { parameterStorage: { effort: 9, residualCodec: 'libx265', residualCrf: 99, vocabulary: ['fractal'] } };
    expect(() => configFromWire(wire)).toThrow(/effort[\s\S]*vocabulary|vocabulary[\s\S]*effort/);
    expect(() => configFromWire({ parameterStorage: { vocabulary: [], residualCodec: 'libx265', residualCrf: 99 } })).toThrow(/libx265 CRF must be between 0 and 51/);
  });

  it('keeps sources through the wire', () => {
    const source = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 } as const;
    const wire = (s: Source) =>
      sourceFromWire((method.requestDeserialize(method.requestSerialize({ experimentId: 'x', source: sourceToWire(s) })) as WireRunExperimentRequestOutput).source);
    expect(wire(source)).toEqual(source);
    expect(wire({ kind: 'file', path: 'a/b.mp4' })).toEqual({ kind: 'file', path: 'a/b.mp4' });
  });
});

describe('context mapping', () => {
  const propose = loadContracts().codeclab.v1.LlmAnalyst.service.Propose;
  const trials = runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels: ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'], ffmpegVersion: '5.1', meterFfmpegVersion: '7.0.2-static', gpuName: '' }, 2);
  const context: CampaignContext = {
    campaignId: 'c1',
    source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
    objective: budgetObjective(0.1),
    maxExperiments: 3,
    history: [],
    analyst: 'planner',
    offer: { ...trials, encoders: trials.encoders.map((e) => ({ ...e, presets: ['fast', 'medium'] })) },
    vmaf: { model: 'vmaf_v0.6.1neg', subsample: 2 },
  };

  it("keeps the runners' offers and VMAF availability through protobuf encoding", () => {
    const decoded = propose.requestDeserialize(propose.requestSerialize({ context: contextToWire(context) })) as WireProposeRequestOutput;
    expect(contextFromWire(decoded.context)).toEqual(context);
  });

  it("keeps what the lab knew (priors, similar sources, probe correction) through protobuf encoding, zeros included", () => {
    const e = (mean: number, sd: number) => ({ mean, sd });
    const metrics = { psnr: e(0, 0), ssim: e(0.004, 0.001), vmaf: e(2.5, 1) };
    const knowledge: LabKnowledge = {
      priors: {
        reference: { encoder: 'libx264', preset: 'medium', crf: 28 },
        clips: ['flower'],
        provenance: 'fitted; updated by 1 remembered campaigns',
        tracks: [{ encoder: 'libx264', preset: 'medium', equivalentCrf: e(28, 0), rateSlope: e(-0.11, 0.01), gain: metrics, qualitySlope: metrics, logCost: e(0, 0) }],
      },
      similar: [{ campaignId: 'c0', label: 'clip.mp4', similarity: 0.8, points: 4, finding: 'best at equal bitrate: libx264 medium' }],
      probeCorrection: { lnBitrateRatio: e(-0.07, 0.03), psnr: e(0.2, 0.1), ssim: e(0, 0.001), vmaf: e(0, 1.5), pairs: 2, basis: 'two pairs' },
      recordsRead: 3,
      learnedAt: '2026-12-01T00:00:00.000Z',
    };
    const decoded = propose.requestDeserialize(propose.requestSerialize({ context: contextToWire({ ...context, knowledge }) })) as WireProposeRequestOutput;
    expect(contextFromWire(decoded.context)).toEqual({ ...context, knowledge });
  });

  it('refuses a context without the offer', () => {
    const { offer: _offer, ...wire } = contextToWire(context);
    const decoded = propose.requestDeserialize(propose.requestSerialize({ context: wire })) as WireProposeRequestOutput;
    expect(() => contextFromWire(decoded.context)).toThrow('context.offer is required');
  });
});
