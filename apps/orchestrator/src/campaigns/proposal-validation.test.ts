import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, experimentId, type Experiment, type Proposal } from '@codec-lab/domain';
import type { RunnerCapabilities } from '../gateways/runner.gateway.ts';
import { validateProposal } from './proposal-validation.ts';

const capabilities: RunnerCapabilities = {
  encoders: ['libx264', 'libx265'],
  presets: { libx264: ['fast', 'medium', 'slow'], libx265: ['medium'] },
  pixelFormats: { libx264: ['yuv420p'], libx265: ['yuv420p', 'yuv420p10le'] },
  gpuName: '',
  vmafAvailable: false,
  ffmpegVersion: '5.1',
};

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
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 28 } }), [ran], capabilities)).toEqual([]);
  });

  it('refuses a repeat of a config already run, whatever its key order', () => {
    const same = { rateControl: { crf: 23, mode: 'crf' }, preset: 'medium', encoder: 'libx264', strategy: 'codec' };
    expect(validateProposal(proposal(same), [ran], capabilities)).toEqual(['config: identical to experiment 1, which already ran in this campaign']);
  });

  it('refuses encoders and presets the runners do not offer, and anything off-schema', () => {
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, encoder: 'libsvtav1', preset: '8' }), [], capabilities)[0]).toMatch(
      /^encoder: libsvtav1 is not available on the runners/,
    );
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, preset: 'veryslow' }), [], capabilities)).toEqual([
      'preset: veryslow is not a preset the runners offer for libx264',
    ]);
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 80 } }), [], capabilities)).toEqual([
      'rateControl.crf: libx264 CRF must be between 0 and 51',
    ]);
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, x264Params: '--qp 0' }), [], capabilities)[0]).toMatch(/Unrecognized key/);
    expect(validateProposal(proposal({ ...BASELINE_CONFIG, pixelFormat: 'yuv420p10le' }), [], capabilities)).toEqual([
      "pixelFormat: the runners' libx264 does not encode yuv420p10le (it does: yuv420p)",
    ]);
  });
});
