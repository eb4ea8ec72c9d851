import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConfig, MEASUREMENT_TERMS, type Experiment } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { createReadStore, createStore, type ReadStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { campaign, experiment, type ExperimentSpec } from './seed.ts';

// Every dashboard view against dynalite, on two hand-made campaigns (numbers worked out on paper).

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const AT_A = '2026-03-01T00:00:00.000Z';
const AT_B = '2026-02-01T00:00:00.000Z';
let dynamo: EmbeddedDynamo;
let writer: Store;
let reader: ReadStore;
let app: FastifyInstance;

const get = async <T>(url: string) => {
  const response = await app.inject({ url });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<T>();
};

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  const options = { endpoint: dynamo.endpoint, region: 'local', tableName: 'views' };
  writer = createStore(options);
  await writer.ensureTable();
  reader = createReadStore(options);
  // A: control arm, target 100 kbps in PSNR. B: older, VMAF wanted but never measured, 200 kbps.
  await writer.campaigns.create(campaign(A, AT_A, { controlArm: true, status: 'running' }));
  await writer.campaigns.create(campaign(B, AT_B, { objective: budgetObjective(0.2, 'vmaf') }));
  const x265 = { encoder: 'libx265' as const };
  const specs = [
    experiment(A, AT_A, { seq: 1, origin: 'baseline', measured: [200_000, 40] }),
    experiment(A, AT_A, { seq: 2, origin: 'planner', crf: 29, measured: [100_000, 36.5] }),
    experiment(A, AT_A, { seq: 3, arm: 'random', origin: 'random', config: x265, crf: 28, measured: [90_000, 37] }),
    experiment(A, AT_A, { seq: 4, origin: 'planner', crf: 26, measured: [150_000, 38] }),
    experiment(A, AT_A, { seq: 5, arm: 'random', origin: 'random', config: { preset: 'fast' }, crf: 35 }),
    experiment(A, AT_A, { seq: 6, origin: 'fallback', fallbackReason: 'timeout', config: { preset: 'slow' }, crf: 30, measured: [80_000, 35] }),
    experiment(A, AT_A, { seq: 7, origin: 'planner', crf: 31, status: 'queued' }),
    experiment(B, AT_B, { seq: 1, origin: 'baseline', measured: [300_000, 39] }),
    experiment(B, AT_B, { seq: 2, origin: 'user', config: x265, crf: 28, measured: [190_000, 38] }),
  ];
  for (const e of specs) await writer.experiments.insert(e);
  app = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await app.close();
  reader.close();
  writer.close();
  await dynamo.close();
});

describe('campaign views', () => {
  it('summarises a campaign with counts, the best result and both arms (the baseline counts for both)', async () => {
    type Arm = { experiments: number; best: { seq: number }; firstMeetingObjective: number };
    const body = await get<{ id: string; summary: { experiments: unknown; best: unknown; arms: { analyst: Arm; random: Arm } } }>(`/v1/campaigns/${A}`);
    expect(body.id).toBe(A);
    expect(body.summary.experiments).toEqual({ total: 7, succeeded: 5, failed: 1, pending: 1 });
    expect(body.summary.best).toEqual({ seq: 2, bitrateBps: 100_000, psnr: 36.5, ssim: 0.98, label: 'libx264 medium crf 29' });
    expect(body.summary.arms.analyst).toMatchObject({ experiments: 5, best: { seq: 2 }, firstMeetingObjective: 2 });
    expect(body.summary.arms.random).toMatchObject({ experiments: 3, best: { seq: 3 }, firstMeetingObjective: 3 });
    const plain = await get<{ summary: Record<string, unknown> }>(`/v1/campaigns/${B}`);
    expect(plain.summary.arms).toBeUndefined();
  });

  it('keeps the trend shape, with the best so far per arm', async () => {
    const trend = await get<{ metric: string; points: { seq: number; arm: string; bestSeq: number | null }[] }>(`/v1/campaigns/${A}/trend`);
    expect(trend.metric).toBe('psnr');
    // Best so far is the best that meets the 100 kbps objective: none yet after the 200 kbps baseline.
    expect(trend.points.map((p) => [p.seq, p.arm, p.bestSeq])).toEqual([
      [1, 'analyst', null],
      [2, 'analyst', 2],
      [3, 'random', 3],
      [4, 'analyst', 2],
      [5, 'random', 3],
      [6, 'analyst', 2],
      [7, 'analyst', 2],
    ]);
  });

  it('puts exactly the undominated experiments on the Pareto front, by ascending bitrate', async () => {
    const body = await get<{ metric: string; targetBitrateBps: number; points: { seq: number; quality: number; label: string }[]; front: number[] }>(`/v1/campaigns/${A}/pareto`);
    expect(body.targetBitrateBps).toBe(100_000);
    expect(body.points.map((p) => p.seq)).toEqual([1, 2, 3, 4, 6]);
    expect(body.points.find((p) => p.seq === 3)).toMatchObject({ quality: 37, label: 'libx265 medium crf 28' });
    // seq 2 (100 kbps, 36.5 dB) is beaten by seq 3 (90 kbps, 37 dB); every other point trades off.
    expect(body.front).toEqual([6, 3, 4, 1]);
    // B wants VMAF but none was measured: the whole front is in PSNR, never a mix.
    const b = await get<{ metric: string; points: { quality: number }[] }>(`/v1/campaigns/${B}/pareto`);
    expect(b.metric).toBe('psnr');
    expect(b.points.map((p) => p.quality)).toEqual([39, 38]);
  });

  it('ranks the leaderboard: meeting the objective by quality, then the rest by distance to the target', async () => {
    const body = await get<{ baselineSeq: number; entries: { seq: number; versusBaseline: string; meetsObjective: boolean; bitrateChange: number; psnrChange: number }[] }>(`/v1/campaigns/${A}/leaderboard`);
    expect(body.baselineSeq).toBe(1);
    expect(body.entries.map((e) => [e.seq, e.meetsObjective])).toEqual([
      [3, true],
      [2, true],
      [6, true],
      [4, false],
      [1, false],
    ]);
    const two = body.entries.find((e) => e.seq === 2)!;
    expect(two.versusBaseline).toBe('-50.0% bitrate at -3.50 dB PSNR vs baseline');
    expect(two.bitrateChange).toBeCloseTo(-0.5);
    expect(two.psnrChange).toBeCloseTo(-3.5);
    expect(body.entries.find((e) => e.seq === 1)!.versusBaseline).toBe('baseline');
  });

  it('lists each recent campaign with its best entry, newest campaign first', async () => {
    const body = await get<{ items: { campaignId: string; source: string; targetBitrateBps: number; best: { seq: number; versusBaseline: string } }[] }>('/v1/leaderboard');
    expect(body.items.map((i) => [i.campaignId, i.best.seq, i.targetBitrateBps])).toEqual([
      [A, 3, 100_000],
      [B, 2, 200_000],
    ]);
    expect(body.items[0]!.source).toBe('testsrc2 160x90 30 fps 1 s');
    expect(body.items[1]!.best.versusBaseline).toBe('-36.7% bitrate at -1.00 dB PSNR vs baseline');
  });
});

describe('experiment filters', () => {
  const seqs = async (query: string) => (await get<{ items: { campaignId: string; seq: number }[]; nextCursor?: string }>(`/v1/experiments?${query}`)).items.map((e) => `${e.campaignId[0]}${e.seq}`);

  it('filters by encoder, origin and strategy, newest first, within or across campaigns', async () => {
    expect(await seqs('encoder=libx265')).toEqual(['a3', 'b2']);
    expect(await seqs(`campaignId=${A}&origin=random`)).toEqual(['a5', 'a3']);
    expect(await seqs('origin=baseline&strategy=codec')).toEqual(['a1', 'b1']);
    expect(await seqs('encoder=libsvtav1')).toEqual([]);
  });

  it('pages through a filter with the cursor it returns', async () => {
    const first = await get<{ items: { seq: number }[]; nextCursor: string }>('/v1/experiments?encoder=libx265&limit=1');
    expect(first.items.map((e) => e.seq)).toEqual([3]);
    const second = await get<{ items: { seq: number; campaignId: string }[]; nextCursor?: string }>(`/v1/experiments?encoder=libx265&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => [e.campaignId, e.seq])).toEqual([[B, 2]]);
  });

  it('answers an unknown encoder, origin or strategy with a 400 naming the field', async () => {
    for (const [query, field] of [['encoder=divx', 'encoder'], ['origin=oracle', 'origin'], ['strategy=frames', 'strategy']]) {
      const response = await app.inject({ url: `/v1/experiments?${query}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.issues[0]).toMatch(new RegExp(`^${field}: `));
    }
  });
});

describe('blog', () => {
  it('lists finished experiments newest first, with a cursor', async () => {
    const first = await get<{ items: { id: string; title: string; publishedAt: string; origin: string }[]; nextCursor: string }>('/v1/blog?limit=3');
    expect(first.items.map((p) => p.id)).toEqual([`${A}-006`, `${A}-005`, `${A}-004`]);
    expect(first.items[0]).toMatchObject({ title: '#6 libx264 slow crf 30: 0.080 Mbps at 35.00 dB PSNR', origin: 'fallback', publishedAt: '2026-03-01T00:00:06.000Z' });
    expect(first.items[1]!.title).toBe('#5 libx264 fast crf 35: failed');
    const next = await get<{ items: { id: string }[] }>(`/v1/blog?limit=3&cursor=${first.nextCursor}`);
    expect(next.items.map((p) => p.id)).toEqual([`${A}-003`, `${A}-002`, `${A}-001`]);
  });

  it('tells one experiment as a post, saying where the proposal came from', async () => {
    const body = await get<{ seq: number; configLabel: string; markdown: string; hypothesis: string }>(`/v1/blog/${A}-006`);
    expect(body).toMatchObject({ seq: 6, configLabel: 'libx264 slow crf 30', hypothesis: 'Hypothesis 6: try libx264 at crf 30.' });
    expect(body.markdown).toContain('- Bitrate: 0.080 Mbps (10000 bytes over 1.000 s)');
    expect(body.markdown).toContain('- PSNR: 35.00 dB average');
    // What "PSNR" is, said where it is shown.
    expect(body.markdown).toContain("ffmpeg's average, the PSNR of the pixel-weighted mean squared error of Y, U and V over all frames");
    expect(body.markdown).toContain('fallback (timeout)');
    const failed = await get<{ markdown: string }>(`/v1/blog/${A}-005`);
    expect(failed.markdown).toContain('Failed: ffmpeg exited with code 1 (ERR_ENCODE)');
    expect(failed.markdown).toContain('random: the seeded random-search control arm');
  });

  it('answers 400 for a malformed id and 404 for an unknown or unfinished experiment', async () => {
    expect((await app.inject({ url: '/v1/blog/not-a-post' })).statusCode).toBe(400);
    expect((await app.inject({ url: `/v1/blog/${A}-099` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/v1/blog/${A}-007` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/campaigns/00000000-0000-4000-8000-000000000000/leaderboard' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/campaigns/00000000-0000-4000-8000-000000000000/pareto' })).statusCode).toBe(404);
  });
});

describe('HTTP caching', () => {
  it('sends a weak ETag and a short Cache-Control, and answers a matching If-None-Match with 304', async () => {
    const first = await app.inject({ url: `/v1/campaigns/${A}/pareto` });
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(first.headers['cache-control']).toBe('public, max-age=5');
    const again = await app.inject({ url: `/v1/campaigns/${A}/pareto`, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await app.inject({ url: `/v1/campaigns/${B}/pareto`, headers: { 'if-none-match': first.headers.etag as string } });
    expect(other.statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/blog/not-a-post' })).headers['cache-control']).toBeUndefined();
  });

  it('has no route that writes', async () => {
    for (const url of ['/v1/campaigns', `/v1/campaigns/${A}`, '/v1/experiments', `/v1/blog/${A}-001`]) {
      expect((await app.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(404);
    }
  });
});

describe('response cache', () => {
  it('serves a read again for its lifetime, with the same ETag, and sees new writes after it', async () => {
    const cachedApp = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }), responseCacheMs: 60_000 });
    try {
      const url = `/v1/experiments?campaignId=${B}`;
      const before = await cachedApp.inject({ url });
      expect(before.json().items).toHaveLength(2);
      await writer.experiments.insert(experiment(B, AT_B, { seq: 3, origin: 'planner', crf: 30, measured: [150_000, 37] }));
      const during = await cachedApp.inject({ url });
      expect(during.body).toBe(before.body);
      expect(during.headers.etag).toBe(before.headers.etag);
      expect((await cachedApp.inject({ url, headers: { 'if-none-match': before.headers.etag as string } })).statusCode).toBe(304);
      // The uncached app reads the store: the new experiment is there, under a new ETag.
      const fresh = await app.inject({ url });
      expect(fresh.json().items).toHaveLength(3);
      expect(fresh.headers.etag).not.toBe(before.headers.etag);
    } finally {
      await cachedApp.close();
    }
  });
});

describe('a campaign where nothing met the objective', () => {
  it('has no best anywhere: it says so and names the closest', async () => {
    const C = 'cccccccc-0000-4000-8000-000000000003';
    await writer.campaigns.create(campaign(C, '2026-04-01T00:00:00.000Z', { controlArm: true, objective: budgetObjective(0.05, 'psnr') }));
    const specs: ExperimentSpec[] = [
      { seq: 1, origin: 'baseline', measured: [200_000, 40] },
      { seq: 2, origin: 'planner', crf: 35, measured: [70_000, 33] },
      { seq: 3, arm: 'random', origin: 'random', crf: 40, measured: [551_000, 30] },
    ];
    for (const spec of specs) {
      await writer.experiments.insert(experiment(C, '2026-04-01T00:00:00.000Z', spec));
    }
    const detail = await get<{ summary: Record<string, any> }>(`/v1/campaigns/${C}`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(detail.summary).not.toHaveProperty('best');
    expect(detail.summary).toMatchObject({ metObjective: false, closest: { seq: 2, bitrateBps: 70_000 } });
    expect(detail.summary['arms'].random).toMatchObject({ metObjective: false, closest: { seq: 1 } });
    expect(detail.summary['arms'].random).not.toHaveProperty('best');
    const trend = await get<{ points: { bestSeq: number | null }[] }>(`/v1/campaigns/${C}/trend`);
    expect(trend.points.map((p) => p.bestSeq)).toEqual([null, null, null]);
    const board = await get<{ items: { campaignId: string; best: unknown; closest?: { seq: number }; metObjective?: boolean }[] }>('/v1/leaderboard');
    expect(board.items.find((i) => i.campaignId === C)).toMatchObject({ best: null, metObjective: false, closest: { seq: 2 } });
  });
});

describe('config labels', () => {
  it('labels each listed experiment with every knob of its config', async () => {
    const D = 'dddddddd-0000-4000-8000-000000000004';
    const at = '2026-05-01T00:00:00.000Z';
    await writer.campaigns.create(campaign(D, at));
    const x264 = { preset: 'slow', tune: 'film', gop: 60, bFrames: 3, options: { aqMode: 2, refs: 4 } };
    const svt = { encoder: 'libsvtav1' as const, preset: '8', pixelFormat: 'yuv420p10le' as const, resolution: { width: 96, height: 54 }, filmGrain: 10 };
    await writer.experiments.insert(experiment(D, at, { seq: 1, origin: 'baseline', config: x264, crf: 24, measured: [100_000, 38] }));
    await writer.experiments.insert(experiment(D, at, { seq: 2, origin: 'planner', config: svt, crf: 35, measured: [90_000, 37] }));
    const { items } = await get<{ items: (Experiment & { configLabel: string })[] }>(`/v1/experiments?campaignId=${D}`);
    const labels = Object.fromEntries(items.map((e) => [e.seq, e.configLabel]));
    for (const e of items) expect(e.configLabel).toBe(describeConfig(e.config));
    for (const part of ['libx264', 'slow', 'crf 24', 'film', '60', '3', 'aqMode', '2', 'refs', '4']) expect(labels[1]).toContain(part);
    for (const part of ['libsvtav1', '8', 'crf 35', '96x54', '10-bit', 'grain 10']) expect(labels[2]).toContain(part);
  });
});

describe('a campaign in VMAF', () => {
  const E = 'eeeeeeee-0000-4000-8000-000000000005';
  const at = '2026-06-01T00:00:00.000Z';

  beforeAll(async () => {
    await writer.campaigns.create(campaign(E, at, { objective: budgetObjective(0.1, 'vmaf'), vmaf: { model: 'vmaf_v0.6.1neg', subsample: 2 } }));
    // Both 95 and 98 kbps meet the target; 98 kbps has the higher PSNR, 95 kbps the higher VMAF.
    for (const spec of [
      { seq: 1, origin: 'baseline', measured: [200_000, 40, 95] },
      { seq: 2, origin: 'planner', crf: 29, measured: [95_000, 37, 88] },
      { seq: 3, origin: 'planner', crf: 28, measured: [98_000, 38, 86] },
    ] satisfies ExperimentSpec[]) {
      await writer.experiments.insert(experiment(E, at, spec));
    }
  });

  it('ranks, charts and summarises in VMAF, naming the model', async () => {
    const detail = await get<{ vmaf: unknown; summary: { best: { seq: number } } }>(`/v1/campaigns/${E}`);
    expect(detail.vmaf).toEqual({ model: 'vmaf_v0.6.1neg', subsample: 2 });
    expect(detail.summary.best.seq).toBe(2);
    const trend = await get<{ metric: string; vmafModel: string; points: { vmaf: number | null }[] }>(`/v1/campaigns/${E}/trend`);
    expect(trend).toMatchObject({ metric: 'vmaf', vmafModel: 'vmaf_v0.6.1neg' });
    expect(trend.points.map((p) => p.vmaf)).toEqual([95, 88, 86]);
    const front = await get<{ metric: string; vmafModel: string; points: { seq: number; quality: number }[]; front: number[] }>(`/v1/campaigns/${E}/pareto`);
    expect(front).toMatchObject({ metric: 'vmaf', vmafModel: 'vmaf_v0.6.1neg', front: [2, 1] });
    expect(front.points.map((p) => [p.seq, p.quality])).toEqual([[1, 95], [2, 88], [3, 86]]);
    const board = await get<{ metric: string; vmafModel: string; entries: { seq: number; vmaf: number; vmafChange: number | null; versusBaseline: string }[] }>(`/v1/campaigns/${E}/leaderboard`);
    expect(board).toMatchObject({ metric: 'vmaf', vmafModel: 'vmaf_v0.6.1neg' });
    expect(board.entries.map((e) => e.seq)).toEqual([2, 3, 1]);
    expect(board.entries[0]).toMatchObject({ vmaf: 88, vmafChange: -7, versusBaseline: '-52.5% bitrate at -7.00 VMAF, -3.00 dB PSNR vs baseline' });
    const leaders = await get<{ items: { campaignId: string; metric: string; vmafModel: string | null; best: { seq: number } }[] }>('/v1/leaderboard');
    expect(leaders.items.find((i) => i.campaignId === E)).toMatchObject({ metric: 'vmaf', vmafModel: 'vmaf_v0.6.1neg', best: { seq: 2 } });
    // A campaign compared in PSNR names no model.
    expect(leaders.items.find((i) => i.campaignId === B)).toMatchObject({ metric: 'psnr', vmafModel: null });
  });

  it('tells the experiment with its pooled VMAF, what each figure is, and which ffmpeg measured and which encoded', async () => {
    const body = await get<{ title: string; markdown: string }>(`/v1/blog/${E}-002`);
    expect(body.title).toBe('#2 libx264 medium crf 29: 0.095 Mbps at 37.00 dB PSNR, VMAF 88.00 (vmaf_v0.6.1neg)');
    expect(body.markdown).toContain('- VMAF: 88.00 mean with vmaf_v0.6.1neg (libvmaf 2.3.0) over 15 scored frames (1 in 2); harmonic mean 87.50, 1% low 80.00, 5% low 83.00, min 78.00');
    for (const term of [MEASUREMENT_TERMS.vmaf, MEASUREMENT_TERMS.vmafHarmonicMean, MEASUREMENT_TERMS.vmafLows]) expect(body.markdown).toContain(term);
    expect(body.markdown).toContain(`- ffmpeg: measured by ffmpeg 7.0.2-static (sha256 ${'a'.repeat(12)}…), encoded by ffmpeg 5.1.6-0+deb12u1 (sha256 ${'e'.repeat(12)}…)`);
    // A result from before results named their builds was encoded and measured by one ffmpeg.
    expect((await get<{ markdown: string }>(`/v1/blog/${A}-001`)).markdown).toContain('- ffmpeg: encoded and measured by ffmpeg ');
    expect((await get<{ markdown: string }>(`/v1/blog/${A}-001`)).markdown).toContain('- VMAF: not measured (no libvmaf)');
  });
});
