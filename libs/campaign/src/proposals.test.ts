import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, isDomainError, offeredEncoders, runnerOffer, type Campaign, type Constraints, type Experiment, type Objective, type Proposal } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { analystContext } from './context.ts';
import { BASELINE_PROPOSAL, MAX_PROPOSAL_ROUNDS, openingProposal, ProposalRounds, randomDraw, randomProposal } from './proposals.ts';

const offer = runnerOffer({ encoders: ['libx264', 'libsvtav1'], pixelFormats: { libx264: ['yuv420p'], libsvtav1: ['yuv420p'] }, vmafModels: ['vmaf_v0.6.1'], ffmpegVersion: '7.1', meterFfmpegVersion: '7.1', gpuName: '' }, 2);
const tenBit = runnerOffer({ encoders: ['libx264', 'libsvtav1'], pixelFormats: { libx264: ['yuv420p', 'yuv420p10le'], libsvtav1: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '7.1', meterFfmpegVersion: '7.1', gpuName: '' }, 2);
const campaign = (overrides: Partial<Campaign> = {}) =>
  ({ id: 'c', source: { kind: 'file', path: 'a.mp4' }, objective: budgetObjective(1), maxExperiments: 4, analyst: 'planner', seed: 7, ...overrides }) as Campaign;
const constrained = (constraints: Constraints) => campaign({ objective: budgetObjective(1, 'psnr', { constraints }) });
const proposal = (config: unknown): Proposal => ({ hypothesis: 'h', rationale: 'r', config, origin: 'planner', validationErrors: [] }) as unknown as Proposal;
const ran = (seq: number, config = BASELINE_CONFIG, origin: Proposal['origin'] = 'baseline', arm: Experiment['arm'] = 'analyst') =>
  ({ seq, arm, status: 'succeeded', config, configHash: configHash(config), proposal: { ...proposal(config), origin } }) as unknown as Experiment;

describe('opening proposal', () => {
  it('is the baseline where the runners have libx264, else the analyst chooses', () => {
    expect(openingProposal(campaign(), [], offer)).toEqual(BASELINE_PROPOSAL);
    expect(openingProposal(campaign(), [], { ...offer, encoders: offer.encoders.filter((e) => e.name !== 'libx264') })).toBeUndefined();
    expect(openingProposal(campaign(), [ran(1)], offer)).toBeUndefined();
  });

  it('is an explicit config, labelled user, refused when the runners cannot run it', () => {
    const initialConfig = { ...BASELINE_CONFIG, preset: 'slow' };
    expect(openingProposal(campaign({ initialConfig }), [], offer)).toMatchObject({ origin: 'user', config: initialConfig });
    let error: unknown;
    try {
      openingProposal(campaign({ initialConfig: { ...initialConfig, pixelFormat: 'yuv420p10le' } }), [], offer);
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error) && error.code).toBe('ERR_CONFIG_UNAVAILABLE');
  });

  it("is no baseline where the objective's constraints exclude libx264: the analyst chooses", () => {
    expect(openingProposal(constrained({ encoders: ['libsvtav1'] }), [], offer)).toBeUndefined();
    expect(openingProposal(constrained({ encoders: ['libsvtav1', 'libx264'] }), [], offer)).toEqual(BASELINE_PROPOSAL);
  });

  it('is the baseline in the pixel format the constraints require, where the runners encode it', () => {
    const opening = openingProposal(constrained({ pixelFormat: 'yuv420p10le' }), [], tenBit);
    expect(opening).toMatchObject({ origin: 'baseline', config: { ...BASELINE_CONFIG, pixelFormat: 'yuv420p10le' }, hypothesis: expect.stringContaining('yuv420p10le') });
    expect(openingProposal(constrained({ pixelFormat: 'yuv420p10le' }), [], offer)).toBeUndefined();
  });

  it("refuses an explicit config that breaks the objective's constraints, naming them", () => {
    expect(() => openingProposal({ ...constrained({ encoders: ['libsvtav1'] }), initialConfig: BASELINE_CONFIG }, [], offer)).toThrow(
      "encoder: libx264 breaks the objective's constraint encoders (allowed: libsvtav1)",
    );
  });
});

describe('refusal rounds', () => {
  it('records what was refused on the proposal finally accepted', () => {
    const rounds = new ProposalRounds([ran(1)], offer);
    expect(rounds.consider(proposal(BASELINE_CONFIG))).toBeUndefined();
    expect(rounds.refused).toEqual([{ configHash: configHash(BASELINE_CONFIG), reason: 'config: identical to experiment 1, which already ran in this campaign' }]);
    const accepted = rounds.consider(proposal({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 30 } }));
    expect(accepted?.validationErrors).toEqual([`refused ${configHash(BASELINE_CONFIG).slice(0, 12)}: config: identical to experiment 1, which already ran in this campaign`]);
  });

  it("refuses a proposal that breaks the objective's constraints and tells the analyst which", () => {
    const rounds = new ProposalRounds([], offer, { encoders: ['libsvtav1'] });
    expect(rounds.consider(proposal({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 30 } }))).toBeUndefined();
    expect(rounds.refused[0]?.reason).toBe("encoder: libx264 breaks the objective's constraint encoders (allowed: libsvtav1)");
    expect(rounds.consider(proposal({ strategy: 'codec', encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'crf', crf: 35 } }))).toMatchObject({ config: { encoder: 'libsvtav1' } });
  });

  it(`closes after ${MAX_PROPOSAL_ROUNDS} refusals and says why the step fails`, () => {
    const rounds = new ProposalRounds([], offer);
    for (let i = 0; i < MAX_PROPOSAL_ROUNDS; i++) {
      expect(rounds.open).toBe(true);
      rounds.consider(proposal({ ...BASELINE_CONFIG, encoder: 'libx265' }));
    }
    expect(rounds.open).toBe(false);
    expect(rounds.exhausted()).toMatchObject({ code: 'ERR_NO_VALID_PROPOSAL', message: expect.stringMatching(/^the analyst made 3 proposals and none passed validation: encoder: libx265/) });
  });
});

describe('control arm draws and the analyst context', () => {
  it('draws after its own and the baseline, over the offered encoders, and says so', () => {
    const other = { ...BASELINE_CONFIG, preset: 'fast' };
    const experiments = [ran(1), ran(2, other, 'planner'), ran(3, { ...BASELINE_CONFIG, preset: 'slow' }, 'random', 'random')];
    const draw = randomDraw(campaign(), experiments, offer);
    expect(draw).toEqual({ seed: 7, draw: 1, encoders: ['libx264', 'libsvtav1'], tried: new Set([experiments[2]!.configHash, experiments[0]!.configHash]) });
    expect(randomProposal(campaign(), draw.draw, other)).toMatchObject({ origin: 'random', hypothesis: expect.stringMatching(/^Control arm draw 2: .*\(seed 7\)\.$/) });
  });

  it("draws over the encoders the objective's constraints allow, in its pixel format", () => {
    expect(randomDraw(constrained({ encoders: ['libsvtav1', 'libx265'] }), [ran(1)], offer).encoders).toEqual(['libsvtav1']);
    expect(randomDraw(constrained({ pixelFormat: 'yuv420p10le' }), [ran(1)], tenBit).encoders).toEqual(['libx264']);
    expect(randomDraw(constrained({ pixelFormat: 'yuv420p10le', encoders: ['libsvtav1'] }), [ran(1)], tenBit).encoders).toEqual([]);
  });

  it('carries the offer unchanged, and the encoder names the planner searches', () => {
    const context = analystContext(campaign(), [ran(1)], offer);
    expect(context.offer).toBe(offer);
    expect(offeredEncoders(context.offer)).toEqual(['libx264', 'libsvtav1']);
    expect(context.history.map((h) => h.seq)).toEqual([1]);
  });

  it('tells the analyst the objective with its kind and constraints, and the offer still unnarrowed', () => {
    const objective: Objective = { kind: 'bitrate-at-quality', metric: 'ssim', targetQuality: 0.97, constraints: { encoders: ['libsvtav1'], minRealtime: 1 } };
    const context = analystContext(campaign({ objective }), [ran(1)], offer);
    expect(context.objective).toEqual(objective);
    expect(offeredEncoders(context.offer)).toEqual(['libx264', 'libsvtav1']);
  });
});
