import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStore, createStore, type ReadStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { CampaignDetail, Leaderboard, LeaderboardPage, Pareto, Post, Trend } from '../src/responses.ts';
import { FRESH, FRESH_KNOWLEDGE, KNOWLEDGE, OLDER, SAMPLED, SAMPLING, seedSampledCampaigns } from './sampled-seed.ts';

// What the lab knew and sampled search through dashboard-api, over dynalite seeded by hand
// (sampled-seed.ts has the numbers): the campaign carries its knowledge and its sampled summary,
// and every view keeps a probe's figures apart from the full encodes that answer the campaign.

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
  const options = { endpoint: dynamo.endpoint, region: 'local', tableName: 'sampled-api' };
  writer = createStore(options);
  await writer.ensureTable();
  reader = createReadStore(options);
  await seedSampledCampaigns(writer);
  app = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await app?.close();
  reader?.close();
  writer?.close();
  await dynamo?.close();
});

describe('a sampled campaign started from what the lab knew', () => {
  it('returns the knowledge and the sampled summary, each final beside its prediction; the answer is a full encode', async () => {
    const body = await get<CampaignDetail>(`/v1/campaigns/${SAMPLED}`);
    expect(body.knowledge).toEqual(KNOWLEDGE);
    expect(body.sampling).toEqual(SAMPLING);
    const sampled = body.summary.sampled!;
    expect(sampled).toMatchObject({ segments: 4, segmentSeconds: 2, starts: [6, 21, 36, 51], probes: [2, 3, 4] });
    expect(sampled.probeEncodeSeconds).toBeCloseTo(2.25);
    expect(sampled.fullEncodeSeconds).toBeCloseTo(11.2);
    expect(sampled.finals).toHaveLength(1);
    const [final] = sampled.finals;
    expect(final).toMatchObject({ seq: 5, probeSeq: 3, label: 'libx264 medium crf 27', metric: 'psnr', predicted: { bitrateBps: 1_480_000, quality: 38 }, measured: { bitrateBps: 1_450_000, quality: 38.1 } });
    expect(final!.bitrateError).toBeCloseTo(1.45 / 1.48 - 1);
    expect(final!.qualityError).toBeCloseTo(0.1);
    // #3 is a probe within the budget, but a probe is never the answer: #5, its full encode, is.
    expect(body.summary.best?.seq).toBe(5);
  });

  it('says a fresh lab started on the default priors, and an older campaign carries neither', async () => {
    const fresh = await get<CampaignDetail>(`/v1/campaigns/${FRESH}`);
    expect(fresh.knowledge).toEqual(FRESH_KNOWLEDGE);
    expect(fresh.summary.sampled).toBeUndefined();
    const older = await get<CampaignDetail>(`/v1/campaigns/${OLDER}`);
    expect(older).not.toHaveProperty('knowledge');
    expect(older).not.toHaveProperty('sampling');
    expect(older.summary).not.toHaveProperty('sampled');
    expect(older.summary.best?.seq).toBe(2);
  });

  it('flags probes in the trend and the Pareto points, and keeps them off the best so far and the front', async () => {
    const trend = await get<Trend>(`/v1/campaigns/${SAMPLED}/trend`);
    expect(trend.points.map((p) => [p.seq, p.origin, p.probe, p.bestSeq])).toEqual([
      [1, 'baseline', false, null],
      [2, 'baseline', true, null],
      [3, 'planner', true, null],
      [4, 'planner', true, null],
      [5, 'final', false, 5],
    ]);
    const pareto = await get<Pareto>(`/v1/campaigns/${SAMPLED}/pareto`);
    expect(pareto.points.filter((p) => p.probe).map((p) => p.seq)).toEqual([2, 3, 4]);
    // #3 (a 1.400 Mbps probe at 38.50 dB) would beat #5; the front is of full encodes only.
    expect(pareto.front).toEqual([5, 1]);
    const older = await get<Trend>(`/v1/campaigns/${OLDER}/trend`);
    expect(older.points.map((p) => p.probe)).toEqual([false, false]);
  });

  it('ranks full encodes before probes and compares a probe with the baseline\'s probe', async () => {
    const board = await get<Leaderboard>(`/v1/campaigns/${SAMPLED}/leaderboard`);
    expect(board.baselineSeq).toBe(1);
    expect(board.entries.map((e) => [e.seq, e.probe, e.meetsObjective])).toEqual([
      [5, false, true],
      [1, false, false],
      [3, true, true],
      [4, true, false],
      [2, true, false],
    ]);
    const versus = Object.fromEntries(board.entries.map((e) => [e.seq, e.versusBaseline]));
    expect(versus).toEqual({
      1: 'baseline',
      2: "the baseline's probe",
      3: "-26.3% bitrate at -2.00 dB PSNR vs the baseline's probe",
      4: "-17.9% bitrate at -1.50 dB PSNR vs the baseline's probe",
      5: '-27.5% bitrate at -1.90 dB PSNR vs baseline',
    });
    const leaders = await get<LeaderboardPage>('/v1/leaderboard');
    expect(leaders.items.find((i) => i.campaignId === SAMPLED)?.best?.seq).toBe(5);
  });

  it('tells a probe as a probe, on which segments, and a final with its prediction against its measurement', async () => {
    const probe = await get<Post>(`/v1/blog/${SAMPLED}-003`);
    expect(probe.title).toBe('#3 libx264 medium crf 27 (probe): ≈1.400 Mbps at ≈38.50 dB PSNR');
    expect(probe.markdown).toContain('A probe: measured on 4 sampled segments of 2 s, starting at 6 s, 21 s, 36 s, 51 s, not the whole source. Its figures estimate the whole source; they are never the answer.');
    expect(probe.markdown).toContain('- Segment at 6 s: 1.190 Mbps, PSNR 38.80 dB, SSIM 0.9800 (60 frames)');
    expect(probe.markdown).toContain('planner: the built-in deterministic planner; run as a probe on 4 sampled segments.');
    const final = await get<Post>(`/v1/blog/${SAMPLED}-005`);
    expect(final.title).toBe('#5 libx264 medium crf 27: 1.450 Mbps at 38.10 dB PSNR');
    expect(final.markdown).toContain(
      [
        '## Predicted and measured',
        '',
        '- Predicted from the probe, corrected: 1.480 Mbps ± 4.0%, PSNR 38.00 ± 0.30 dB (probe #3 corrected by 4 probe/full pair(s): bitrate x1.057, PSNR -0.50)',
        '- Measured on the whole source: 1.450 Mbps, PSNR 38.10 dB',
        '- Error: bitrate -2.0%, PSNR +0.10 dB (measured against predicted)',
      ].join('\n'),
    );
    expect(final.markdown).toContain('final: the full encode of the config a sampled search chose, measured on the whole source.');
    expect(final.markdown).not.toContain('A probe:');
  });

  it('documents knowledge and summary.sampled in the API document', async () => {
    const spec = JSON.stringify((await app.inject({ url: '/docs/json' })).json());
    expect(spec).toContain('`summary.sampled`: which experiments were probes');
    expect(spec).toContain('lnBitrateRatio');
  });
});
