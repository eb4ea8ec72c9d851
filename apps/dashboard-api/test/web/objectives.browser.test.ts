import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium as chromiumInstalled, met, skipEachUnless } from '@codec-lab/testing';
import { SCREENSHOTS, seededDashboard } from './seeded-page.ts';
import { PARETO, QUALITY_TARGET, seedObjectiveCampaigns } from '../objective-seed.ts';

// A quality-target campaign with constraints and a Pareto campaign on the dashboard page, in a real
// browser, over dashboard-api and dynalite seeded by hand (objective-seed.ts has the numbers): each
// states its objective in words and its answer in its own terms, every measured experiment says how
// far it is from the target and why it misses, a prediction stands beside its measurement, and the
// Pareto front is a table, a chart and a hypervolume with its reference corner.

const needs = chromiumInstalled();
skipEachUnless(needs);

const dashboard = seededDashboard('objectives-web', needs, seedObjectiveCampaigns);
let base: string;
let page: Page;
let pageErrors: string[] = [];
beforeAll(() => {
  if (met(needs)) ({ base, page, pageErrors } = dashboard.current());
});

const text = (testid: string) => page.getByTestId(testid).first().innerText();
const row = (seq: number) => page.getByTestId('leaderboard-section').locator(`[data-testid="leaderboard-row"][data-seq="${seq}"]`);

describe('a quality-target campaign on the dashboard page', () => {
  it('states the objective, answers with the smallest bitrate reaching it, and says why the others miss', async () => {
    await page.goto(`${base}/#/campaigns/${QUALITY_TARGET}`);
    await expect.poll(() => text('campaign-objective'), { timeout: 15_000 }).toBe('smallest bitrate with VMAF >= 90; encode >= 100 fps, encoders libx264 (VMAF model vmaf_v0.6.1neg)');
    expect(await text('campaign-answer')).toBe('smallest bitrate with VMAF >= 90: #2 libx264 medium crf 27: 0.120 Mbps, VMAF 91.00 (vmaf_v0.6.1neg), 38.00 dB, SSIM 0.9800');

    await expect.poll(() => page.getByTestId('leaderboard-row').count(), { timeout: 15_000 }).toBe(5);
    const order = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-seq')));
    expect(order).toEqual(['2', '1', '5', '3', '4']);
    expect(await row(2).getByTestId('target-distance').innerText()).toBe('+1.00 VMAF vs the 90 target');
    expect(await row(2).getByTestId('objective-verdict').innerText()).toBe('yes');
    expect(await row(3).getByTestId('objective-verdict').innerText()).toBe('no VMAF 88.00 is under the 90 target');
    expect(await row(4).getByTestId('objective-verdict').innerText()).toBe('no libx265 is not an allowed encoder');
    expect(await row(5).getByTestId('objective-verdict').innerText()).toBe('no encoded at 60.0 fps, under the 100 fps minimum');

    // The prediction beside the measurement; an experiment proposed without one shows none.
    const predicted = page.locator('[data-testid="reasoning-item"][data-seq="2"]').getByTestId('prediction');
    await expect.poll(() => predicted.count(), { timeout: 15_000 }).toBe(1);
    expect(await predicted.innerText()).toBe('Predicted: 0.125 Mbps ± 10.0%, VMAF 91.50 ± 0.80, encode 0.12 s; measured 0.120 Mbps, VMAF 91.00, encode 0.10 s.');
    expect(await page.locator('[data-testid="reasoning-item"][data-seq="3"]').getByTestId('prediction').count()).toBe(0);

    // There is no bitrate target to draw on the trend, and no front for this objective.
    await expect.poll(() => page.getByTestId('trend-chart').getAttribute('data-series'), { timeout: 15_000 }).toBe('analyst bitrate|analyst best so far');
    expect(await page.getByTestId('pareto-answer').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-quality-target.png'), fullPage: true });
  });
});

describe('a Pareto campaign on the dashboard page', () => {
  it('answers with the front as a table and a chart, and its hypervolume from the reference corner', async () => {
    await page.goto(`${base}/#/campaigns/${PARETO}`);
    await expect.poll(() => text('campaign-objective'), { timeout: 15_000 }).toBe('Pareto front of bitrate x PSNR x encode speed up to 0.3 Mbps');
    expect(await text('campaign-answer')).toBe('the Pareto front of 2 experiments (#2, #3), hypervolume 515.0');
    const answer = page.getByTestId('pareto-answer');
    await expect.poll(() => answer.getByTestId('pareto-point').count(), { timeout: 15_000 }).toBe(2);
    expect(await answer.getByTestId('pareto-point').allInnerTexts()).toEqual(['2\t0.200 Mbps\t37.00\t300.0 fps', '3\t0.250 Mbps\t38.00\t100.0 fps']);
    expect(await text('pareto-hypervolume')).toBe('Hypervolume 515.0 Mbps x dB x fps, measured from the reference corner 0.300 Mbps, PSNR 20.00, 0 fps.');
    const chart = answer.getByTestId('pareto-chart');
    expect(await chart.getAttribute('data-points')).toBe('2');
    expect(await chart.getAttribute('data-series')).toBe('Pareto front');
    const box = await chart.locator('canvas').first().boundingBox();
    expect(box!.width).toBeGreaterThan(300);

    // Over the front's upper end, the baseline misses the objective, and says by how much.
    await expect.poll(() => row(1).count(), { timeout: 15_000 }).toBe(1);
    expect(await row(1).getByTestId('target-distance').innerText()).toBe('+33.3% vs the 0.300 Mbps upper end');
    expect(await row(1).getByTestId('objective-verdict').innerText()).toBe('no +33.3% vs the 0.300 Mbps upper end');
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-pareto.png'), fullPage: true });
  });

  it('lists both campaigns with their objectives in words', async () => {
    await page.goto(`${base}/#/campaigns`);
    const objective = (id: string) => page.locator(`[data-testid="campaign-row"][data-campaign-id="${id}"]`).getByTestId('campaign-objective-text').innerText();
    await expect.poll(() => objective(QUALITY_TARGET), { timeout: 15_000 }).toBe('smallest bitrate with VMAF >= 90; encode >= 100 fps, encoders libx264');
    expect(await objective(PARETO)).toBe('Pareto front of bitrate x PSNR x encode speed up to 0.3 Mbps');
  });

  it('ran without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
