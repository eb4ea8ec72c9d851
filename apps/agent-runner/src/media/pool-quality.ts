import type { Vmaf } from '@codec-lab/domain';
import { PSNR_CAP_DB, type Measurement } from './measure.ts';
import { poolVmaf } from './vmaf-scores.ts';

/** Quality over several measured pieces, as one measurement over all their frames would give it. */
export interface PooledQuality {
  readonly psnr: Measurement['psnr'];
  readonly ssim: Measurement['ssim'];
  readonly vmaf: Vmaf;
}

/** One measured piece and the frames it compared. */
export type QualityPiece = Pick<Measurement, 'psnr' | 'ssim' | 'vmaf' | 'vmafLog'> & { readonly frames: number };

/**
 * Frame-weighted pooling. ffmpeg's PSNR summary is the PSNR of the mean squared error over all
 * frames, not the mean of per-frame dB, so PSNR is pooled in the MSE domain (10^(-dB/10) is the
 * MSE over peak²; the peak cancels): the result equals what one pass over the same frames reports.
 * SSIM summaries are plain per-frame means, so they pool as frame-weighted means. VMAF is pooled
 * again from every piece's per-frame scores, so its harmonic mean and lows are over all of them.
 */
export function pooledQuality(pieces: readonly QualityPiece[]): PooledQuality {
  if (pieces.length === 0) throw new Error('nothing to pool');
  const frames = pieces.reduce((sum, p) => sum + p.frames, 0);
  const mean = (value: (p: QualityPiece) => number) => pieces.reduce((sum, p) => sum + value(p) * p.frames, 0) / frames;
  const psnr = (value: (p: QualityPiece) => number) => {
    const mse = mean((p) => 10 ** (-value(p) / 10));
    return Math.min(PSNR_CAP_DB, -10 * Math.log10(mse));
  };
  return {
    psnr: { y: psnr((p) => p.psnr.y), u: psnr((p) => p.psnr.u), v: psnr((p) => p.psnr.v), avg: psnr((p) => p.psnr.avg) },
    ssim: { y: mean((p) => p.ssim.y), u: mean((p) => p.ssim.u), v: mean((p) => p.ssim.v), all: mean((p) => p.ssim.all) },
    vmaf: pooledVmaf(pieces),
  };
}

function pooledVmaf(pieces: readonly QualityPiece[]): Vmaf {
  const missing = pieces.find((p) => !p.vmaf.available || !p.vmafLog);
  if (missing) return missing.vmaf.available ? { available: false, reason: 'a piece has no per-frame VMAF scores' } : missing.vmaf;
  const first = pieces[0]!.vmaf as Extract<Vmaf, { available: true }>;
  return poolVmaf(
    pieces.flatMap((p) => p.vmafLog!.scores),
    { model: first.model, libvmafVersion: first.libvmafVersion, subsample: first.subsample },
  );
}
