import { describe, expect, it } from 'vitest';
import { rankRunners, type RunnerCandidate } from './runner-choice.ts';

// Which runner an experiment goes to: the most free slots, then the fewest running, then chance.

const runner = (runnerId: string, maxConcurrent: number, held: number, active = held): RunnerCandidate => ({ runnerId, maxConcurrent, held, active });
const ids = (ranked: RunnerCandidate[]) => ranked.map((r) => r.runnerId);

describe('rankRunners', () => {
  it('puts the runner with the most free slots first and leaves full runners out', () => {
    const ranked = rankRunners([runner('one', 1, 0), runner('two', 2, 0), runner('three', 3, 1), runner('full', 4, 4)], () => 0.5);
    expect(ids(ranked)).toEqual(['two', 'three', 'one']);
    expect(rankRunners([runner('full', 2, 2), runner('over', 1, 3)])).toEqual([]);
    expect(rankRunners([])).toEqual([]);
  });

  it('breaks ties on free slots by the load each runner reported, then at random', () => {
    expect(ids(rankRunners([runner('busy', 3, 1, 2), runner('idle', 2, 0, 0)], () => 0.5))).toEqual(['idle', 'busy']);
    const draws = [0.9, 0.1];
    expect(ids(rankRunners([runner('a', 2, 0), runner('b', 2, 0)], () => draws.shift()!))).toEqual(['b', 'a']);
    const again = [0.1, 0.9];
    expect(ids(rankRunners([runner('a', 2, 0), runner('b', 2, 0)], () => again.shift()!))).toEqual(['a', 'b']);
  });

  it('fills runners of different capacity in proportion: placing one by one never leaves a free slot unused while another runner is fuller', () => {
    const runners = [runner('r1', 1, 0), runner('r2', 2, 0), runner('r3', 3, 0)];
    const held = new Map(runners.map((r) => [r.runnerId, 0]));
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const [best] = rankRunners(runners.map((r) => ({ ...r, held: held.get(r.runnerId)!, active: held.get(r.runnerId)! })), () => 0);
      order.push(best!.runnerId);
      held.set(best!.runnerId, held.get(best!.runnerId)! + 1);
    }
    expect(order.slice(0, 3).sort()).toEqual(['r2', 'r3', 'r3']);
    expect([...held.values()]).toEqual([1, 2, 3]);
    expect(rankRunners(runners.map((r) => ({ ...r, held: held.get(r.runnerId)! })))).toEqual([]);
  });
});
