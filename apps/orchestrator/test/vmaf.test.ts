import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignSummary, Experiment } from '@codec-lab/domain';
import { metricsFfmpeg, metricsFfmpegPath, skipUnless } from '@codec-lab/testing';
import { post, startOrchestratorStack, startRunnerProcess, TINY, waitFinished } from './support.ts';

// Objectives in VMAF through the REST API, with real agent-runners and dynalite: refused at the
// door where the runners cannot measure them (nothing created), run and measured where they can.
// A PSNR campaign runs on a runner without VMAF and says VMAF was not measured.

type Runner = Awaited<ReturnType<typeof startRunnerProcess>>;
type Stack = Awaited<ReturnType<typeof startOrchestratorStack>>;
const CONFIG = { strategy: 'codec', encoder: 'libx264', preset: 'veryfast', rateControl: { mode: 'crf', crf: 30 } };
const list = async (stack: Stack) => ((await (await fetch(`${stack.base}/v1/campaigns?limit=100`)).json()) as { items: Campaign[] }).items;
const experiments = async (stack: Stack, id: string) => ((await (await fetch(`${stack.base}/v1/campaigns/${id}/experiments`)).json()) as { items: Experiment[] }).items;

describe('on runners without VMAF', () => {
  let runner: Runner;
  let stack: Stack;
  beforeAll(async () => {
    // No metrics ffmpeg: the runner measures with Debian's ffmpeg alone, which has no libvmaf.
    runner = await startRunnerProcess({ METRICS_FFMPEG_PATH: undefined });
    stack = await startOrchestratorStack(runner.addr);
  });
  afterAll(async () => {
    await stack?.stop();
    runner?.stop();
  });

  it('refuses a VMAF objective and explicit VMAF options with a 400 naming the field, and creates nothing', async () => {
    const campaign = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.1, metric: 'vmaf' }, maxExperiments: 2 });
    expect(campaign.status).toBe(400);
    expect(campaign.body.error.code).toBe('ERR_METRIC_UNAVAILABLE');
    expect(campaign.body.error.message).toMatch(/^the runners cannot measure this campaign: objective\.metric: VMAF is not measured on these runners/);
    expect(campaign.body.error.issues).toEqual([expect.stringMatching(/^objective\.metric: VMAF is not measured .*has no working libvmaf\); use psnr or ssim/)]);
    const experiment = await post(`${stack.base}/v1/experiments`, { source: TINY, config: CONFIG, objective: { targetBitrateMbps: 0.1, metric: 'vmaf' } });
    expect(experiment.status).toBe(400);
    expect(experiment.body.error.code).toBe('ERR_METRIC_UNAVAILABLE');
    const options = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.1 }, maxExperiments: 1, vmaf: { model: 'vmaf_v0.6.1neg' } });
    expect(options.status).toBe(400);
    expect(options.body.error.issues).toEqual([expect.stringMatching(/^vmaf: VMAF is not measured on these runners .*; leave vmaf out/)]);
    expect(await list(stack)).toEqual([]);
  });

  it("checks a minimum or target quality against its metric's scale, and wants VMAF for a VMAF objective of any kind", async () => {
    const vmaf = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.1, metric: 'vmaf', minQuality: 101 }, maxExperiments: 1 });
    expect(vmaf.status).toBe(400);
    expect(vmaf.body.error.issues).toEqual(['objective.minQuality: VMAF is at most 100; 101 cannot be reached']);
    const ssim = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.1, metric: 'ssim', minQuality: 40 }, maxExperiments: 1 });
    expect(ssim.status).toBe(400);
    expect(ssim.body.error).toMatchObject({ code: 'ERR_VALIDATION', issues: ['objective.minQuality: SSIM is at most 1; 40 cannot be reached'] });
    // A quality target is held to its metric's scale the same way, and a VMAF one on these runners is refused for want of VMAF.
    const target = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 120 }, maxExperiments: 1 });
    expect(target.body.error).toMatchObject({ code: 'ERR_VALIDATION', issues: ['objective.targetQuality: VMAF is at most 100; 120 cannot be reached'] });
    const unmeasured = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 93 }, maxExperiments: 1 });
    expect(unmeasured.body.error).toMatchObject({ code: 'ERR_METRIC_UNAVAILABLE', issues: [expect.stringMatching(/^objective\.metric: VMAF is not measured on these runners/)] });
    const front = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { kind: 'pareto', metric: 'vmaf', maxBitrateMbps: 1 }, maxExperiments: 1 });
    expect(front.body.error.code).toBe('ERR_METRIC_UNAVAILABLE');
    expect(await list(stack)).toEqual([]);
  });

  it('runs a PSNR campaign, stores the default VMAF options and reports VMAF as not measured', async () => {
    const created = await post(`${stack.base}/v1/experiments`, { source: TINY, config: CONFIG, objective: { targetBitrateMbps: 0.1, metric: 'psnr' } });
    expect(created.status).toBe(201);
    expect(created.body.vmaf).toEqual({ model: 'vmaf_v0.6.1', subsample: 1 });
    expect((await waitFinished(stack.base, created.body.id)).status).toBe('succeeded');
    const [only] = await experiments(stack, created.body.id);
    expect(only?.result?.vmaf).toMatchObject({ available: false, reason: expect.any(String) });
    expect(((await (await fetch(`${stack.base}/v1/campaigns/${created.body.id}`)).json()) as Campaign).vmaf).toEqual({ model: 'vmaf_v0.6.1', subsample: 1 });
  });
});

describe('on runners with VMAF (the metrics ffmpeg)', () => {
  let runner: Runner | undefined;
  let stack: Stack | undefined;
  beforeAll(async () => {
    const path = metricsFfmpegPath();
    if (!path) return;
    runner = await startRunnerProcess({ METRICS_FFMPEG_PATH: path });
    stack = await startOrchestratorStack(runner.addr);
  });
  afterAll(async () => {
    await stack?.stop();
    runner?.stop();
  });

  it('runs a VMAF objective with the model and subsampling asked for, and names both ffmpeg builds', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    const base = stack!.base;
    const vmaf = { model: 'vmaf_v0.6.1neg', subsample: 2 };
    const created = await post(`${base}/v1/experiments`, { source: TINY, config: CONFIG, objective: { targetBitrateMbps: 0.5, metric: 'vmaf', minQuality: 1 }, vmaf });
    expect(created.status).toBe(201);
    expect(created.body.vmaf).toEqual(vmaf);
    expect((await waitFinished(base, created.body.id)).status).toBe('succeeded');
    const [only] = await experiments(stack!, created.body.id);
    const result = only!.result!;
    expect(result.vmaf).toMatchObject({ available: true, model: 'vmaf_v0.6.1neg', subsample: 2, scoredFrames: 15 });
    if (result.vmaf.available) {
      expect(result.vmaf.mean).toBeGreaterThan(1);
      expect(result.vmaf.mean).toBeLessThanOrEqual(100);
      expect(result.vmaf.low1Percent).toBeLessThanOrEqual(result.vmaf.mean);
    }
    expect(result.ffmpeg?.meter.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.ffmpeg?.encoder.version).toBe(result.ffmpegVersion);
    // The experiment met the objective in VMAF (at least 1), so it is the campaign's best.
    const shown = (await (await fetch(`${base}/v1/campaigns/${created.body.id}`)).json()) as Campaign & { summary: CampaignSummary };
    expect(shown.summary.best?.seq).toBe(1);
    expect(shown.vmaf).toEqual(vmaf);
  });
});
