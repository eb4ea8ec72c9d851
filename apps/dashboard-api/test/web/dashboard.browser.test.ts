import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConfig, encoderLabel, type Arm, type Campaign, type Experiment } from '@codec-lab/domain';
import { chromium as chromiumInstalled, CHROMIUM_PATH, met, skipEachUnless } from '@codec-lab/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- start the real lab exactly as the lab's own tests do
import { getJson, postJson, startLab, waitFor, type RunningLab } from '../../../../tools/lab/test/lab-process.ts';
import type { ExperimentPage } from '../../src/responses.ts';
import { buildWeb } from '../../web/build.ts';

// The dashboard page in a real browser, against the real lab running a real campaign with a control
// arm: the numbers on the page are the stored ones, the charts draw, the page updates while the
// campaign runs, and posts render. How many experiments the campaign runs is the planner's call
// from what it measures (it stops early once the objective is met), so the page is compared with
// what the API returns, never with a count fixed here.

const BUDGET = 3;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const screenshots = join(root, 'test-results', 'screenshots');
const needs = chromiumInstalled();
skipEachUnless(needs);

let dataDir: string;
let lab: RunningLab;
let browser: Browser;
let page: Page;
let campaignId: string;
const pageErrors: string[] = [];
let notModified = 0;

beforeAll(async () => {
  if (!met(needs)) return;
  await buildWeb(); // the integration globalSetup bundles the services; the page is built here
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'codeclab-web-'));
  lab = await startLab(dataDir);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('response', (response) => {
    if (response.status() === 304 && response.url().includes('/v1/')) notModified++;
  });
  // Nothing may load from anywhere but the dashboard itself.
  await page.route('**/*', (route) => (route.request().url().startsWith(lab.dashboard) ? route.continue() : route.abort()));
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
const text = (testid: string) => page.getByTestId(testid).first().innerText();

describe('the dashboard page', () => {
  it('follows a running campaign live, with both arms, its charts and its numbers', async () => {
    const created = await postJson<Campaign>(`${lab.orchestrator}/v1/campaigns`, {
      source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
      objective: { targetBitrateMbps: 0.06, metric: 'psnr' },
      maxExperiments: BUDGET,
      controlArm: true,
      seed: 7,
    });
    expect(created.status).toBe(201);
    campaignId = created.body.id;

    // Open the campaign while it runs; the page must fill in by itself, without a reload.
    await page.goto(`${lab.dashboard}/#/campaigns/${campaignId}`);
    await page.evaluate('window.loadedOnce = true'); // gone if the page reloads
    const finished = await waitFor('the campaign to finish', 150_000, async () => {
      const { body } = await getJson<Campaign>(`${lab.orchestrator}/v1/campaigns/${campaignId}`);
      return ['succeeded', 'failed'].includes(body.status) ? body : undefined;
    });
    expect(finished.status).toBe('succeeded');
    // What the store holds, from the orchestrator (dashboard-api's short response cache may still
    // answer from just before the end).
    const { body: stored } = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${campaignId}/experiments`);
    const own = (arm: Arm) => stored.items.filter((e) => e.arm === arm);
    // The analyst arm holds the shared baseline and stops where the planner says, within the budget;
    // the seeded random arm always spends the rest of its budget (the baseline counts for it too).
    expect(own('analyst').length).toBeGreaterThanOrEqual(1);
    expect(own('analyst').length).toBeLessThanOrEqual(BUDGET);
    expect(own('random')).toHaveLength(BUDGET - 1);
    expect(stored.items).toHaveLength(own('analyst').length + own('random').length);

    const rows = page.getByTestId('campaign-experiments').getByTestId('experiment-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(stored.items.length);
    await expect.poll(() => page.getByTestId('campaign-status').innerText(), { timeout: 15_000 }).toBe('succeeded');
    const succeeded = stored.items.filter((e) => e.status === 'succeeded').length;
    const failed = stored.items.filter((e) => e.status === 'failed').length;
    await expect.poll(() => text('campaign-progress'), { timeout: 15_000 }).toBe(`${stored.items.length} experiments: ${succeeded} succeeded, ${failed} failed, 0 pending`);
    expect(await page.evaluate('window.loadedOnce')).toBe(true);
    // Polling an unchanged campaign asks with If-None-Match and gets 304s, not the whole body again.
    await expect.poll(() => notModified, { timeout: 10_000 }).toBeGreaterThan(0);

    // Both arms, as separate cards and as separate chart series.
    await expect.poll(() => page.getByTestId('arm-random').count()).toBe(1);
    for (const arm of ['analyst', 'random'] as const) {
      const ok = own(arm).filter((e) => e.status === 'succeeded').length;
      expect(await text(`arm-${arm}`)).toMatch(new RegExp(`Experiments\\s+${own(arm).length} \\(${ok} succeeded\\)`));
    }
    const trendPoints = async () => (await getJson<{ points: unknown[] }>(`${lab.dashboard}/v1/campaigns/${campaignId}/trend`)).body.points.length;
    await expect.poll(trendPoints, { timeout: 5_000 }).toBe(stored.items.length);
    const trend = page.getByTestId('trend-chart');
    await expect.poll(() => trend.getAttribute('data-points'), { timeout: 15_000 }).toBe(String(stored.items.length));
    expect((await trend.getAttribute('data-series'))!.split('|')).toEqual(['analyst bitrate', 'analyst best so far', 'random bitrate', 'random best so far', 'target']);
    expect(await trend.locator('.u-legend .u-series').count()).toBe(6); // x plus the five series
    const scatter = page.getByTestId('scatter-chart');
    expect((await scatter.getAttribute('data-series'))!.split('|').slice(0, 2)).toEqual(['analyst', 'random']);
    for (const chart of [trend, scatter]) {
      const box = await chart.locator('canvas').first().boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(150);
      expect(await chartHasInk(chart.locator('canvas').first())).toBe(true);
    }

    // The reasoning behind each proposal is on the page.
    const reasoning = page.getByTestId('reasoning-item');
    expect(await reasoning.count()).toBe(stored.items.length);
    for (const experiment of stored.items) {
      const item = page.locator(`[data-testid="reasoning-item"][data-seq="${experiment.seq}"]`);
      expect(await item.innerText()).toContain(experiment.proposal.hypothesis);
      if (experiment.analysis) expect(await item.innerText()).toContain(experiment.analysis.summary);
    }
    await assertLeaderboard();
    await shot('campaign');
  });

  it('shows the stored numbers in the recent experiments table', async () => {
    await page.goto(`${lab.dashboard}/#/`);
    const { body } = await getJson<ExperimentPage>(`${lab.dashboard}/v1/experiments?limit=50`);
    await expect.poll(() => page.getByTestId('experiment-row').count(), { timeout: 10_000 }).toBe(body.items.length);
    for (const experiment of body.items) {
      const row = page.locator(`[data-testid="experiment-row"][data-experiment-id="${experiment.id}"]`);
      expect(await row.getByTestId('mbps').innerText()).toBe(`${(experiment.result!.bitrateBps / 1e6).toFixed(3)} Mbps`);
      expect(await row.getByTestId('psnr').innerText()).toBe(`${experiment.result!.psnr.avg.toFixed(2)} dB`);
      expect(await row.getByTestId('ssim').innerText()).toBe(experiment.result!.ssim.all.toFixed(4));
      const cells = await row.locator('td').allInnerTexts();
      expect(cells).toContain(encoderLabel(experiment.config));
      // Every knob of the config, as describeConfig says it.
      expect(cells).toContain(describeConfig(experiment.config));
      expect(cells).toContain(experiment.proposal.origin);
      expect(cells).toContain(experiment.status);
    }
    // The campaign link leads to the campaign.
    await page.getByTestId('experiment-row').first().getByRole('link', { name: campaignId.slice(0, 8), exact: true }).click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/campaigns/${campaignId}`);
    await page.goto(`${lab.dashboard}/#/`);
    await page.getByTestId('experiment-row').first().waitFor();
    await shot('experiments');

    await page.goto(`${lab.dashboard}/#/campaigns`);
    await expect.poll(() => page.locator(`[data-testid="campaign-row"][data-campaign-id="${campaignId}"]`).count()).toBe(1);
    await shot('campaigns');
  });

  it('lists posts and renders one', async () => {
    const list = await fetch(`${lab.dashboard}/v1/blog?limit=50`);
    expect(list.status).toBe(200);
    await page.goto(`${lab.dashboard}/#/blog`);
    const { items } = (await list.json()) as { items: { id: string; title: string }[] };
    expect(items.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('blog-item').count()).toBe(items.length);
    await page.getByTestId('blog-link').first().click();
    const post = (await (await fetch(`${lab.dashboard}/v1/blog/${items[0]!.id}`)).json()) as { title: string; markdown: string };
    await expect.poll(() => page.getByTestId('blog-title').innerText()).toBe(post.title);
    const body = page.getByTestId('blog-body');
    expect((await body.innerText()).length).toBeGreaterThan(20);
    expect(await body.locator('script').count()).toBe(0);
    await shot('blog-post');
  });

  it('says when nothing met the objective, names the closest, and shows what the source is', async () => {
    // One explicit lossless experiment against a 1 kbps target: it cannot meet it.
    const created = await postJson<Campaign>(`${lab.orchestrator}/v1/experiments`, {
      source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
      config: { strategy: 'codec', encoder: 'libx264', preset: 'ultrafast', rateControl: { mode: 'crf', crf: 0 } },
      objective: { targetBitrateMbps: 0.001 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await waitFor('the experiment to finish', 60_000, async () => {
      const { body } = await getJson<Campaign>(`${lab.orchestrator}/v1/campaigns/${id}`);
      return body.status === 'succeeded' ? body : undefined;
    });
    const { body: stored } = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${id}/experiments`);
    await page.goto(`${lab.dashboard}/#/campaigns/${id}`);
    await expect.poll(() => text('campaign-answer'), { timeout: 15_000 }).toBe('none met the objective');
    expect(await text('campaign-closest')).toBe(`#1 libx264 ultrafast crf 0: ${(stored.items[0]!.result!.bitrateBps / 1e6).toFixed(3)} Mbps, ${stored.items[0]!.result!.psnr.avg.toFixed(2)} dB, SSIM ${stored.items[0]!.result!.ssim.all.toFixed(4)}`);
    expect(await text('campaign-described')).toBe('160x90, 30 fps, 30 frames, 1.000 s, yuv420p (8-bit, limited range), no audio');
    // Each measured column says what its number is.
    const psnrHeader = page.getByTestId('campaign-experiments').locator('th[title]').filter({ hasText: /^PSNR$/ });
    expect(await psnrHeader.getAttribute('title')).toContain("ffmpeg's average, the PSNR of the pixel-weighted mean squared error of Y, U and V over all frames");
    await shot('campaign-none-met');
  });

  it('ran without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** The leaderboard with its "vs baseline" labels, as the API ranks it. */
async function assertLeaderboard(): Promise<void> {
  const response = await fetch(`${lab.dashboard}/v1/campaigns/${campaignId}/leaderboard`);
  expect(response.status).toBe(200);
  const section = page.getByTestId('leaderboard-section');
  const board = (await response.json()) as { entries: { seq: number; versusBaseline: string }[] };
  await expect.poll(() => section.getByTestId('leaderboard-row').count()).toBe(board.entries.length);
  for (const entry of board.entries) {
    expect(await section.locator(`[data-testid="leaderboard-row"][data-seq="${entry.seq}"]`).getByTestId('versus-baseline').innerText()).toBe(entry.versusBaseline);
  }
}

/** Whether a canvas has drawn pixels (not only a blank plotting area). */
function chartHasInk(canvas: ReturnType<Page['locator']>): Promise<boolean> {
  return canvas.evaluate((el) => {
    // The test's tsconfig has no DOM types; this runs in the page.
    const c = el as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && Math.abs(data[i]! - data[i + 2]!) > 60) coloured++;
    return coloured > 50; // series are blue, orange and red; axes and grid are grey
  });
}
