import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Campaign, Experiment } from '@codec-lab/domain';
import { getJson, isAlive, postJson, startLab, waitFor, type RunningLab } from './lab-process.ts';

// An experiment interrupted anywhere (orchestrator or agent-runner SIGKILLed mid-encode or
// mid-measure, the whole lab stopped with SIGTERM or SIGKILL) runs again after `npm start` and
// succeeds: nothing the dead attempt left can fail the next one or be taken for its artifact, and
// `attempts` says how many runs it took.

// A killed orchestrator's campaign lease runs out before the next one takes the campaign over;
// short leases keep the test quick (the default is 30 s). No shutdown grace: a SIGTERM cuts the
// experiment in flight for certain, rather than letting it finish if it is quick enough
// (apps/orchestrator/test/shutdown.test.ts tests the grace).
const ENV = { LEASE_SECONDS: '3', POLL_SECONDS: '0.5', SHUTDOWN_GRACE_MS: '0' };

const CAMPAIGN = {
  source: { kind: 'synthetic', generator: 'testsrc2', width: 640, height: 360, fps: 30, seconds: 4 },
  objective: { targetBitrateMbps: 0.4, metric: 'psnr' },
  maxExperiments: 2,
};

let dataDir: string | undefined;
let lab: RunningLab | undefined;
afterEach(async () => {
  if (lab && lab.process.exitCode === null && lab.process.signalCode === null) await lab.stop();
  lab = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Phase = 'encode' | 'measure';

/** ffmpeg processes working on this lab's artifacts, with the experiment and the phase each is in. */
function ffmpegRuns(artifacts: string): { pid: number; experimentId: string; phase: Phase }[] {
  const runs = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    // The encoding ffmpeg, or the metrics one (`ffmpeg-7.0.2`) that measures.
    if (!/(^|\/)ffmpeg[^/]*$/.test(args[0] ?? '')) continue;
    const work = args.map((a) => a.match(new RegExp(`${artifacts}/\\.work/([A-Za-z0-9_-]+)\\.`))).find(Boolean);
    if (!work) continue;
    runs.push({ pid: Number(name), experimentId: work[1]!, phase: (args.some((a) => a.includes('psnr')) ? 'measure' : 'encode') as Phase });
  }
  return runs;
}

async function campaignOf(base: string, id: string) {
  const [{ body: campaign }, { body: list }] = await Promise.all([
    getJson<Campaign>(`${base}/v1/campaigns/${id}`),
    getJson<{ items: Experiment[] }>(`${base}/v1/campaigns/${id}/experiments`),
  ]);
  return { campaign, experiments: list.items };
}

/**
 * Starts a campaign, waits until its first experiment's ffmpeg is in `phase`, interrupts the lab
 * with `kill`, waits until every service is gone, starts the lab again on the same data and waits
 * for the campaign to finish.
 */
async function interrupt(phase: Phase, kill: (lab: RunningLab) => void) {
  dataDir = mkdtempSync(join(tmpdir(), 'codeclab-crash-'));
  const artifacts = join(dataDir, 'artifacts');
  const first = await startLab(dataDir, ENV);
  lab = first;
  const created = await postJson<Campaign>(`${first.orchestrator}/v1/campaigns`, CAMPAIGN);
  expect(created.status).toBe(201);
  const victim = await waitFor(`an ffmpeg ${phase}`, 60_000, async () => ffmpegRuns(artifacts).find((run) => run.phase === phase));
  kill(first);
  await expect.poll(() => [...first.pids, first.process.pid!].filter(isAlive), { timeout: 40_000, interval: 100 }).toEqual([]);

  lab = await startLab(dataDir, ENV);
  const done = await waitFor('the campaign to finish after the restart', 150_000, async () => {
    const state = await campaignOf(lab!.orchestrator, created.body.id);
    return ['queued', 'running'].includes(state.campaign.status) ? undefined : state;
  });
  return { ...done, interrupted: victim.experimentId, artifacts };
}

/** How many times agent-runner started each experiment, from its log (appended across restarts). */
function runsByExperiment(): Map<string, number> {
  const runs = new Map<string, number>();
  for (const line of readFileSync(join(dataDir!, 'logs', 'agent-runner.log'), 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; experimentId?: string };
    if (entry.msg === 'experiment started' && entry.experimentId) runs.set(entry.experimentId, (runs.get(entry.experimentId) ?? 0) + 1);
  }
  return runs;
}

function expectRecovered({ campaign, experiments, interrupted, artifacts }: Awaited<ReturnType<typeof interrupt>>) {
  expect(campaign.status, campaign.stopReason).toBe('succeeded');
  expect(experiments.map((e) => [e.seq, e.status, e.failure?.message])).toEqual(experiments.map((e) => [e.seq, 'succeeded', undefined]));
  // `attempts` says how many runs each took, as the runner saw them.
  const runs = runsByExperiment();
  expect(experiments.map((e) => [e.id, e.attempts])).toEqual(experiments.map((e) => [e.id, runs.get(e.id)]));
  // The interrupted experiment ran twice (killed once, then measured); every other one once.
  expect(experiments.map((e) => [e.id, runs.get(e.id)])).toEqual(experiments.map((e) => [e.id, e.id === interrupted ? 2 : 1]));
  for (const experiment of experiments) {
    const artifact = fileURLToPath(experiment.result!.artifactUri);
    expect(artifact).toBe(join(artifacts, experiment.id, 'artifact.mp4'));
    expect(createHash('sha256').update(readFileSync(artifact)).digest('hex')).toBe(experiment.result!.artifactSha256);
  }
  // Nothing of a dead attempt is left once the campaign is over.
  expect(readdirSync(join(artifacts, '.work'))).toEqual([]);
}

const pidOf = (running: RunningLab, service: string) => running.services[service]!;

describe('an experiment interrupted anywhere succeeds after a restart', () => {
  it('the orchestrator SIGKILLed mid-encode', async () => {
    expectRecovered(await interrupt('encode', (running) => process.kill(pidOf(running, 'orchestrator'), 'SIGKILL')));
  });

  it('agent-runner SIGKILLed mid-encode', async () => {
    expectRecovered(await interrupt('encode', (running) => process.kill(pidOf(running, 'agent-runner'), 'SIGKILL')));
  });

  it('agent-runner SIGKILLed mid-measure', async () => {
    expectRecovered(await interrupt('measure', (running) => process.kill(pidOf(running, 'agent-runner'), 'SIGKILL')));
  });

  it('the whole lab stopped with SIGTERM mid-encode', async () => {
    expectRecovered(await interrupt('encode', (running) => running.process.kill('SIGTERM')));
  });

  it('the whole lab SIGKILLed mid-encode', async () => {
    expectRecovered(await interrupt('encode', (running) => running.process.kill('SIGKILL')));
  });
});
