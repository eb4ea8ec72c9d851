import { describe, expect, it } from 'vitest';
import { samplingPlan, SamplingRequestSchema, sceneRepresentativeStarts } from './sampling.ts';
import type { SourceDescription } from './source.schema.ts';

const described = (durationSeconds: number, sceneCuts: number[] = []): SourceDescription => ({
  width: 640,
  height: 360,
  frameRate: '25/1',
  fps: 25,
  frames: Math.round(durationSeconds * 25),
  durationSeconds,
  pixelFormat: 'yuv420p',
  bitDepth: 8,
  colorRange: 'limited',
  audio: false,
  codec: 'h264',
  features: { spatialInfo: { mean: 50, max: 60 }, temporalInfo: { mean: 10, max: 20 }, noise: 1, sceneCuts, sceneCutCount: sceneCuts.length, analysedFrames: 100, analysisScale: 640 },
});

describe('scene-representative segments', () => {
  it('sit in the middle of equal slices when no cut is known', () => {
    expect(sceneRepresentativeStarts(40, [], 4, 2)).toEqual([4, 14, 24, 34]);
  });

  it('sit in the longest scene of their slice, never across a cut that a long enough scene avoids, never overlapping', () => {
    // Slice 0-10 s has scenes 0-3 and 3-10: the segment goes in 3-10 (centred: 5.5-7.5).
    const starts = sceneRepresentativeStarts(40, [3, 19.5, 21], 4, 2);
    expect(starts[0]).toBe(5.5);
    for (const [i, s] of starts.entries()) {
      expect([3, 19.5, 21].some((cut) => cut > s && cut < s + 2)).toBe(false);
      if (i > 0) expect(s - starts[i - 1]!).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('a campaign sampled or not', () => {
  const parse = (body: unknown) => SamplingRequestSchema.parse(body);
  it('samples a long source by default and measures a short one in full', () => {
    expect(samplingPlan(undefined, described(30))?.starts).toHaveLength(4);
    expect(samplingPlan(undefined, described(10))).toBeUndefined();
    expect(samplingPlan(parse({ mode: 'off' }), described(300))).toBeUndefined();
    expect(samplingPlan(parse({ minSourceSeconds: 5, segments: 2 }), described(10))?.segments).toBe(2);
    // Four 2 s segments would be 80% of a 10 s source: not worth it, measured in full.
    expect(samplingPlan(parse({ minSourceSeconds: 5 }), described(10))).toBeUndefined();
  });

  it('refuses sampling asked for where the segments would cover most of the source', () => {
    expect(() => samplingPlan(parse({ mode: 'on' }), described(8))).toThrow(/sampling.segments x sampling.segmentSeconds = 8 s/);
    expect(samplingPlan(parse({ mode: 'on', segments: 1, segmentSeconds: 0.5 }), described(1))?.starts).toEqual([0.25]);
  });
});
