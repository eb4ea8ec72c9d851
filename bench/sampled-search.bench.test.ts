import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeConfig, type Campaign, type CampaignSummary, type Experiment } from '@codec-lab/domain';
import { getJson, postJson, startLab, waitFor, type RunningLab } from '../tools/lab/test/lab-process.ts';
import { load, machine, table } from './support/report.ts';

// Sampled search on long sources against full-length search, as a user runs them: real campaigns
// through the lab's REST API (`npm start`'s bundle: orchestrator, llm-analyst with its planner,
// agent-runner, dynalite), the same objective and budget, one campaign with `sampling` off and one
// on (`auto`: the sources are longer than its 20 s threshold). Reported: encode-seconds and wall
// time of each search, each answer as measured in full, the sampled answer's regret against the
// full-length answer, and how far the probes' predictions were from the full encodes, corrected
// and raw. Nothing here was tuned on these sources. Each campaign runs in a fresh lab (an empty
// memory), so neither learns from the other: the sampled campaign's probe correction comes from the
// pairs it measures itself (the baseline's, then its final encodes').
//   npx vitest run --project bench bench/sampled-search.bench.test.ts --reporter=default

const run = promisify(execFile);
const MEDIA = fileURLToPath(new URL('../../shared/media/', import.meta.url));
const BUDGET = Number(process.env['BENCH_EXPERIMENTS'] ?? 8);

interface Source {
  readonly name: string;
  readonly file: string;
  readonly targetBitrateMbps: number;
  /** ffmpeg arguments that make the file in the lab's media folder (from the shared clips). */
  readonly make: (out: string) => string[];
}

// A montage of three shared clips with two hard cuts, scaled to one size: a long source with scenes.
const montage = (out: string) => [
  ...['bbb_1280x720_24fps_10s.mp4', 'tears_of_steel_960x400_24fps_2s.webm', 'crystal_720x480_30fps_12s.mp4'].flatMap((f) => ['-i', join(MEDIA, f)]),
  '-filter_complex',
  [0, 1, 2].map((i) => `[${i}:v]scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24,format=yuv420p[v${i}]`).join(';') + ';[v0][v1][v2]concat=n=3:v=1:a=0[v]',
  '-map', '[v]', '-c:v', 'ffv1', '-level', '3', out,
];

const SOURCES: readonly Source[] = [
  { name: 'traffic 768x432 30 s', file: 'traffic.mkv', targetBitrateMbps: 0.1, make: (out) => ['-i', join(MEDIA, 'traffic_768x432_12.5fps_30s.mp4'), '-map', '0:v', '-c:v', 'ffv1', '-level', '3', out] },
  { name: 'montage 640x360 24 s', file: 'montage.mkv', targetBitrateMbps: 0.6, make: montage },
];

let dataDir: string;

beforeAll(async () => {
  for (const clip of ['traffic_768x432_12.5fps_30s.mp4', 'bbb_1280x720_24fps_10s.mp4']) if (!existsSync(join(MEDIA, clip))) throw new Error(`benchmark clip not found: ${join(MEDIA, clip)}`);
  await run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], { maxBuffer: 64 * 2 ** 20 });
  dataDir = await mkdtemp(join(tmpdir(), 'codeclab-sampled-bench-'));
}, 600_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

type Standing = Campaign & { summary: CampaignSummary };
interface Outcome {
  readonly campaign: Standing;
  readonly experiments: Experiment[];
  readonly wallSeconds: number;
}

async function campaign(lab: RunningLab, source: Source, sampling: 'off' | 'auto'): Promise<Outcome> {
  const started = performance.now();
  const created = await postJson<Campaign>(`${lab.orchestrator}/v1/campaigns`, {
    source: { kind: 'file', path: source.file },
    objective: { targetBitrateMbps: source.targetBitrateMbps },
    maxExperiments: BUDGET,
    sampling: { mode: sampling },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id;
  const done = await waitFor(`campaign ${id}`, 60 * 60_000, async () => {
    const { body } = await getJson<Standing>(`${lab.orchestrator}/v1/campaigns/${id}`);
    return ['queued', 'running'].includes(body.status) ? undefined : body;
  });
  expect(done.status, done.stopReason).toBe('succeeded');
  const { body } = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${id}/experiments`);
  return { campaign: done, experiments: body.items, wallSeconds: (performance.now() - started) / 1000 };
}

/** One campaign in a lab of its own (its own store: an empty memory), on a copy of the source in its media folder. */
async function inFreshLab(source: Source, made: string, sampling: 'off' | 'auto'): Promise<Outcome> {
  const labDir = join(dataDir, `${source.file.replace('.mkv', '')}-${sampling}`);
  await mkdir(join(labDir, 'media'), { recursive: true });
  await copyFile(made, join(labDir, 'media', source.file));
  const lab = await startLab(labDir, { LOG_LEVEL: 'warn' });
  try {
    return await campaign(lab, source, sampling);
  } finally {
    await lab.stop();
  }
}

const encodeSeconds = (xs: readonly Experiment[]) => xs.reduce((a, e) => a + (e.result?.encodeSeconds ?? 0), 0);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
const db = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

it('sampled search against full-length search on long sources', { timeout: 4 * 60 * 60_000 }, async () => {
  const searchRows: string[][] = [];
  const predictionRows: string[][] = [];
  console.log(`machine: ${machine()}; load ${load()} at start; ${BUDGET} experiments per campaign`);
  for (const source of SOURCES) {
    const made = join(dataDir, source.file);
    await run('ffmpeg', ['-v', 'error', '-y', ...source.make(made)], { maxBuffer: 16 * 2 ** 20 });
    const full = await inFreshLab(source, made, 'off');
    const sampled = await inFreshLab(source, made, 'auto');
    expect(full.campaign.sampling).toBeUndefined();
    expect(sampled.campaign.sampling, 'the source should be long enough to sample').toBeDefined();
    const answer = (o: Outcome) => o.campaign.summary.best ?? o.campaign.summary.closest;
    const [a, b] = [answer(full), answer(sampled)];
    for (const [name, o] of [['full-length', full], ['sampled', sampled]] as const) {
      const best = answer(o);
      const probes = o.experiments.filter((e) => e.probe).length;
      searchRows.push([
        source.name,
        name,
        String(o.experiments.length),
        String(probes),
        encodeSeconds(o.experiments).toFixed(1),
        o.wallSeconds.toFixed(0),
        best ? `${best.label.replace(/ \(.*\)$/, '')}` : 'none',
        best ? (best.bitrateBps / 1e6).toFixed(4) : '-',
        best ? best.psnr.toFixed(2) : '-',
        o.campaign.summary.metObjective ? 'yes' : 'no',
      ]);
    }
    searchRows.push([
      source.name,
      'sampled / full',
      '',
      '',
      `${(encodeSeconds(sampled.experiments) / encodeSeconds(full.experiments)).toFixed(3)}x`,
      `${(sampled.wallSeconds / full.wallSeconds).toFixed(3)}x`,
      a && b ? `regret ${(a.psnr - b.psnr).toFixed(2)} dB` : '',
      '',
      '',
      '',
    ]);
    const byHash = new Map(sampled.experiments.filter((e) => e.probe && e.result).map((e) => [e.configHash, e]));
    const pairs = sampled.experiments.filter((x) => !x.probe && x.result && byHash.has(x.configHash));
    // The baseline's pair (experiments 1 and 2) read both ways: as a ratio and as an excess, each
    // applied to every later probe of the same campaign, beside what the campaign itself predicted.
    const [calibration] = pairs;
    const calibrationProbe = calibration ? byHash.get(calibration.configHash)!.result!.bitrateBps : undefined;
    for (const e of pairs) {
      const probe = byHash.get(e.configHash)!.result!;
      const full = e.result!.bitrateBps;
      const predicted = e.proposal.prediction;
      const viaRatio = calibration && calibrationProbe ? (probe.bitrateBps * calibration.result!.bitrateBps) / calibrationProbe : undefined;
      const viaExcess = calibration && calibrationProbe ? probe.bitrateBps - (calibrationProbe - calibration.result!.bitrateBps) : undefined;
      const later = e !== calibration;
      predictionRows.push([
        source.name,
        `#${e.seq} ${e.proposal.origin}`,
        describeConfig(e.config),
        (full / 1e6).toFixed(4),
        pct(probe.bitrateBps / full - 1),
        later && viaRatio ? pct(viaRatio / full - 1) : '-',
        later && viaExcess ? pct(viaExcess / full - 1) : '-',
        predicted ? pct(predicted.bitrateBps / full - 1) : '-',
        e.result!.psnr.avg.toFixed(2),
        db(probe.psnr.avg - e.result!.psnr.avg),
        predicted && predicted.quality.metric === 'psnr' ? db(predicted.quality.value - e.result!.psnr.avg) : '-',
      ]);
    }
  }
  console.log(`\nSearch: encode-seconds are the runner's encode time summed over the campaign's experiments; wall is the campaign's start to finish.\n`);
  console.log(table(['source', 'search', 'experiments', 'probes', 'encode s', 'wall s', 'answer', 'Mbps', 'PSNR dB', 'met'], searchRows));
  console.log(
    `\nProbe figures against the full encode of the same config: raw, the probe's own; by ratio and by excess, the probe corrected with the baseline's pair read as a ratio or as an excess of bits; predicted, what the campaign predicted for the full encode:\n`,
  );
  console.log(table(['source', 'full encode', 'config', 'full Mbps', 'raw', 'by ratio', 'by excess', 'predicted', 'full PSNR', 'raw PSNR dB', 'predicted PSNR dB'], predictionRows));
  console.log(`\nload ${load()} at end`);
  expect(searchRows.length).toBe(SOURCES.length * 3);
});
