import { describe, expect, it } from 'vitest';
import { failureReasons, parseTaggedLines } from './ffmpeg-process.ts';

// What a failed run printed, as `-loglevel level+info` tags it: stream listings, metadata, and
// somewhere among them the reason.
const BANNER_AND_REASON = [
  "[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/srv/media/clips/bbb_1280x720_24fps_10s.mp4':",
  '[info]   Metadata:',
  '[info]     major_brand     : isom',
  '[info]     handler_name    : (C) 2007 Google Inc. v08.13.2007.',
  '[info]   Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1280x720, 24 fps',
  '[info]     Metadata:',
  '[info]       handler_name    : VideoHandler',
  "[fatal] File 'file:/srv/codec-lab/artifacts/.work/abc-003.x1/artifact.mp4' already exists. Exiting.",
];

describe('failureReasons', () => {
  it('picks what ffmpeg logged as an error, not the stream listing, and names files without their folders', () => {
    expect(failureReasons(parseTaggedLines(BANNER_AND_REASON))).toEqual(["File 'artifact.mp4' already exists. Exiting."]);
  });

  it('puts the cause first: the first two distinct errors, with the component that logged them', () => {
    const lines = parseTaggedLines([
      '[info] Svt[info]: SVT [version]:	SVT-AV1 Encoder Lib v1.4.1',
      '[info] Svt[error]: Instance 1: Source Width must be at least 64',
      '[info] Svt[error]: Instance 1: Source Width must be at least 64',
      '[info] Svt[error]: Instance 1: Source Height must be at least 64',
      '[libsvtav1 @ 0x55889c602580] [error] Error setting encoder parameters: bad parameter (0x80001005)',
      '[error] Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0',
    ]);
    expect(failureReasons(lines)).toEqual(['Svt[error]: Instance 1: Source Width must be at least 64', 'Svt[error]: Instance 1: Source Height must be at least 64']);
    expect(failureReasons(lines.slice(4))).toEqual([
      'libsvtav1: Error setting encoder parameters: bad parameter (0x80001005)',
      'Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0',
    ]);
  });

  it('falls back to the last warnings, and to nothing when ffmpeg said nothing of either', () => {
    const lines = parseTaggedLines(['[info] Stream mapping:', '[warning] first warning', '[warning] last warning']);
    expect(failureReasons(lines)).toEqual(['first warning', 'last warning']);
    expect(failureReasons(parseTaggedLines(['[info] Stream mapping:']))).toEqual([]);
  });
});
