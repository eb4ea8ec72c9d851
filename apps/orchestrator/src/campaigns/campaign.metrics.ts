import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { MEASUREMENT_BUCKETS } from '@codec-lab/observability';
import {
  armExperiments,
  bestMeetingEntry,
  closestEntry,
  encoderLabel,
  qualityOf,
  toHistoryEntry,
  type Arm,
  type Campaign,
  type CampaignStatus,
  type Experiment,
  type ExperimentResult,
  type Objective,
  type QualityMetric,
} from '@codec-lab/domain';

/** The statuses a campaign ends in; `paused` is not one (a paused campaign has not ended). */
export type EndedStatus = Extract<CampaignStatus, 'succeeded' | 'failed' | 'cancelled'>;

/** What can be asked of a campaign between its start and its end. */
export const CAMPAIGN_CONTROLS = ['pause', 'resume', 'budget'] as const;
export type CampaignControl = (typeof CAMPAIGN_CONTROLS)[number];

export interface CampaignMetrics {
  experimentFinished(experiment: Experiment): void;
  campaignFinished(status: EndedStatus): void;
  /** A campaign was paused, resumed or had its budget extended through the API. */
  campaignControlled(action: CampaignControl): void;
  proposalRefused(): void;
  setActive(count: number): void;
  /**
   * Sets the running campaign's target (the bitrate budget or Pareto's upper end, or the quality
   * target) and, per arm, the bitrate and quality of its best experiment so far that meets the
   * objective, or, while none does, of the closest one, as series of their own.
   */
  campaignProgress(campaign: Campaign, experiments: readonly Experiment[]): void;
  /** Removes the campaign's series: called whenever this orchestrator stops driving it. */
  campaignEnded(campaignId: string): void;
  /** The orchestrator answered with its own planner because llm-analyst could not be reached. */
  analystUnreachable(kind: 'propose' | 'analyze'): void;
  /** A campaign started and read the lab's memory: the records read and the similar sources its knowledge names. */
  memoryRead(records: number, similar: number): void;
}

const LABELS = ['strategy', 'encoder', 'origin'] as const;
const ARMS: readonly Arm[] = ['analyst', 'random'];
const QUALITY_LABELS = ['campaign_id', 'arm', 'metric', 'model'] as const;
type QualityLabels = Record<(typeof QUALITY_LABELS)[number], string>;

/** A result's quality in the objective's metric, labelled with the metric it is really in and, for VMAF, the model. */
function quality(result: ExperimentResult, wanted: QualityMetric): { labels: Pick<QualityLabels, 'metric' | 'model'>; value: number } {
  const { metric, value } = qualityOf(result, wanted);
  return { labels: { metric, model: metric === 'vmaf' && result.vmaf.available ? result.vmaf.model : '' }, value };
}

/** The bitrate an objective is steered against, in bit/s: a budget, or a Pareto front's upper end; none for a quality target. */
function targetBitrateBps(objective: Objective): number | undefined {
  if (objective.kind === 'quality-at-bitrate') return objective.targetBitrateMbps * 1e6;
  if (objective.kind === 'pareto') return objective.maxBitrateMbps * 1e6;
  return undefined;
}

/**
 * A per-campaign gauge whose other labels can change while the campaign runs (a VMAF objective's
 * best is in PSNR while its VMAF was not measured): the series set last for a campaign and arm is
 * removed when another replaces it, and when the campaign stops.
 */
class QualitySeries {
  private readonly last = new Map<string, QualityLabels>();

  constructor(private readonly gauge: Gauge<(typeof QUALITY_LABELS)[number]>) {}

  set(labels: QualityLabels, value: number): void {
    const key = `${labels.campaign_id}/${labels.arm}`;
    const previous = this.last.get(key);
    if (previous && (previous.metric !== labels.metric || previous.model !== labels.model)) this.gauge.remove(previous);
    this.gauge.set(labels, value);
    this.last.set(key, labels);
  }

  remove(campaignId: string, arm: Arm): void {
    const key = `${campaignId}/${arm}`;
    const previous = this.last.get(key);
    if (previous) this.gauge.remove(previous);
    this.last.delete(key);
  }
}

/**
 * Campaign metrics. Every label is bounded (status, strategy, encoder, origin, arm, kind, reason,
 * metric, model) except `campaign_id` on the per-campaign gauges: those exist only while this
 * orchestrator drives the campaign and are removed when it stops (finished, cancelled, failed, paused, shut
 * down or lease lost), so their cardinality is bounded by the campaigns running at once.
 */
export function createCampaignMetrics(registry: Registry): CampaignMetrics {
  const experiments = new Counter({
    name: 'codeclab_experiments_total',
    help: 'Experiments finished, by status, strategy, encoder and proposal origin',
    labelNames: ['status', ...LABELS] as const,
    registers: [registry],
  });
  const bitrate = new Histogram({
    name: 'codeclab_experiment_bitrate_bits_per_second',
    help: 'Bitrate measured from the artifact of each succeeded experiment',
    labelNames: LABELS,
    buckets: [...MEASUREMENT_BUCKETS.bitrateBps],
    registers: [registry],
  });
  const psnr = new Histogram({
    name: 'codeclab_experiment_psnr_db',
    help: 'Average PSNR of each succeeded experiment',
    labelNames: LABELS,
    buckets: [...MEASUREMENT_BUCKETS.psnrDb],
    registers: [registry],
  });
  const ssim = new Histogram({
    name: 'codeclab_experiment_ssim_ratio',
    help: 'SSIM (all planes, 0..1) of each succeeded experiment',
    labelNames: LABELS,
    buckets: [...MEASUREMENT_BUCKETS.ssim],
    registers: [registry],
  });
  const vmaf = new Histogram({
    name: 'codeclab_experiment_vmaf_score',
    help: "Mean VMAF (libvmaf's 0..100 score, pooled over the scored frames) of each succeeded experiment where VMAF was measured, by the model that scored it",
    labelNames: [...LABELS, 'model'] as const,
    buckets: [...MEASUREMENT_BUCKETS.vmaf],
    registers: [registry],
  });
  const encodeFps = new Histogram({
    name: 'codeclab_experiment_encode_fps',
    help: 'Encode speed (frames per second of wall time) of each succeeded experiment',
    labelNames: LABELS,
    buckets: [...MEASUREMENT_BUCKETS.encodeFps],
    registers: [registry],
  });
  const campaigns = new Counter({
    name: 'codeclab_campaigns_total',
    help: 'Campaigns that ended, by final status; a paused campaign has not ended and is not counted; one reopened by a budget extension is counted again when it ends again',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const active = new Gauge({
    name: 'codeclab_campaigns_active',
    help: 'Campaigns this orchestrator is driving now; a paused campaign is not, once the experiments in flight at its pause have finished',
    registers: [registry],
  });
  const controlled = new Counter({
    name: 'codeclab_campaigns_controlled_total',
    help: 'Campaigns paused, resumed or given a larger budget through the API of this orchestrator, by action (pause, resume, budget)',
    labelNames: ['action'] as const,
    registers: [registry],
  });
  for (const action of CAMPAIGN_CONTROLS) controlled.inc({ action }, 0);
  const memoryRecords = new Histogram({
    name: 'codeclab_memory_records_read',
    help: "Memory records a starting campaign read (the newest 40 of each of at most 9 cells near its source)",
    buckets: [0, 1, 5, 10, 40, 100, 200, 360],
    registers: [registry],
  });
  const memorySimilar = new Histogram({
    name: 'codeclab_memory_similar_sources',
    help: "Similar remembered sources that shaped a starting campaign's priors, as its knowledge names them (at most 8)",
    buckets: [0, 1, 2, 4, 8],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'codeclab_proposals_refused_total',
    help: 'Proposals refused by validation (schema, capabilities, repeats)',
    registers: [registry],
  });
  const best = new Gauge({
    name: 'codeclab_campaign_best_bitrate_bits_per_second',
    help: 'Bitrate of the best experiment so far that meets the objective, of each running campaign, per arm; absent while none does; removed when the campaign stops',
    labelNames: ['campaign_id', 'arm'] as const,
    registers: [registry],
  });
  const closest = new Gauge({
    name: 'codeclab_campaign_closest_bitrate_bits_per_second',
    help: 'While no experiment of an arm meets the objective: the bitrate of the one closest to the target, of each running campaign, per arm; removed once one meets it or the campaign stops',
    labelNames: ['campaign_id', 'arm'] as const,
    registers: [registry],
  });
  const qualityHelp = (which: string) =>
    `Quality of the ${which}, in the metric the metric label names (the objective's, or psnr where a vmaf objective's experiment had no VMAF measured): dB for psnr, 0..1 for ssim, 0..100 for vmaf with its model; of each running campaign, per arm; removed with the bitrate series`;
  const bestQuality = new QualitySeries(
    new Gauge({ name: 'codeclab_campaign_best_quality', help: qualityHelp('best experiment so far that meets the objective'), labelNames: QUALITY_LABELS, registers: [registry] }),
  );
  const closestQuality = new QualitySeries(
    new Gauge({ name: 'codeclab_campaign_closest_quality', help: qualityHelp('experiment closest to the target while none meets the objective'), labelNames: QUALITY_LABELS, registers: [registry] }),
  );
  const target = new Gauge({
    name: 'codeclab_campaign_target_bitrate_bits_per_second',
    help: "Bitrate each running campaign is held to: a budget objective's budget (without its tolerance) or a Pareto objective's upper end; absent for a quality target; removed when the campaign stops",
    labelNames: ['campaign_id'] as const,
    registers: [registry],
  });
  const targetQuality = new Gauge({
    name: 'codeclab_campaign_target_quality',
    help: "Quality a bitrate-at-quality campaign's answer must reach, in the metric the metric label names (dB for psnr, 0..1 for ssim, 0..100 for vmaf with its model), of each running campaign; removed when the campaign stops",
    labelNames: ['campaign_id', 'metric', 'model'] as const,
    registers: [registry],
  });
  // Its metric and model are the campaign's own, fixed while it runs; kept to remove the series by campaign.
  const targetQualityLabels = new Map<string, { campaign_id: string; metric: string; model: string }>();
  const fallbacks = new Counter({
    name: 'codeclab_analyst_fallbacks_total',
    help: 'Proposals and analyses the orchestrator made with its own planner, by kind and reason (analyst_unreachable)',
    labelNames: ['kind', 'reason'] as const,
    registers: [registry],
  });
  // Zero from the start, so rate() and increase() see the first fallback and dashboards show 0, not "no data".
  for (const kind of ['propose', 'analyze']) fallbacks.inc({ kind, reason: 'analyst_unreachable' }, 0);

  return {
    experimentFinished(experiment) {
      const labels = { strategy: experiment.config.strategy, encoder: encoderLabel(experiment.config), origin: experiment.proposal.origin };
      experiments.inc({ ...labels, status: experiment.status });
      const result = experiment.result;
      // A probe's figures are estimates from sampled segments: the measurement histograms hold full encodes only.
      if (result && result.mode !== 'probe') {
        bitrate.observe(labels, result.bitrateBps);
        psnr.observe(labels, result.psnr.avg);
        ssim.observe(labels, result.ssim.all);
        if (result.vmaf.available) vmaf.observe({ ...labels, model: result.vmaf.model }, result.vmaf.mean);
        encodeFps.observe(labels, result.encodeFps);
      }
    },
    campaignFinished: (status) => campaigns.inc({ status }),
    campaignControlled: (action) => controlled.inc({ action }),
    proposalRefused: () => refused.inc(),
    memoryRead(records, similar) {
      memoryRecords.observe(records);
      memorySimilar.observe(similar);
    },
    setActive: (count) => active.set(count),
    campaignProgress(campaign, all) {
      const { objective } = campaign;
      const bitrateTarget = targetBitrateBps(objective);
      if (bitrateTarget !== undefined) target.set({ campaign_id: campaign.id }, bitrateTarget);
      if (objective.kind === 'bitrate-at-quality') {
        const labels = { campaign_id: campaign.id, metric: objective.metric, model: objective.metric === 'vmaf' ? campaign.vmaf.model : '' };
        targetQuality.set(labels, objective.targetQuality);
        targetQualityLabels.set(campaign.id, labels);
      }
      for (const arm of ARMS) {
        if (arm === 'random' && !campaign.controlArm) continue;
        const labels = { campaign_id: campaign.id, arm };
        const history = armExperiments(all, arm).map(toHistoryEntry);
        const top = bestMeetingEntry(history, campaign.objective);
        const near = top ? undefined : closestEntry(history, campaign.objective);
        if (top) {
          best.set(labels, top.result.bitrateBps);
          const q = quality(top.result, campaign.objective.metric);
          bestQuality.set({ ...labels, ...q.labels }, q.value);
        }
        if (near) {
          closest.set(labels, near.result.bitrateBps);
          const q = quality(near.result, campaign.objective.metric);
          closestQuality.set({ ...labels, ...q.labels }, q.value);
        } else {
          closest.remove(labels);
          closestQuality.remove(campaign.id, arm);
        }
      }
    },
    campaignEnded(campaignId) {
      target.remove({ campaign_id: campaignId });
      const quality = targetQualityLabels.get(campaignId);
      if (quality) targetQuality.remove(quality);
      targetQualityLabels.delete(campaignId);
      for (const arm of ARMS) {
        best.remove({ campaign_id: campaignId, arm });
        closest.remove({ campaign_id: campaignId, arm });
        bestQuality.remove(campaignId, arm);
        closestQuality.remove(campaignId, arm);
      }
    },
    analystUnreachable: (kind) => fallbacks.inc({ kind, reason: 'analyst_unreachable' }),
  };
}
