import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignSummary, Experiment } from '@codec-lab/domain';
import { post, startOrchestratorStack, startRunnerProcess, TINY, waitFinished } from './support.ts';

// The three kinds of objective and their constraints through the REST API, with a real
// agent-runner and dynalite: each is created, stored and read back as given (an objective without
// a kind as the strict budget it always was), a bad one is a 400 naming the field and creates
// nothing, and constraints are kept and enforced at the door.

let runner: Awaited<ReturnType<typeof startRunnerProcess>>;
let stack: Awaited<ReturnType<typeof startOrchestratorStack>>;

beforeAll(async () => {
  runner = await startRunnerProcess({ METRICS_FFMPEG_PATH: undefined });
  stack = await startOrchestratorStack(runner.addr);
});

afterAll(async () => {
  await stack?.stop();
  runner?.stop();
});

type Standing = Campaign & { summary: CampaignSummary };
const read = async (id: string) => (await (await fetch(`${stack.base}/v1/campaigns/${id}`)).json()) as Standing;
const listed = async () => ((await (await fetch(`${stack.base}/v1/campaigns?limit=100`)).json()) as { items: Campaign[] }).items;
const experiments = async (id: string) => ((await (await fetch(`${stack.base}/v1/campaigns/${id}/experiments`)).json()) as { items: Experiment[] }).items;
const CONFIG = { strategy: 'codec', encoder: 'libx264', preset: 'veryfast', rateControl: { mode: 'crf', crf: 30 } };

describe('objectives through the REST API', () => {
  it.each([
    ['a quality target without its target', { kind: 'bitrate-at-quality', metric: 'psnr' }, 'objective.targetQuality: '],
    ['a quality target off its scale', { kind: 'bitrate-at-quality', metric: 'ssim', targetQuality: 2 }, 'objective.targetQuality: SSIM is at most 1'],
    ['a quality target without its metric', { kind: 'bitrate-at-quality', targetQuality: 40 }, 'objective.metric: '],
    ['a Pareto front without its upper end', { kind: 'pareto', metric: 'psnr' }, 'objective.maxBitrateMbps: '],
    ['a tolerance on a Pareto front', { kind: 'pareto', maxBitrateMbps: 2, tolerance: 0.05 }, 'tolerance'],
    ['a tolerance over 50%', { targetBitrateMbps: 0.1, tolerance: 0.9 }, 'objective.tolerance: '],
    ['an unknown kind', { kind: 'fastest', targetBitrateMbps: 0.1 }, 'objective.kind: '],
    ['an unknown encoder constraint', { targetBitrateMbps: 0.1, constraints: { encoders: ['libx264', 'x264 -vf'] } }, 'objective.constraints.encoders.1: '],
    ['an unknown constraint', { targetBitrateMbps: 0.1, constraints: { maxFrames: 10 } }, 'maxFrames'],
  ])('refuses %s with a 400 naming the field, and creates nothing', async (_name, objective, field) => {
    const refused = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective, maxExperiments: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ERR_VALIDATION');
    expect(refused.body.error.issues.join('\n')).toContain(field);
    expect(await listed()).toEqual([]);
  });

  it('refuses constraints that leave no encoder the runners have, naming the constraint', async () => {
    const refused = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.1, constraints: { encoders: ['h264_nvenc'] } }, maxExperiments: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ERR_CONSTRAINT_UNAVAILABLE');
    expect(refused.body.error.issues).toEqual([expect.stringMatching(/^objective\.constraints\.encoders: none of h264_nvenc is available on the runners/)]);
    expect(await listed()).toEqual([]);
  });

  it("refuses an explicit config that breaks the objective's constraints, naming both", async () => {
    const body = { source: TINY, config: { ...CONFIG, encoder: 'libx265', preset: 'fast' }, objective: { targetBitrateMbps: 0.1, constraints: { encoders: ['libx264'] } } };
    const refused = await post(`${stack.base}/v1/experiments`, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual(["config.encoder: libx265 breaks the objective's constraint encoders (allowed: libx264)"]);
    const tenBit = await post(`${stack.base}/v1/experiments`, { ...body, config: CONFIG, objective: { targetBitrateMbps: 0.1, constraints: { pixelFormat: 'yuv420p10le' } } });
    expect(tenBit.status).toBe(400);
    expect(tenBit.body.error.issues).toEqual(["config.pixelFormat: yuv420p breaks the objective's constraint pixelFormat (every config encodes to yuv420p10le)"]);
    expect(await listed()).toEqual([]);
  });

  it('reads an objective without a kind as a strict budget, and runs it as before', async () => {
    const created = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.06 }, maxExperiments: 1 });
    expect(created.status).toBe(201);
    const budget = { kind: 'quality-at-bitrate', targetBitrateMbps: 0.06, tolerance: 0, metric: 'psnr' };
    expect(created.body.objective).toEqual(budget);
    const done = (await waitFinished(stack.base, created.body.id)) as Standing;
    expect(done.status).toBe('succeeded');
    expect(done.objective).toEqual(budget);
    expect(done.summary.metObjective === true ? done.summary.best?.seq : done.summary.closest?.seq).toBe(1);
    expect(done.summary.pareto).toBeUndefined();
  });

  it('keeps a budget with its tolerance, minimum quality and every constraint, and runs only allowed encoders', async () => {
    const objective = {
      kind: 'quality-at-bitrate',
      targetBitrateMbps: 0.08,
      tolerance: 0.1,
      metric: 'ssim',
      minQuality: 0.5,
      constraints: { encoders: ['libx264'], minEncodeFps: 1, minRealtime: 0.01, maxSizeBytes: 10_000_000, pixelFormat: 'yuv420p' },
    };
    const created = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective, maxExperiments: 1 });
    expect(created.status).toBe(201);
    expect(created.body.objective).toEqual(objective);
    await waitFinished(stack.base, created.body.id);
    expect((await read(created.body.id)).objective).toEqual(objective);
    expect((await listed()).find((c) => c.id === created.body.id)?.objective).toEqual(objective);
    for (const e of await experiments(created.body.id)) expect(e.config).toMatchObject({ encoder: 'libx264', pixelFormat: 'yuv420p' });
  });

  it('runs a quality target: its answer is a full encode measured to reach it', async () => {
    const objective = { kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 20, constraints: { maxSizeBytes: 5_000_000 } };
    const created = await post(`${stack.base}/v1/experiments`, { source: TINY, config: CONFIG, objective });
    expect(created.status).toBe(201);
    expect(created.body.objective).toEqual(objective);
    const done = (await waitFinished(stack.base, created.body.id)) as Standing;
    expect(done.status).toBe('succeeded');
    expect(done.objective).toEqual(objective);
    const [only] = await experiments(created.body.id);
    // libx264 CRF 30 on testsrc2 is far above 20 dB: the experiment is the answer.
    expect(only?.result?.mode).toBe('full');
    expect(only!.result!.psnr.avg).toBeGreaterThan(20);
    expect(done.summary).toMatchObject({ metObjective: true, best: { seq: 1, bitrateBps: only!.result!.bitrateBps } });
  });

  it('runs a Pareto front and reports it with its hypervolume', async () => {
    const objective = { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 5 };
    const created = await post(`${stack.base}/v1/experiments`, { source: TINY, config: CONFIG, objective });
    expect(created.status).toBe(201);
    expect(created.body.objective).toEqual(objective);
    const done = (await waitFinished(stack.base, created.body.id)) as Standing;
    expect(done.status).toBe('succeeded');
    const [only] = await experiments(created.body.id);
    const pareto = done.summary.pareto!;
    expect(pareto.metric).toBe('psnr');
    expect(pareto.reference.bitrateMbps).toBe(5);
    // One experiment under the upper end: the whole front, dominating a box of positive volume.
    expect(pareto.front).toEqual([{ seq: 1, bitrateMbps: only!.result!.bitrateBps / 1e6, quality: only!.result!.psnr.avg, encodeFps: only!.result!.encodeFps }]);
    expect(pareto.hypervolume).toBeGreaterThan(0);
  });
});
