import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { MEASUREMENT_BUCKETS } from '@codec-lab/observability';
import type { ExperimentResult } from '@codec-lab/domain';

export interface RunnerMetrics {
  started(): void;
  refused(encoder: string): void;
  finished(encoder: string, status: string, result?: ExperimentResult): void;
}

export function createRunnerMetrics(registry: Registry): RunnerMetrics {
  const experiments = new Counter({
    name: 'codeclab_runner_experiments_total',
    help: 'Experiments run, by encoder and final status (succeeded, failed, cancelled, timeout, refused)',
    labelNames: ['encoder', 'status'] as const,
    registers: [registry],
  });
  const active = new Gauge({
    name: 'codeclab_runner_active_experiments',
    help: 'Experiments running on this runner now',
    registers: [registry],
  });
  const bitrate = new Histogram({
    name: 'codeclab_runner_experiment_bitrate_bits_per_second',
    help: 'Bitrate measured from the artifact of each finished experiment',
    labelNames: ['encoder'] as const,
    buckets: [...MEASUREMENT_BUCKETS.bitrateBps],
    registers: [registry],
  });
  const psnr = new Histogram({
    name: 'codeclab_runner_experiment_psnr_db',
    help: 'Average PSNR of each finished experiment against its source',
    labelNames: ['encoder'] as const,
    buckets: [...MEASUREMENT_BUCKETS.psnrDb],
    registers: [registry],
  });
  const vmaf = new Histogram({
    name: 'codeclab_runner_experiment_vmaf_score',
    help: 'Mean VMAF of each finished experiment against its source, by the model that scored it (only where VMAF was measured)',
    labelNames: ['encoder', 'model'] as const,
    buckets: [...MEASUREMENT_BUCKETS.vmaf],
    registers: [registry],
  });
  const measureSeconds = new Histogram({
    name: 'codeclab_runner_measure_seconds',
    help: 'Wall time of the measurement step (PSNR, SSIM and VMAF in one pass) of each finished experiment',
    labelNames: ['encoder'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    registers: [registry],
  });
  const encodeSeconds = new Histogram({
    name: 'codeclab_runner_encode_seconds',
    help: 'Wall time of the encode step of each finished experiment',
    labelNames: ['encoder'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    registers: [registry],
  });
  const encodeFps = new Histogram({
    name: 'codeclab_runner_encode_fps',
    help: 'Encode speed (frames per second of wall time) of each finished experiment',
    labelNames: ['encoder'] as const,
    buckets: [...MEASUREMENT_BUCKETS.encodeFps],
    registers: [registry],
  });
  return {
    started: () => active.inc(),
    refused: (encoder) => experiments.inc({ encoder, status: 'refused' }),
    finished(encoder, status, result) {
      active.dec();
      experiments.inc({ encoder, status });
      if (result) {
        bitrate.observe({ encoder }, result.bitrateBps);
        psnr.observe({ encoder }, result.psnr.avg);
        if (result.vmaf.available) vmaf.observe({ encoder, model: result.vmaf.model }, result.vmaf.mean);
        measureSeconds.observe({ encoder }, result.measureSeconds);
        encodeSeconds.observe({ encoder }, result.encodeSeconds);
        encodeFps.observe({ encoder }, result.encodeFps);
      }
    },
  };
}
