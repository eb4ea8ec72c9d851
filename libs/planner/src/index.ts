export { analyseExperiment } from './analysis.ts';
export { planNext, type PlannerDecision } from './planner.ts';
export { PRIORS, priorOf, type PlannerPriors, type TrackPrior } from './priors.ts';
export { replayCampaign, type NextStep, type Replay } from './replay.ts';
export { describeTrack, trackKey, trackOf, type Track } from './tracks.ts';
export { randomConfig, seededRandom } from './random-search.ts';
export * from './memory/index.ts';
export { loosePrior, PRIOR_FLOORS } from './priors.ts';
export { finalProposal } from './final.ts';
