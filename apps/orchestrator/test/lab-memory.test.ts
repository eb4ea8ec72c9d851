import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORS } from '@codec-lab/planner';
import type { Campaign, CampaignSummary, Experiment } from '@codec-lab/domain';
import { post, startAnalystProcess, startOrchestratorStack, startRunnerProcess, TINY, waitFinished } from './support.ts';

// Memory across campaigns and sampled search through the REST API, with a real agent-runner, a real
// llm-analyst (its planner, told the campaign's knowledge over gRPC) and dynalite: a campaign starts with what the campaigns before it measured on similar sources
// (stored on it as its knowledge), and a sampled campaign searches on segments, measures its own
// probe/full pair first, and ends with a full encode whose measured figures are its answer.

let runner: Awaited<ReturnType<typeof startRunnerProcess>>;
let analyst: Awaited<ReturnType<typeof startAnalystProcess>>;
let stack: Awaited<ReturnType<typeof startOrchestratorStack>>;

beforeAll(async () => {
  [runner, analyst] = await Promise.all([startRunnerProcess({ METRICS_FFMPEG_PATH: undefined }), startAnalystProcess()]);
  stack = await startOrchestratorStack(runner.addr, { ANALYST_ADDR: analyst.addr });
});

afterAll(async () => {
  await stack?.stop();
  runner?.stop();
  analyst?.child.kill('SIGTERM');
});

type Standing = Campaign & { summary: CampaignSummary };
const read = async (id: string) => (await (await fetch(`${stack.base}/v1/campaigns/${id}`)).json()) as Standing;
const experiments = async (id: string) => ((await (await fetch(`${stack.base}/v1/campaigns/${id}/experiments`)).json()) as { items: Experiment[] }).items;
const BUDGET = { targetBitrateMbps: 0.3 };

async function campaign(body: Record<string, unknown>): Promise<Standing> {
  const created = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: BUDGET, maxExperiments: 3, ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const done = await waitFinished(stack.base, created.body.id);
  expect(done.status, done.stopReason).toBe('succeeded');
  return read(created.body.id);
}

describe('memory across campaigns', () => {
  it('starts a fresh lab from the default priors, and the next campaign on a similar source from what the first measured', async () => {
    const first = await campaign({ sampling: { mode: 'off' } });
    expect(first.sourceDescription?.features?.analysedFrames).toBeGreaterThan(0);
    expect(first.knowledge?.recordsRead).toBe(0);
    expect(first.knowledge?.similar).toEqual([]);
    expect(first.knowledge?.priors).toEqual(PRIORS);

    const second = await campaign({ sampling: { mode: 'off' } });
    const knowledge = second.knowledge!;
    expect(knowledge.recordsRead).toBeGreaterThanOrEqual(1);
    // The same generator and size: the same content features, so the first campaign is the most similar.
    expect(knowledge.similar[0]).toMatchObject({ campaignId: first.id, similarity: 1 });
    expect(knowledge.priors.provenance).toContain('remembered campaigns');
    expect(knowledge.priors).not.toEqual(PRIORS);
  });
});

describe('sampled search', () => {
  it('measures the probe/full pair first, searches on the segments, and answers with a full encode it measured', async () => {
    const done = await campaign({ sampling: { mode: 'on', segments: 1, segmentSeconds: 0.5 }, maxExperiments: 4 });
    expect(done.sampling).toMatchObject({ segments: 1, segmentSeconds: 0.5, starts: [0.25] });
    const list = await experiments(done.id);
    const [baseline, calibration, ...rest] = list;
    expect(baseline!.probe).toBeUndefined();
    expect(baseline!.result!.mode).toBe('full');
    expect(calibration!.probe).toMatchObject({ segments: 1, starts: [0.25] });
    expect(calibration!.result!.mode).toBe('probe');
    expect(calibration!.configHash).toBe(baseline!.configHash);
    const finals = rest.filter((e) => e.proposal.origin === 'final');
    expect(finals.length).toBeGreaterThanOrEqual(1);
    for (const final of finals) {
      expect(final.probe).toBeUndefined();
      expect(final.result?.mode).toBe('full');
      expect(final.proposal.prediction?.basis).toMatch(/^probe #\d+ corrected by \d+ probe\/full pair/);
      expect(final.analysis?.predictionCheck).toBeDefined();
    }
    const { sampled } = done.summary;
    expect(sampled?.probes).toEqual(list.filter((e) => e.probe).map((e) => e.seq));
    expect(sampled?.finals[0]).toMatchObject({ seq: finals[0]!.seq, predicted: expect.any(Object), measured: expect.any(Object) });
    // The answer is never a probe.
    const answer = done.summary.best ?? done.summary.closest;
    expect(sampled?.probes).not.toContain(answer?.seq);
  });

  it('refuses sampling where the segments would cover most of the source, naming the fields, and creates nothing', async () => {
    const refused = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective: BUDGET, maxExperiments: 2, sampling: { mode: 'on' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ERR_SAMPLING_TOO_LONG');
    expect(refused.body.error.message).toContain('sampling.segments x sampling.segmentSeconds');
  });
});
