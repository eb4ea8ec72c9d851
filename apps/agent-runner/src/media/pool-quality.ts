import { PSNR_CAP_DB, VMAF_UNAVAILABLE_REASON, type Measurement, type VmafMeasurement } from './measure.ts';

/** Quality over several measured pieces, as one measurement over all their frames would give it. */
export interface PooledQuality {
  readonly psnr: Measurement['psnr'];
  readonly ssim: Measurement['ssim'];
  readonly vmaf: VmafMeasurement;
}

/** One measured piece and the frames it compared. */
export type QualityPiece = Pick<Measurement, 'psnr' | 'ssim' | 'vmaf'> & { readonly frames: number };

/**
 * Frame-weighted pooling. ffmpeg's PSNR summary is the PSNR of the mean squared error over all
 * frames, not the mean of per-frame dB, so PSNR is pooled in the MSE domain (10^(-dB/10) is the
 * MSE over peak²; the peak cancels): the result equals what one pass over the same frames reports.
 * SSIM and VMAF summaries are plain per-frame means, so they pool as frame-weighted means.
 */
export function pooledQuality(pieces: readonly QualityPiece[]): PooledQuality {
  if (pieces.length === 0) throw new Error('nothing to pool');
  const frames = pieces.reduce((sum, p) => sum + p.frames, 0);
  const mean = (value: (p: QualityPiece) => number) => pieces.reduce((sum, p) => sum + value(p) * p.frames, 0) / frames;
  const psnr = (value: (p: QualityPiece) => number) => {
    const mse = mean((p) => 10 ** (-value(p) / 10));
    return Math.min(PSNR_CAP_DB, -10 * Math.log10(mse));
  };
  const vmafMeans = pieces.map((p) => (p.vmaf.available ? p.vmaf.mean : null));
  const vmaf: VmafMeasurement = vmafMeans.every((m) => m !== null)
    ? { available: true, mean: mean((p) => (p.vmaf.available ? p.vmaf.mean : 0)) }
    : pieces.find((p) => !p.vmaf.available)?.vmaf ?? { available: false, reason: VMAF_UNAVAILABLE_REASON };
  return {
    psnr: { y: psnr((p) => p.psnr.y), u: psnr((p) => p.psnr.u), v: psnr((p) => p.psnr.v), avg: psnr((p) => p.psnr.avg) },
    ssim: { y: mean((p) => p.ssim.y), u: mean((p) => p.ssim.u), v: mean((p) => p.ssim.v), all: mean((p) => p.ssim.all) },
    vmaf,
  };
}
