import { describe, expect, it } from 'vitest';
import { runnerOffer, type Constraints } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { allowedEncoders, constraintOfferProblems } from './constraints.ts';

// What the runners can still run under an objective's encoder and pixel-format constraints.

const offer = runnerOffer(
  { encoders: ['libx264', 'libx265', 'libsvtav1'], pixelFormats: { libx264: ['yuv420p'], libx265: ['yuv420p', 'yuv420p10le'], libsvtav1: ['yuv420p', 'yuv420p10le'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' },
  1,
);
const objective = (constraints?: Constraints) => budgetObjective(1, 'psnr', constraints ? { constraints } : {});

describe('constraints against the offer', () => {
  it('leave every offered encoder where nothing is constrained', () => {
    expect(allowedEncoders(objective(), offer)).toEqual(['libx264', 'libx265', 'libsvtav1']);
    expect(allowedEncoders(objective({ minEncodeFps: 30 }), offer)).toEqual(['libx264', 'libx265', 'libsvtav1']);
    expect(constraintOfferProblems(objective({ minEncodeFps: 30 }), offer)).toEqual([]);
  });

  it('leave the allowed encoders that encode the constrained pixel format', () => {
    expect(allowedEncoders(objective({ encoders: ['libsvtav1', 'libx264', 'libaom-av1'] }), offer)).toEqual(['libx264', 'libsvtav1']);
    expect(allowedEncoders(objective({ pixelFormat: 'yuv420p10le' }), offer)).toEqual(['libx265', 'libsvtav1']);
    expect(allowedEncoders(objective({ pixelFormat: 'yuv420p10le', encoders: ['libx264', 'libx265'] }), offer)).toEqual(['libx265']);
  });

  it('are refused where they leave nothing to run, naming the constraint', () => {
    expect(constraintOfferProblems(objective({ encoders: ['libaom-av1', 'libvpx-vp9'] }), offer)).toEqual([
      'objective.constraints.encoders: none of libaom-av1, libvpx-vp9 is available on the runners (they have libx264, libx265, libsvtav1)',
    ]);
    expect(constraintOfferProblems(objective({ encoders: ['libx264'], pixelFormat: 'yuv420p10le' }), offer)).toEqual([
      'objective.constraints.pixelFormat: no allowed encoder on the runners encodes yuv420p10le (libx264: yuv420p)',
    ]);
    expect(constraintOfferProblems(objective({ encoders: ['libx264', 'libx265'], pixelFormat: 'yuv420p10le' }), offer)).toEqual([]);
  });
});
