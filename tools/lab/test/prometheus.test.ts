import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '@codec-lab/domain';
import { met, prometheus as prometheusInstalled, PROMETHEUS_PATH as PROMETHEUS, PROMTOOL_PATH as PROMTOOL, skipEachUnless } from '@codec-lab/testing';
import { getJson, postJson, startLab, waitFor, type RunningLab } from './lab-process.ts';

// Debian's Prometheus (package `prometheus`, which brings promtool) scrapes the running lab while
// a campaign runs; then every PromQL expression of the Grafana dashboard must return data, and
// the k8s monitoring config and rules must pass promtool.

const monitoring = fileURLToPath(new URL('../../../k8s/monitoring/', import.meta.url));
// Long enough (several 1 s scrapes) for the per-campaign gauges, which exist only while the
// campaign runs, to be scraped at all: a 1 s campaign could finish between two scrapes.
const CAMPAIGN = {
  source: { kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 4 },
  objective: { targetBitrateMbps: 0.15, metric: 'psnr' },
  maxExperiments: 3,
};
/** A quality-target campaign beside it, so the panels that draw a quality target have one. */
const TARGET_CAMPAIGN = { ...CAMPAIGN, objective: { kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 30 } };

interface Target { expr: string; refId: string }
interface Panel { title: string; targets?: Target[]; panels?: Panel[] }
interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; current?: { value?: string } }[] };
}
interface QueryAnswer { status: string; error?: string; data?: { resultType: string; result: unknown[] } }

const dashboard = JSON.parse(readFileSync(join(monitoring, 'grafana-dashboard-codec-lab.json'), 'utf8')) as Dashboard;

/**
 * Grafana's built-in interval variables as a 1 s scrape gives them; `$__rate_interval` is kept at
 * 1m so that the per-campaign gauges (removed when the campaign ends) still have samples in the
 * window when the queries run, seconds after the campaign finished.
 */
const BUILT_IN: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '1h' };

function concrete(expr: string): string {
  const values: Record<string, string> = { ...BUILT_IN };
  for (const v of dashboard.templating.list) if (v.type !== 'datasource' && v.current?.value) values[v.name] = v.current.value;
  const out = expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => values[(braced ?? bare)!] ?? whole);
  expect(out, `every variable of "${expr}" has a value`).not.toContain('$');
  return out;
}

function panelTargets(panels: Panel[]): { panel: string; refId: string; expr: string }[] {
  return panels.flatMap((p) => [...(p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr })), ...panelTargets(p.panels ?? [])]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function promtool(...args: string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(PROMTOOL, args, { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

const needs = prometheusInstalled();

describe('Prometheus scraping the lab, and the Grafana dashboard', () => {
  skipEachUnless(needs);
  let workDir: string;
  let lab: RunningLab | undefined;
  let prometheus: ChildProcess | undefined;
  let promUrl: string;
  let promOutput = '';

  const query = async (expr: string): Promise<QueryAnswer> =>
    (await getJson<QueryAnswer>(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)).body;

  beforeAll(async () => {
    if (!met(needs)) return;
    workDir = mkdtempSync(join(tmpdir(), 'codeclab-prometheus-'));
    lab = await startLab(join(workDir, 'lab'));
    const jobs = Object.entries(lab.metrics).map(([service, url]) => {
      const { host, pathname } = new URL(url);
      return `  - job_name: ${service}\n    metrics_path: ${pathname}\n    static_configs:\n      - targets: ['${host}']\n`;
    });
    const config = join(workDir, 'prometheus.yml');
    writeFileSync(
      config,
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${join(monitoring, 'rules.yml')}\nscrape_configs:\n${jobs.join('')}`,
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${join(workDir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prometheus.stdout?.on('data', (chunk) => (promOutput += chunk));
    prometheus.stderr?.on('data', (chunk) => (promOutput += chunk));
    await waitFor(`Prometheus ready\n${promOutput}`, 20_000, async () => ((await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined));
    await waitFor('every lab target up', 15_000, async () => {
      const up = await query('up');
      const values = (up.data?.result ?? []) as { value: [number, string] }[];
      return values.length === Object.keys(lab!.metrics).length && values.every((r) => r.value[1] === '1') ? true : undefined;
    });

    for (const campaign of [CAMPAIGN, TARGET_CAMPAIGN]) {
      const created = await postJson<Campaign>(`${lab.orchestrator}/v1/campaigns`, campaign);
      expect(created.status).toBe(201);
      const done = await waitFor('the campaign to finish', 60_000, async () => {
        const { body } = await getJson<Campaign>(`${lab!.orchestrator}/v1/campaigns/${created.body.id}`);
        return body.status === 'running' || body.status === 'queued' ? undefined : body;
      });
      expect(done.status).toBe('succeeded');
    }
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (lab && lab.process.exitCode === null) await lab.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('returns data for every PromQL expression of the dashboard', async () => {
    const targets = panelTargets(dashboard.panels).map((t) => ({ ...t, expr: concrete(t.expr) }));
    expect(targets.length).toBeGreaterThanOrEqual(10);
    // The last experiment's samples reach Prometheus on the next scrape, and increase() needs two.
    const deadline = Date.now() + 20_000;
    let empty: typeof targets;
    for (;;) {
      const answers = await Promise.all(targets.map(async (t) => ({ ...t, answer: await query(t.expr) })));
      for (const a of answers) expect(a.answer.status, `${a.panel} ${a.refId}: ${a.expr} ${a.answer.error ?? ''}`).toBe('success');
      if (process.env['DEBUG_PROMQL']) for (const a of answers) console.log(a.expr, JSON.stringify(a.answer.data?.result));
      empty = answers.filter((a) => !a.answer.data?.result.length);
      if (empty.length === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(empty.map((t) => `${t.panel} ${t.refId}: ${t.expr}`)).toEqual([]);
  });

  it('evaluates the recording rules of k8s/monitoring/rules.yml against the lab', async () => {
    const answer = await waitFor('recorded experiments', 15_000, async () => {
      const a = await query('status:codeclab_experiments:increase1h');
      return a.data?.result.length ? a : undefined;
    });
    expect(answer.status).toBe('success');
    const rules = await getJson<{ data: { groups: { rules: { health: string; name: string; lastError?: string }[] }[] } }>(`${promUrl}/api/v1/rules`);
    const unhealthy = rules.body.data.groups.flatMap((g) => g.rules).filter((r) => r.health !== 'ok' && r.health !== 'unknown');
    expect(unhealthy.map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });

  it('passes promtool: the k8s scrape config and the rules', () => {
    const config = promtool('check', 'config', join(monitoring, 'prometheus.yml'));
    expect(config.code, config.output).toBe(0);
    const rules = promtool('check', 'rules', join(monitoring, 'rules.yml'));
    expect(rules.code, rules.output).toBe(0);
  });
});
