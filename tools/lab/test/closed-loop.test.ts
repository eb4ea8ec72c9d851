import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConfig, type Campaign, type Experiment } from '@codec-lab/domain';
import { ffmpegHasFilter, metricsFfmpegPath } from '@codec-lab/testing';
import { getJson, isAlive, postJson, startLab, waitFor, type RunningLab } from './lab-process.ts';

// The whole lab as `npm start` runs it: dynalite and four service processes over real gRPC on
// loopback, real ffmpeg on a tiny synthetic source, the planner as analyst. How many experiments
// the planner runs is its call from what it measures (it stops early once the objective is met and
// nothing better is expected), so counts are bounded by the budget and checked against the store.

const CAMPAIGN = {
  source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
  objective: { targetBitrateMbps: 0.06, metric: 'psnr' },
  maxExperiments: 3,
};
const BUDGET = CAMPAIGN.maxExperiments;

let dataDir: string;
let lab: RunningLab | undefined;
let campaignId: string;
let experiments: Experiment[];

function ffprobeDuration(path: string): number {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return Number(out.trim());
}

/** Every line of a Prometheus text exposition is a comment, blank, or `name{labels} value`. */
function assertPrometheusText(text: string): void {
  const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? [-+]?([0-9.]+(e[-+]?[0-9]+)?|NaN|\+Inf|-Inf)( [0-9]+)?$/;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    expect(line, 'Prometheus sample line').toMatch(sample);
  }
}

function sumOf(text: string, metric: string, labelFilter: RegExp = /.*/): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .filter((line) => labelFilter.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** `text` as a literal inside a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'codeclab-e2e-'));
  lab = await startLab(dataDir);
});

afterAll(async () => {
  if (lab && lab.process.exitCode === null) await lab.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a campaign end to end', () => {
  it('refuses bad input with the field paths and unknown ids with 404', async () => {
    const bad = await postJson<{ error: { code: string; issues: string[] } }>(`${lab!.orchestrator}/v1/campaigns`, {
      ...CAMPAIGN,
      source: { ...CAMPAIGN.source, generator: 'rm -rf /', width: 161 },
      maxExperiments: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('ERR_VALIDATION');
    expect(bad.body.error.issues.join('\n')).toMatch(/source\.generator/);
    expect(bad.body.error.issues.join('\n')).toMatch(/source\.width: must be even/);
    expect(bad.body.error.issues.join('\n')).toMatch(/maxExperiments/);
    expect((await getJson(`${lab!.orchestrator}/v1/campaigns/3f0c6a52-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await getJson(`${lab!.orchestrator}/v1/campaigns`)).body).toEqual({ items: [] });
  });

  it('runs the baseline and the planner proposals to completion, within the budget', async () => {
    const created = await postJson<Campaign>(`${lab!.orchestrator}/v1/campaigns`, CAMPAIGN);
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('queued');
    campaignId = created.body.id;

    const done = await waitFor('the campaign to finish', 150_000, async () => {
      const { body } = await getJson<Campaign>(`${lab!.orchestrator}/v1/campaigns/${campaignId}`);
      return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    });
    expect(done.status, done.stopReason).toBe('succeeded');

    experiments = (await getJson<{ items: Experiment[] }>(`${lab!.orchestrator}/v1/campaigns/${campaignId}/experiments`)).body.items;
    const n = experiments.length;
    // The baseline, then at least one proposal: with two experiments left the planner always has a
    // candidate (a refined CRF, another encoder or a slower preset); at most the budget.
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(BUDGET);
    // The campaign says why it ended, and that agrees with what ran.
    if (n === BUDGET) expect(done.stopReason).toBe(`budget spent: ${BUDGET} of ${BUDGET} experiments run`);
    else expect(done.stopReason).toMatch(new RegExp(`^analyst stopped early after ${n} experiments: .+`));
    expect(experiments.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(experiments.every((e) => e.status === 'succeeded')).toBe(true);
    expect(experiments[0]!.config).toMatchObject({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 } });
    expect(experiments.map((e) => e.proposal.origin)).toEqual(['baseline', ...Array<string>(n - 1).fill('planner')]);
    expect(new Set(experiments.map((e) => e.configHash)).size).toBe(n);
  });

  it('measured every bitrate from the artifact on disk and quality against the source', () => {
    // The lab measures with the installed metrics ffmpeg where the encoding one has no libvmaf.
    const metrics = metricsFfmpegPath();
    const hasLibvmaf = ffmpegHasFilter('libvmaf') || metrics !== undefined;
    expect(new Set(experiments.map((e) => e.result!.artifactUri)).size).toBe(experiments.length);
    for (const experiment of experiments) {
      const result = experiment.result!;
      const artifact = fileURLToPath(result.artifactUri);
      expect(statSync(artifact).size).toBe(result.bytes);
      expect(result.durationSeconds).toBeCloseTo(ffprobeDuration(artifact), 6);
      expect(result.bitrateBps).toBeCloseTo((result.bytes * 8) / result.durationSeconds, 6);
      expect(result.frames).toBe(30);
      expect(result.sourceFrames).toBe(30);
      expect(result.psnr.avg).toBeGreaterThan(20);
      expect(result.psnr.avg).toBeLessThan(60);
      expect(result.ssim.all).toBeGreaterThan(0.5);
      expect(result.ssim.all).toBeLessThanOrEqual(1);
      // VMAF is measured exactly when an ffmpeg here has libvmaf, and otherwise says why not.
      expect(result.vmaf.available).toBe(hasLibvmaf);
      if (!result.vmaf.available) expect(result.vmaf.reason).toMatch(/libvmaf/);
      // Plain ffmpeg + libvmaf on the stored artifact gives the same VMAF (frames paired by index).
      if (result.vmaf.available && metrics) expect(Math.abs(plainVmaf(metrics, artifact) - result.vmaf.mean)).toBeLessThan(0.01);
      expect(result.ffmpeg?.encoder.version).toBe(result.ffmpegVersion);
      expect(result.artifactSha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // When the planner refined the baseline's own track (libx264 medium, full size), it moved the
    // CRF toward the 60 kb/s target: coarser when the baseline was over it, finer when under. (With
    // the baseline on target it explores another encoder or preset instead.)
    const [baseline, second] = experiments as [Experiment, Experiment];
    const target = CAMPAIGN.objective.targetBitrateMbps * 1e6;
    const next = second.config;
    const rc = next.strategy === 'codec' ? next.rateControl : undefined;
    if (next.strategy === 'codec' && next.encoder === 'libx264' && next.preset === 'medium' && !next.resolution && rc?.mode === 'crf') {
      expect(Math.sign(rc.crf - 23), `baseline ${baseline.result!.bitrateBps} b/s, then CRF ${rc.crf}`).toBe(Math.sign(baseline.result!.bitrateBps - target));
    }
  });

  it('stored a proposal and an analysis grounded in the numbers for every experiment', async () => {
    for (const experiment of experiments) {
      expect(experiment.proposal.hypothesis.length).toBeGreaterThan(10);
      expect(experiment.analysis?.origin).toBe('planner');
      const mbps = (experiment.result!.bitrateBps / 1e6).toFixed(3);
      expect(experiment.analysis?.summary).toContain(`${mbps} Mbps`);
      expect(experiment.analysis?.summary).toContain(`PSNR ${experiment.result!.psnr.avg.toFixed(2)} dB`);
    }
    // Each analysis names the planner's next step, and the campaign took it: the next experiment's
    // config (unless the orchestrator refused the first choice: then the proposal says so), or the
    // end (the budget, or the planner's reason to stop, as the campaign reports it).
    for (const [i, experiment] of experiments.slice(0, -1).entries()) {
      const next = experiments[i + 1]!;
      if (next.proposal.validationErrors.some((e) => e.startsWith('refused '))) continue;
      expect(experiment.analysis?.nextStep).toMatch(new RegExp(`^Next: ${escape(describeConfig(next.config))}\\. `));
    }
    const last = experiments.at(-1)!.analysis!.nextStep;
    const { body: campaign } = await getJson<Campaign>(`${lab!.orchestrator}/v1/campaigns/${campaignId}`);
    if (experiments.length === BUDGET) expect(last).toBe(`Budget spent (${BUDGET} of ${BUDGET} experiments); no further experiment.`);
    else expect(campaign.stopReason).toBe(`analyst stopped early after ${experiments.length} experiments: ${last.replace(/^Stop: (.*)\.$/, '$1')}`);
  });

  it('shows the same experiments through dashboard-api, newest first', async () => {
    const { status, body } = await getJson<{ items: Experiment[] }>(`${lab!.dashboard}/v1/experiments?campaignId=${campaignId}`);
    expect(status).toBe(200);
    expect(body.items.map((e) => e.id)).toEqual(experiments.map((e) => e.id).reverse());
    expect(body.items[0]!.result?.bitrateBps).toBe(experiments.at(-1)!.result?.bitrateBps);
  });

  it('exposes valid Prometheus metrics on all four services', async () => {
    const texts: Record<string, string> = {};
    for (const [service, url] of Object.entries(lab!.metrics)) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      texts[service] = await response.text();
      assertPrometheusText(texts[service]);
      expect(texts[service]).toContain(`process_cpu_user_seconds_total{service="${service}"}`);
    }
    // Every count agrees with the experiments the store holds (one campaign ran on this lab).
    const n = experiments.length;
    expect(sumOf(texts['orchestrator']!, 'codeclab_experiments_total', /status="succeeded"/)).toBe(n);
    expect(sumOf(texts['orchestrator']!, 'codeclab_experiment_bitrate_bits_per_second_count')).toBe(n);
    expect(sumOf(texts['orchestrator']!, 'http_requests_total', /route="\/v1\/campaigns\/:id"/)).toBeGreaterThan(0);
    expect(sumOf(texts['orchestrator']!, 'grpc_client_handled_total', /grpc_method="RunExperiment",grpc_code="OK"/)).toBe(n);
    expect(sumOf(texts['agent-runner']!, 'codeclab_runner_experiments_total', /status="succeeded"/)).toBe(n);
    expect(sumOf(texts['agent-runner']!, 'grpc_server_handled_total', /grpc_method="RunExperiment"/)).toBe(n);
    // The orchestrator proposes the baseline itself; the planner proposed every other experiment,
    // and said stop once when the campaign ended before its budget.
    expect(sumOf(texts['llm-analyst']!, 'codeclab_analyst_proposals_total', /backend="planner",origin="planner"/)).toBe(n - 1);
    expect(sumOf(texts['llm-analyst']!, 'codeclab_analyst_proposals_total')).toBe(n - 1);
    expect(sumOf(texts['llm-analyst']!, 'codeclab_analyst_stops_total')).toBe(n < BUDGET ? 1 : 0);
    expect(sumOf(texts['llm-analyst']!, 'grpc_server_handling_seconds_count', /grpc_method="Analyze"/)).toBe(n);
    expect(sumOf(texts['dashboard-api']!, 'http_request_duration_seconds_count', /route="\/v1\/experiments"/)).toBeGreaterThan(0);
  });

  it('answers 409 when cancelling a finished campaign', async () => {
    const response = await postJson<{ error: { code: string } }>(`${lab!.orchestrator}/v1/campaigns/${campaignId}/cancel`, {});
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('ERR_CAMPAIGN_FINISHED');
  });

  it('stops cleanly on Ctrl-C and keeps the campaigns across a restart', async () => {
    const pids = lab!.pids;
    expect(await lab!.stop()).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(lab!.output()).toContain('codec-lab stopped.');

    lab = await startLab(dataDir);
    const { body } = await getJson<{ items: Campaign[] }>(`${lab.orchestrator}/v1/campaigns`);
    expect(body.items.map((c) => [c.id, c.status])).toEqual([[campaignId, 'succeeded']]);
    const again = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${campaignId}/experiments`);
    expect(again.body.items).toEqual(experiments);
  });
});

/** VMAF of the artifact against the campaign's testsrc2, by plain ffmpeg + libvmaf (MEASUREMENT.md). */
function plainVmaf(ffmpeg: string, artifact: string): number {
  const align = 'settb=AVTB,setpts=N/30/TB';
  const source = 'testsrc2=size=160x90:rate=30,trim=end_frame=30,format=yuv420p';
  const run = spawnSync(ffmpeg, ['-hide_banner', '-i', artifact, '-f', 'lavfi', '-i', source, '-lavfi', `[0:v]${align}[d];[1:v]${align}[r];[d][r]libvmaf`, '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/VMAF score: (\S+)/.exec(run.stderr)?.[1]);
}
