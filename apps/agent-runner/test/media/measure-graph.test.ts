import { describe, expect, it } from 'vitest';
import { buildMeasureGraph, escapeFilterValue } from '../../src/media/measure-graph.ts';

describe('escapeFilterValue', () => {
  it('escapes for the option level, then for the graph level', () => {
    expect(escapeFilterValue('/tmp/a:b')).toBe('/tmp/a\\\\:b');
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('[x],y;z')).toBe('\\[x\\]\\,y\\;z');
    expect(escapeFilterValue('plain/path.log')).toBe('plain/path.log');
  });
});

describe('buildMeasureGraph', () => {
  const base = { width: 160, height: 90, fps: { num: 30000, den: 1001 }, pixFmt: 'yuv420p', workDir: '/w', vmaf: false };

  it('aligns both inputs and scales the artifact to the source size', () => {
    const { graph, outputs, files } = buildMeasureGraph(base);
    expect(graph).toContain('[0:v]settb=AVTB,setpts=PTS-STARTPTS,fps=30000/1001,scale=160:90:flags=bicubic,format=yuv420p,split=2');
    expect(graph).toContain('[1:v]settb=AVTB,setpts=PTS-STARTPTS,fps=30000/1001,format=yuv420p,split=2');
    expect(outputs).toEqual(['[psnr]', '[ssim]']);
    expect(files).toEqual({ psnr: '/w/psnr.log', ssim: '/w/ssim.log', vmaf: null });
  });

  it('adds a libvmaf branch only when asked', () => {
    const { graph, outputs } = buildMeasureGraph({ ...base, vmaf: true });
    expect(graph).toContain('split=3');
    expect(graph).toContain('libvmaf=log_fmt=json:log_path=/w/vmaf.json[vmaf]');
    expect(outputs).toEqual(['[psnr]', '[ssim]', '[vmaf]']);
  });

  it('compares in yuv420p when the source format is not a known YUV layout', () => {
    expect(buildMeasureGraph({ ...base, pixFmt: 'gray' }).graph).not.toContain('gray');
    expect(buildMeasureGraph({ ...base, pixFmt: 'yuv420p10le' }).graph).toContain('format=yuv420p10le');
  });
});
