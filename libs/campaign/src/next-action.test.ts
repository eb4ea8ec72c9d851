import { describe, expect, it } from 'vitest';
import type { Arm, Campaign, Experiment, ExperimentStatus, Origin } from '@codec-lab/domain';
import { attemptsExhausted, nextAction, roundOpen } from './next-action.ts';
import { jitteredWait, nextSlotWait, SLOT_WAIT, slotRenewMs } from './slots.ts';

// What a campaign does next, from the stored campaign and experiments alone.

const campaign = (overrides: Partial<Campaign> = {}) => ({ maxExperiments: 3, controlArm: false, batchSize: 1, ...overrides }) as Campaign;
const rules = { maxExperimentAttempts: 3 };
const exp = (seq: number, status: ExperimentStatus, extra: { arm?: Arm; origin?: Origin; attempts?: number; analysed?: boolean } = {}) =>
  ({
    seq,
    arm: extra.arm ?? 'analyst',
    status,
    attempts: extra.attempts ?? 0,
    proposal: { origin: extra.origin ?? (seq === 1 ? 'baseline' : 'planner') },
    analysis: extra.analysed ? { summary: 's' } : undefined,
  }) as Experiment;

describe('next action', () => {
  it('proposes the baseline first, then runs it, analyses it, and proposes again', () => {
    expect(nextAction(campaign(), [], rules)).toEqual({ kind: 'propose', arm: 'analyst' });
    const queued = [exp(1, 'queued')];
    expect(nextAction(campaign(), queued, rules)).toMatchObject({ kind: 'run', run: queued, abandon: [] });
    const measured = [exp(1, 'succeeded')];
    expect(nextAction(campaign(), measured, rules)).toEqual({ kind: 'analyse', experiment: measured[0], history: measured });
    expect(nextAction(campaign(), [exp(1, 'succeeded', { analysed: true })], rules)).toEqual({ kind: 'propose', arm: 'analyst' });
  });

  it('analyses with the analyst arm history up to the experiment, never the control arm', () => {
    const experiments = [exp(1, 'succeeded', { analysed: true }), exp(2, 'succeeded', { arm: 'random', origin: 'random' }), exp(3, 'failed'), exp(4, 'succeeded')];
    const action = nextAction(campaign({ controlArm: true, maxExperiments: 5 }), experiments, rules);
    expect(action).toEqual({ kind: 'analyse', experiment: experiments[2], history: [experiments[0], experiments[2]] });
  });

  it('proposes a whole round of batchSize before running it, and finishes an interrupted round first', () => {
    const c = campaign({ batchSize: 2, maxExperiments: 5 });
    const one = [exp(1, 'succeeded', { analysed: true }), exp(2, 'queued')];
    expect(nextAction(c, one, rules)).toEqual({ kind: 'propose', arm: 'analyst' });
    expect(roundOpen(c, [one[1]!], 'analyst')).toBe(true);
    const full = [...one, exp(3, 'queued')];
    expect(nextAction(c, full, rules)).toMatchObject({ kind: 'run', run: [full[1], full[2]] });
    const interrupted = [exp(1, 'succeeded', { analysed: true }), exp(2, 'running', { attempts: 1 })];
    expect(nextAction(c, interrupted, rules)).toMatchObject({ kind: 'run', run: [interrupted[1]] });
    // The budget ends the round early: nothing more to propose, so what is queued runs.
    const last = [exp(1, 'succeeded', { analysed: true }), exp(2, 'succeeded', { analysed: true }), exp(3, 'queued')];
    expect(nextAction(campaign({ batchSize: 2 }), last, rules)).toMatchObject({ kind: 'run', run: [last[2]] });
  });

  it('gives up on an experiment started maxExperimentAttempts times, and runs the rest of its round', () => {
    const tired = exp(2, 'running', { attempts: 3 });
    const fresh = exp(3, 'queued');
    const action = nextAction(campaign({ batchSize: 2, maxExperiments: 5 }), [exp(1, 'succeeded', { analysed: true }), tired, fresh], rules);
    expect(action).toEqual({
      kind: 'run',
      run: [fresh],
      abandon: [{ experiment: tired, failure: { code: 'ERR_INTERRUPTED', message: 'interrupted 3 times (orchestrator restarts); not retried again' } }],
    });
    expect(attemptsExhausted(exp(2, 'running', { attempts: 2 }), rules)).toBeUndefined();
  });

  it('finishes with the stop reason once no arm has budget or reason to go on', () => {
    const done = [1, 2, 3].map((seq) => exp(seq, 'succeeded', { analysed: true }));
    expect(nextAction(campaign(), done, rules)).toEqual({ kind: 'finish', reason: 'budget spent: 3 of 3 experiments run' });
    expect(nextAction(campaign({ armStops: { analyst: 'objective met by experiment 1' } }), done.slice(0, 1), rules)).toEqual({
      kind: 'finish',
      reason: 'analyst stopped early after 1 experiments: objective met by experiment 1',
    });
  });

  it('counts the baseline for the control arm by its origin, not a user config', () => {
    const c = campaign({ controlArm: true, maxExperiments: 2 });
    const baseline = [exp(1, 'succeeded', { analysed: true }), exp(2, 'succeeded', { analysed: true })];
    // Analyst 2 (the baseline and one), random 1 (the baseline): the random arm's turn.
    expect(nextAction(c, baseline, rules)).toEqual({ kind: 'propose', arm: 'random' });
    const user = [exp(1, 'succeeded', { analysed: true, origin: 'user' }), exp(2, 'succeeded', { analysed: true })];
    expect(nextAction(c, [...user, exp(3, 'succeeded', { arm: 'random', origin: 'random' })], rules)).toEqual({ kind: 'propose', arm: 'random' });
  });
});

describe('slot waits', () => {
  it('double from 200 ms to at most 5 s, with jitter of half to all of the wait, and renew three times per lease', () => {
    const waits: number[] = [SLOT_WAIT.firstMs];
    for (let i = 0; i < 6; i++) waits.push(nextSlotWait(waits.at(-1)!));
    expect(waits).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
    expect(jitteredWait(1000, 0)).toBe(500);
    expect(jitteredWait(1000, 0.999)).toBeLessThan(1000);
    expect(slotRenewMs(30_000)).toBe(10_000);
  });
});
