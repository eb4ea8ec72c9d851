import { describe, expect, it } from 'vitest';
import { PRIORS } from '@codec-lab/planner';
// The benchmark project has no package name; this check reads its fit and its clip roles as they are.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { fitPriors } from '../../bench/fit-priors.ts';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { RD_CLIPS } from '../../bench/support/rd-clips.ts';

// The planner's committed priors are what bench/fit-priors.ts fits on the committed measurements,
// and they come from the priors clips only: the clips the search benchmark judges tuned nothing.
describe("the planner's priors", () => {
  it('are the fit of the committed grid, on the priors clips and no other', () => {
    expect(fitPriors()).toEqual(PRIORS);
    const judges = RD_CLIPS.filter((c) => c.role === 'judge').map((c) => c.id);
    expect(PRIORS.clips.filter((c) => judges.includes(c))).toEqual([]);
    expect(PRIORS.clips).toEqual(RD_CLIPS.filter((c) => c.role === 'priors').map((c) => c.id));
  });
});
