import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, experimentId, runnerOffer, type Experiment, type Proposal, type RunnerOffer } from '@codec-lab/domain';
import { validateProposal } from './validation.ts';

const offer: RunnerOffer = (() => {
  const trials = runnerOffer({ encoders: ['libx264', 'libx265'], pixelFormats: { libx264: ['yuv420p'], libx265: ['yuv420p', 'yuv420p10le'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 1);
  const presets: Record<string, string[]> = { libx264: ['fast', 'medium', 'slow'], libx265: ['medium'] };
  return { ...trials, encoders: trials.encoders.map((e) => ({ ...e, presets: presets[e.name]! })) };
})();

const proposal = (config: unknown): Proposal =>
  ({ hypothesis: 'h', rationale: 'r', config, origin: 'planner', validationErrors: [] }) as unknown as Proposal;

const ran: Experiment = {
  campaignId: 'c',
  seq: 1,
  id: experimentId('c', 1),
  arm: 'analyst',
  status: 'succeeded',
  config: BASELINE_CONFIG,
  configHash: configHash(BASELINE_CONFIG),
  proposal: proposal(BASELINE_CONFIG),
  attempts: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('proposal validation', () => {
  it('accepts a new, valid config the runners can encode', () => {
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 28 } }), [ran], offer)).toEqual([]);
  });

  it('refuses a repeat of a config already run, whatever its key order', () => {
    const same = { rateControl: { crf: 23, mode: 'crf' }, preset: 'medium', encoder: 'libx264', strategy: 'codec' };
    expect(validateProposal(proposal(same), [ran], offer)).toEqual(['config: identical to experiment 1, which already ran in this campaign']);
  });

  it('refuses encoders and presets the runners do not offer, and anything off-schema', () => {
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, encoder: 'libsvtav1', preset: '8' }), [], offer)[0]).toMatch(
      /^encoder: libsvtav1 is not available on the runners/,
    );
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, preset: 'veryslow' }), [], offer)).toEqual([
      'preset: veryslow is not a preset the runners offer for libx264',
    ]);
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 80 } }), [], offer)).toEqual([
      'rateControl.crf: libx264 CRF must be between 0 and 51',
    ]);
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, x264Params: '--qp 0' }), [], offer)[0]).toMatch(/Unrecognized key/);
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, pixelFormat: 'yuv420p10le' }), [], offer)).toEqual([
      "pixelFormat: the runners' libx264 does not encode yuv420p10le (it does: yuv420p)",
    ]);
  });

  it("refuses an encoder the objective's constraints do not allow, naming the constraint", () => {
    const x265 = proposal({ strategy: 'codec', encoder: 'libx265', preset: 'medium', rateControl: { mode: 'crf', crf: 28 } });
    expect(validateProposal(proposal(BASELINE_CONFIG), [], offer, { encoders: ['libx265'] })).toEqual([
      "encoder: libx264 breaks the objective's constraint encoders (allowed: libx265)",
    ]);
    expect(validateProposal(x265, [], offer, { encoders: ['libx265'] })).toEqual([]);
  });

  it("refuses a config in another pixel format than the objective's constraint, naming the constraint", () => {
    const x265 = { strategy: 'codec', encoder: 'libx265', preset: 'medium', rateControl: { mode: 'crf', crf: 28 } };
    expect(validateProposal(proposal(x265), [], offer, { pixelFormat: 'yuv420p10le' })).toEqual([
      "pixelFormat: yuv420p breaks the objective's constraint pixelFormat (every config encodes to yuv420p10le)",
    ]);
    expect(validateProposal(proposal({ ...x265, pixelFormat: 'yuv420p10le' }), [], offer, { pixelFormat: 'yuv420p10le' })).toEqual([]);
  });

  it('leaves the measured constraints (speed, size) to the results', () => {
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, preset: 'fast' }), [], offer, { minEncodeFps: 1000, maxSizeBytes: 1 })).toEqual([]);
  });
});
