import { configHash, type CampaignContext, type ExperimentConfig, type ExperimentResult, type HistoryEntry, type Prediction } from '@codec-lab/domain';

/** What a search method answers for its next experiment: a config (with what it expects), or a stop. */
export type NextStep = { kind: 'proposal'; proposal: { config: ExperimentConfig; hypothesis: string; prediction?: Prediction } } | { kind: 'stop'; reason: string };

export interface Replay {
  readonly history: HistoryEntry[];
  readonly stopReason?: string;
}

/**
 * A campaign run offline, one experiment at a time, against a world that measures a config: a
 * recorded set of real measurements (tests) or a cache of real encodes (benchmarks). The method
 * sees the history as a campaign's analyst would, and nothing of the world but its measurements.
 */
export async function replayCampaign(options: {
  context: Omit<CampaignContext, 'history'>;
  next: (context: CampaignContext) => NextStep;
  measure: (config: ExperimentConfig) => ExperimentResult | Promise<ExperimentResult>;
}): Promise<Replay> {
  const history: HistoryEntry[] = [];
  while (history.length < options.context.maxExperiments) {
    const step = options.next({ ...options.context, history: [...history] });
    if (step.kind === 'stop') return { history, stopReason: step.reason };
    const { config, hypothesis, prediction } = step.proposal;
    const hash = configHash(config);
    if (history.some((e) => e.configHash === hash)) throw new Error(`the method proposed ${hash} twice`);
    const result = await options.measure(config);
    history.push({ seq: history.length + 1, config, configHash: hash, status: 'succeeded', result, origin: 'planner', hypothesis, ...(prediction ? { prediction } : {}) });
  }
  return { history };
}
