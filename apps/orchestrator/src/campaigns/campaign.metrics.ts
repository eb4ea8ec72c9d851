import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Experiment } from '@codec-lab/domain';

export interface CampaignMetrics {
  experimentFinished(experiment: Experiment): void;
  campaignFinished(status: string): void;
  proposalRefused(): void;
  setActive(count: number): void;
}

export function createCampaignMetrics(registry: Registry): CampaignMetrics {
  const experiments = new Counter({
    name: 'codeclab_experiments_total',
    help: 'Experiments finished, by status, strategy, encoder and proposal origin',
    labelNames: ['status', 'strategy', 'encoder', 'origin'] as const,
    registers: [registry],
  });
  const bitrate = new Histogram({
    name: 'codeclab_experiment_bitrate_bits_per_second',
    help: 'Bitrate measured from the artifact of each succeeded experiment',
    labelNames: ['strategy', 'encoder', 'origin'] as const,
    buckets: [25e3, 50e3, 100e3, 200e3, 400e3, 800e3, 1.6e6, 3.2e6, 6.4e6, 12.8e6, 25.6e6, 51.2e6],
    registers: [registry],
  });
  const psnr = new Histogram({
    name: 'codeclab_experiment_psnr_db',
    help: 'Average PSNR of each succeeded experiment',
    labelNames: ['strategy', 'encoder', 'origin'] as const,
    buckets: [20, 25, 28, 30, 32, 34, 36, 38, 40, 42, 45, 50, 60],
    registers: [registry],
  });
  const campaigns = new Counter({
    name: 'codeclab_campaigns_total',
    help: 'Campaigns that ended, by final status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const active = new Gauge({ name: 'codeclab_campaigns_active', help: 'Campaigns this orchestrator is driving now', registers: [registry] });
  const refused = new Counter({
    name: 'codeclab_proposals_refused_total',
    help: 'Proposals refused by validation (schema, capabilities, repeats)',
    registers: [registry],
  });
  return {
    experimentFinished(experiment) {
      const labels = { strategy: experiment.config.strategy, encoder: experiment.config.encoder, origin: experiment.proposal.origin };
      experiments.inc({ ...labels, status: experiment.status });
      if (experiment.result) {
        bitrate.observe(labels, experiment.result.bitrateBps);
        psnr.observe(labels, experiment.result.psnr.avg);
      }
    },
    campaignFinished: (status) => campaigns.inc({ status }),
    proposalRefused: () => refused.inc(),
    setActive: (count) => active.set(count),
  };
}
