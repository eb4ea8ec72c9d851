// What each reported number is, in one place, for every page, document and post that shows one.
// Plain strings with no imports, so the web dashboard can bundle them alone.

export const MEASUREMENT_TERMS = {
  bitrate: "Bitrate: the artifact's bytes x 8 over its video stream's own duration (first frame to the end of the last, from its packets).",
  psnr:
    "PSNR: ffmpeg's average, the PSNR of the pixel-weighted mean squared error of Y, U and V over all frames (so luma counts four times each chroma plane in 4:2:0); PSNR Y is luma alone. 100 dB stands for identical pictures.",
  ssim: "SSIM: ffmpeg's SSIM over all planes (All), averaged over all frames; 1 is identical.",
  vmaf: 'VMAF: libvmaf\'s score (0 to 100) of each scored frame with the named model, averaged over the scored frames.',
  vmafHarmonicMean: "VMAF harmonic mean: libvmaf's harmonic pooling, n / sum(1 / (score + 1)) - 1, which weighs bad frames more than the mean does.",
  vmafLows: 'VMAF 1% / 5% low: the mean score of the worst 1% / 5% of scored frames (at least one frame).',
} as const;
