// The priors' shapes are the domain's (they travel in a campaign's context to the analyst); the
// planner re-exports them under the names its modules use.
export type { Estimate, PlannerPriors, TrackPrior } from '@codec-lab/domain';
