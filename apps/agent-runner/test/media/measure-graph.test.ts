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
  const base = { width: 160, height: 90, fps: { num: 30000, den: 1001 }, pixFmt: 'yuv420p', workDir: '/w', vmaf: null } as const;
  const ranges = { colorRange: 'limited', artifactRange: 'limited' } as const;

  it('aligns both inputs and scales the artifact to the source size', () => {
    const { graph, outputs, files } = buildMeasureGraph({ ...base, ...ranges });
    expect(graph).toContain(
      '[0:v]settb=AVTB,setpts=N*1001/30000/TB,scale=160:90:flags=bicubic:in_range=limited:out_range=limited,format=yuv420p,split=2',
    );
    expect(graph).toContain('[1:v]settb=AVTB,setpts=N*1001/30000/TB,scale=in_range=limited:out_range=limited,format=yuv420p,split=2');
    expect(graph).toContain(':shortest=1[psnr]');
    expect(graph).toContain(':shortest=1[ssim]');
    expect(outputs).toEqual(['[psnr]', '[ssim]']);
    expect(files).toEqual({ psnr: '/w/psnr.log', ssim: '/w/ssim.log', vmaf: null });
  });

  it('adds a libvmaf branch only when asked, with its model, subsampling and threads', () => {
    const { graph, outputs } = buildMeasureGraph({ ...base, ...ranges, vmaf: { model: 'vmaf_v0.6.1neg', subsample: 3, threads: 2 } });
    expect(graph).toContain('split=3');
    expect(graph).toContain('libvmaf=model=version=vmaf_v0.6.1neg:n_subsample=3:n_threads=2:log_fmt=json:log_path=/w/vmaf.json:shortest=1[vmaf]');
    expect(outputs).toEqual(['[psnr]', '[ssim]', '[vmaf]']);
  });

  it('refuses a model name or numbers that could change the graph', () => {
    const vmaf = { model: 'vmaf_v0.6.1', subsample: 1, threads: 2 } as const;
    expect(() => buildMeasureGraph({ ...base, ...ranges, vmaf: { ...vmaf, model: 'x:log_path=/etc/passwd' as 'vmaf_v0.6.1' } })).toThrow(/model/);
    expect(() => buildMeasureGraph({ ...base, ...ranges, vmaf: { ...vmaf, subsample: 0 } })).toThrow();
    expect(() => buildMeasureGraph({ ...base, ...ranges, vmaf: { ...vmaf, threads: 1.5 } })).toThrow();
  });

  it('compares in yuv420p when the source format is not a known YUV layout', () => {
    expect(buildMeasureGraph({ ...base, ...ranges, pixFmt: 'gray' }).graph).not.toContain('gray');
    expect(buildMeasureGraph({ ...base, ...ranges, pixFmt: 'yuv420p10le' }).graph).toContain('format=yuv420p10le');
  });

  it('compares a full-range source in full range, converting a limited-range artifact to it', () => {
    const { graph } = buildMeasureGraph({ ...base, pixFmt: 'yuvj420p', colorRange: 'full', artifactRange: 'limited' });
    expect(graph).toContain('flags=bicubic:in_range=limited:out_range=full,format=yuv420p,');
    expect(graph).toContain('[1:v]settb=AVTB,setpts=N*1001/30000/TB,scale=in_range=full:out_range=full,format=yuv420p,');
    expect(graph).not.toContain('yuvj');
  });
});
