export { analyseExperiment } from './analysis.ts';
export { planNext, type PlannerDecision } from './planner.ts';
export { crfForBitrate, fitRateModel, halvingStep, predictBitrate, type RateModel, type RatePoint } from './rate-model.ts';
export { describeTrack, trackKey, trackOf, type Track } from './tracks.ts';
export { randomConfig, seededRandom } from './random-search.ts';
