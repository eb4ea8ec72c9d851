/**
 * Histogram buckets for what an experiment measures, shared by every service that records it, so
 * that the same quantity has the same buckets (and the same Grafana quantiles) everywhere.
 */
export const MEASUREMENT_BUCKETS = {
  /** 25 kbit/s to 51.2 Mbit/s, doubling. */
  bitrateBps: [25e3, 50e3, 100e3, 200e3, 400e3, 800e3, 1.6e6, 3.2e6, 6.4e6, 12.8e6, 25.6e6, 51.2e6],
  psnrDb: [20, 25, 28, 30, 32, 34, 36, 38, 40, 42, 45, 50, 60],
  /** libvmaf's 0..100 score, finest where encodes are compared (80 and up). */
  vmaf: [20, 30, 40, 50, 60, 70, 75, 80, 85, 88, 91, 93, 95, 97, 99],
  ssim: [0.8, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.995, 0.999],
  encodeFps: [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
} as const;
