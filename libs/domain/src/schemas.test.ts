import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, CodecConfigSchema, describeConfig, ExperimentConfigSchema } from './config.schema.ts';
import { canonicalJson, configHash } from './config-hash.ts';
import { CreateCampaignSchema } from './campaign.schema.ts';
import { ENCODER_NAMES, ENCODERS } from './encoders.ts';
import { formatIssues } from './errors.ts';
import { SourceSchema, syntheticFrameCount } from './source.schema.ts';

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : formatIssues(result.error!.issues);

describe('sources', () => {
  it('accepts the design example and counts its frames as lavfi emits them', () => {
    const source = SourceSchema.parse({ kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 2 });
    expect(source.kind === 'synthetic' && syntheticFrameCount(source)).toBe(60);
    expect(syntheticFrameCount({ kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 0.55 })).toBe(17);
  });

  it('rejects odd sizes, unknown generators and anything that could act as a filter or option', () => {
    const issues = issuesOf(SourceSchema.safeParse({ kind: 'synthetic', generator: 'testsrc2,drawtext', width: 161, height: 90, fps: 30, seconds: 1 }));
    expect(issues.join('\n')).toMatch(/^generator: /m);
    expect(issues.join('\n')).toMatch(/^width: must be even/m);
  });

  it('keeps file paths relative, inside the media roots, and free of shell or ffmpeg syntax', () => {
    expect(SourceSchema.safeParse({ kind: 'file', path: 'clips/bbb 720p.mp4' }).success).toBe(true);
    for (const path of ['/etc/passwd', '../secret.mp4', 'a/../../b.mp4', 'concat:a.mp4|b.mp4', 'x;rm -rf.mp4', '']) {
      expect(SourceSchema.safeParse({ kind: 'file', path }).success, path).toBe(false);
    }
  });
});

describe('codec configs', () => {
  it('checks presets, CRF ranges and B-frames against the encoder', () => {
    const bad = (overrides: object) => issuesOf(CodecConfigSchema.safeParse({ ...BASELINE_CONFIG, ...overrides }));
    expect(bad({})).toEqual([]);
    expect(bad({ preset: 'ludicrous' })).toEqual([expect.stringMatching(/^preset: libx264 presets are ultrafast/)]);
    expect(bad({ rateControl: { mode: 'crf', crf: 52 } })).toEqual(['rateControl.crf: libx264 CRF must be between 0 and 51']);
    expect(bad({ encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'crf', crf: 0 } })).toEqual([
      'rateControl.crf: libsvtav1 CRF must be between 1 and 63',
    ]);
    expect(bad({ encoder: 'libsvtav1', preset: '8', bFrames: 3 })).toEqual(['bFrames: libsvtav1 has no B-frame setting']);
    expect(bad({ encoder: 'libx264; rm -rf /' })[0]).toMatch(/^encoder: /);
    expect(bad({ extra: '-vf drawtext' })[0]).toMatch(/Unrecognized key/);
    expect(bad({ rateControl: { mode: 'bitrate', kbps: 5 } })).toEqual(['rateControl.kbps: Too small: expected number to be >=10']);
    expect(bad({ gop: 2.5 })[0]).toMatch(/^gop: /);
  });
});

describe('encoder knobs', () => {
  const check = (config: object) => issuesOf(CodecConfigSchema.safeParse(config));
  it('accepts every knob where the encoder has it', () => {
    expect(check({ ...BASELINE_CONFIG, tune: 'film', gop: 48, bFrames: 3, pixelFormat: 'yuv420p10le', resolution: { width: 640, height: 360 }, options: { aqMode: 2, aqStrength: 0.8, refs: 4 } })).toEqual([]);
    expect(check({ ...BASELINE_CONFIG, rateControl: { mode: 'bitrate', kbps: 800, passes: 2 } })).toEqual([]);
    expect(check({ strategy: 'codec', encoder: 'libsvtav1', preset: '10', rateControl: { mode: 'crf', crf: 40 }, filmGrain: 8, options: { svtTune: 1 } })).toEqual([]);
    expect(check({ strategy: 'codec', encoder: 'libaom-av1', preset: '8', rateControl: { mode: 'crf', crf: 40 }, tune: 'ssim' })).toEqual([]);
    expect(check({ strategy: 'codec', encoder: 'libvpx-vp9', preset: '5', rateControl: { mode: 'bitrate', kbps: 500, passes: 2 } })).toEqual([]);
    expect(check({ strategy: 'codec', encoder: 'hevc_nvenc', preset: 'p5', rateControl: { mode: 'crf', crf: 30 }, tune: 'hq', bFrames: 2 })).toEqual([]);
  });

  it('refuses knobs the encoder does not have, and values out of range', () => {
    expect(check({ ...BASELINE_CONFIG, filmGrain: 4 })).toEqual(['filmGrain: film-grain synthesis is an SVT-AV1 feature; libx264 has none']);
    expect(check({ strategy: 'codec', encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'bitrate', kbps: 500, passes: 2 } })).toEqual([
      'rateControl.passes: libsvtav1 has no two-pass mode here',
    ]);
    expect(check({ ...BASELINE_CONFIG, tune: 'fast' })[0]).toMatch(/^tune: libx264 tunes are film/);
    expect(check({ ...BASELINE_CONFIG, options: { crf: 0 } })[0]).toMatch(/^options\.crf: not an option of libx264/);
    expect(check({ ...BASELINE_CONFIG, options: { refs: 2.5 } })).toEqual(['options.refs: reference frames: an integer from 1 to 16']);
    expect(check({ ...BASELINE_CONFIG, options: { 'x264-params': 1 } })[0]).toMatch(/^options\.x264-params: /);
    expect(check({ ...BASELINE_CONFIG, resolution: { width: 641, height: 360 } })).toEqual(['resolution.width: must be even (4:2:0 chroma needs even sizes)']);
    expect(check({ ...BASELINE_CONFIG, filmGrain: 51, encoder: 'libsvtav1', preset: '8' })[0]).toMatch(/^filmGrain: /);
  });
});

describe('the encoder registry', () => {
  it('gives every allowed option of every encoder an ffmpeg argument name', () => {
    for (const encoder of ENCODER_NAMES) {
      const options = Object.entries(ENCODERS[encoder].options);
      for (const [key, option] of options) {
        // An AVOption (`-aq-mode`) or a parameter-string key (`aq-mode=`): lower-case words and dashes.
        expect(option.ffmpeg, `${encoder} ${key}`).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        expect(option.min, `${encoder} ${key}`).toBeLessThanOrEqual(option.max);
      }
      const names = options.map(([, option]) => option.ffmpeg);
      expect(new Set(names).size, `${encoder}: two options must not share an ffmpeg name`).toBe(names.length);
    }
  });

  it("keeps each encoder's presets and defaults consistent", () => {
    for (const encoder of ENCODER_NAMES) {
      const spec = ENCODERS[encoder];
      expect(spec.name).toBe(encoder);
      expect(spec.presets).toContain(spec.defaultPreset);
      expect(spec.crf.default).toBeGreaterThanOrEqual(spec.crf.min);
      expect(spec.crf.default).toBeLessThanOrEqual(spec.crf.max);
      expect(spec.pixelFormats.length).toBeGreaterThan(0);
    }
  });
});

describe('describeConfig', () => {
  const parse = (overrides: object) => ExperimentConfigSchema.parse({ ...BASELINE_CONFIG, ...overrides });
  // One value for each optional field of a config, away from its default.
  const knobs: Record<string, object> = {
    gop: { gop: 48 },
    bFrames: { bFrames: 3 },
    pixelFormat: { pixelFormat: 'yuv420p10le' },
    tune: { tune: 'film' },
    resolution: { resolution: { width: 640, height: 360 } },
    filmGrain: { encoder: 'libsvtav1', preset: '8', filmGrain: 8 },
    options: { options: { aqMode: 2 } },
  };

  it('reads as before for the fields it has always shown', () => {
    expect(describeConfig(BASELINE_CONFIG)).toBe('libx264 medium crf 23');
    expect(describeConfig(parse({ rateControl: { mode: 'crf', crf: 29 } }))).toBe('libx264 medium crf 29');
    expect(describeConfig(parse({ rateControl: { mode: 'bitrate', kbps: 800 } }))).toBe('libx264 medium 800 kbps');
    expect(describeConfig(parse({ rateControl: { mode: 'bitrate', kbps: 800, passes: 2 } }))).toBe('libx264 medium 800 kbps 2-pass');
    expect(
      describeConfig(parse({ preset: 'slow', tune: 'film', gop: 48, bFrames: 3, pixelFormat: 'yuv420p10le', resolution: { width: 640, height: 360 }, options: { aqMode: 2, aqStrength: 0.8 } })),
    ).toBe('libx264 slow crf 23 640x360 10-bit tune film gop 48 bf 3 aqMode=2 aqStrength=0.8');
    expect(describeConfig(parse({ encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'crf', crf: 35 }, filmGrain: 8, options: { svtTune: 1 } }))).toBe(
      'libsvtav1 8 crf 35 grain 8 svtTune=1',
    );
  });

  it('shows every field of a config', () => {
    // A field added to the config schema must be added here, and to describeConfig.
    const always = ['strategy', 'encoder', 'preset', 'rateControl'];
    expect(Object.keys(knobs).sort()).toEqual(Object.keys(CodecConfigSchema.shape).filter((key) => !always.includes(key)).sort());
    for (const [field, overrides] of Object.entries(knobs)) {
      const config = parse(overrides);
      const plain = parse({ ...overrides, [field]: undefined });
      expect(describeConfig(config), field).not.toBe(describeConfig(plain));
    }
    const all = Object.values(knobs).reduce((a, b) => ({ ...a, ...b }), {});
    const configs = [
      BASELINE_CONFIG,
      ...Object.values(knobs).map(parse),
      parse({ ...all, encoder: 'libx264', preset: 'medium', filmGrain: undefined }),
      parse({ options: { aqMode: 1 } }),
      parse({ options: { refs: 2 } }),
      parse({ rateControl: { mode: 'bitrate', kbps: 23, passes: 1 } }),
      parse({ rateControl: { mode: 'bitrate', kbps: 23, passes: 2 } }),
      parse({ resolution: { width: 360, height: 640 } }),
    ];
    // Configs that differ (by hash) never read the same.
    expect(new Set(configs.map(describeConfig)).size).toBe(new Set(configs.map(configHash)).size);
    expect(new Set(configs.map(configHash)).size).toBe(configs.length);
  });
});

describe('config hash', () => {
  it('is the same for configs that mean the same thing, whatever the key order or defaults', () => {
    const a = { strategy: 'codec', encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 } } as const;
    const b = { rateControl: { crf: 23, mode: 'crf' }, preset: 'medium', pixelFormat: 'yuv420p', encoder: 'libx264', strategy: 'codec' } as const;
    expect(configHash(CodecConfigSchema.parse(a))).toBe(configHash(CodecConfigSchema.parse(b)));
    expect(configHash(CodecConfigSchema.parse(a))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when any setting differs', () => {
    const hashes = new Set(
      [
        BASELINE_CONFIG,
        { ...BASELINE_CONFIG, rateControl: { mode: 'crf' as const, crf: 24 } },
        { ...BASELINE_CONFIG, preset: 'slow' },
        { ...BASELINE_CONFIG, gop: 60 },
        { ...BASELINE_CONFIG, rateControl: { mode: 'bitrate' as const, kbps: 23, passes: 1 as const } },
        { ...BASELINE_CONFIG, rateControl: { mode: 'bitrate' as const, kbps: 23, passes: 2 as const } },
        { ...BASELINE_CONFIG, resolution: { width: 640, height: 360 } },
        { ...BASELINE_CONFIG, pixelFormat: 'yuv420p10le' as const },
      ].map(configHash),
    );
    expect(hashes.size).toBe(8);
  });

  it('serialises canonically: sorted keys at every depth, undefined members dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('campaign requests', () => {
  it('accepts the design example and names every bad field', () => {
    const example = {
      source: { kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 2 },
      objective: { targetBitrateMbps: 0.2, metric: 'psnr' },
      maxExperiments: 4,
    };
    expect(CreateCampaignSchema.parse(example).objective.metric).toBe('psnr');
    const issues = issuesOf(
      CreateCampaignSchema.safeParse({ ...example, objective: { targetBitrateMbps: '0.2', metric: 'bpp' }, maxExperiments: 1e9, admin: true }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^objective\.targetBitrateMbps: /),
        expect.stringMatching(/^objective\.metric: /),
        expect.stringMatching(/^maxExperiments: /),
        expect.stringMatching(/Unrecognized key: "admin"/),
      ]),
    );
  });
});
