import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEASUREMENT_TERMS } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import type { Store } from '@codec-lab/store';
import { chromium as chromiumInstalled, met, skipEachUnless } from '@codec-lab/testing';
import { seededDashboard } from './seeded-page.ts';
import { campaign, experiment, type ExperimentSpec } from '../seed.ts';

// A campaign in VMAF on the dashboard page, in a real browser, over dashboard-api and dynalite
// seeded by hand (no encoding: the numbers are chosen, so the page can be checked against them).
// VMAF is named with its model wherever the campaign's quality is shown, and PSNR stays PSNR.

const V = 'abcdef00-0000-4000-8000-000000000001';
const P = 'abcdef00-0000-4000-8000-000000000002';
const AT = '2026-07-01T00:00:00.000Z';
const needs = chromiumInstalled();
skipEachUnless(needs);

/** Two campaigns with chosen numbers: one in VMAF (NEG model, every second frame), one in PSNR. */
async function seed(writer: Store): Promise<void> {
  await writer.campaigns.create(campaign(V, AT, { objective: budgetObjective(0.1, 'vmaf', { minQuality: 80 }), vmaf: { model: 'vmaf_v0.6.1neg', subsample: 2 } }));
  await writer.campaigns.create(campaign(P, '2026-06-01T00:00:00.000Z'));
  const specs: [string, ExperimentSpec][] = [
    [V, { seq: 1, origin: 'baseline', measured: [200_000, 40, 95] }],
    // 98 kbps has the higher PSNR, 95 kbps the higher VMAF: the VMAF campaign's best is #2.
    [V, { seq: 2, origin: 'planner', crf: 29, measured: [95_000, 37, 88] }],
    [V, { seq: 3, origin: 'planner', crf: 28, measured: [98_000, 38, 86] }],
    [P, { seq: 1, origin: 'baseline', measured: [90_000, 39] }],
  ];
  for (const [id, spec] of specs) await writer.experiments.insert(experiment(id, id === V ? AT : '2026-06-01T00:00:00.000Z', spec));
}

const dashboard = seededDashboard('vmaf-web', needs, seed);
let base: string;
let page: Page;
let pageErrors: string[] = [];
beforeAll(() => {
  if (met(needs)) ({ base, page, pageErrors } = dashboard.current());
});

const text = (testid: string) => page.getByTestId(testid).first().innerText();

describe('a VMAF campaign on the dashboard page', () => {
  it('states the objective, the answer and the chart in VMAF with its model, and names both ffmpeg builds', async () => {
    await page.goto(`${base}/#/campaigns/${V}`);
    await expect.poll(() => text('campaign-objective'), { timeout: 15_000 }).toBe('best VMAF within 0.1 Mbps (strictly at or under), at least 80 VMAF (VMAF model vmaf_v0.6.1neg)');
    await expect.poll(() => text('campaign-answer'), { timeout: 15_000 }).toBe('best VMAF within the budget: #2 libx264 medium crf 29: 0.095 Mbps, VMAF 88.00 (vmaf_v0.6.1neg), 37.00 dB, SSIM 0.9800');
    const scatter = page.getByTestId('scatter-chart');
    await expect.poll(() => scatter.getAttribute('data-metric'), { timeout: 15_000 }).toBe('VMAF (vmaf_v0.6.1neg)');
    expect(await scatter.getAttribute('data-points')).toBe('3');
    expect(await text('scatter-metric')).toBe(`Quality here is the campaign's metric, VMAF (vmaf_v0.6.1neg). ${MEASUREMENT_TERMS.vmaf}`);

    const leaderboard = page.getByTestId('leaderboard-section');
    await expect.poll(() => leaderboard.getByTestId('leaderboard-row').count(), { timeout: 15_000 }).toBe(3);
    expect(await leaderboard.locator('caption').innerText()).toContain('Ranked by the objective in VMAF (vmaf_v0.6.1neg)');
    expect(await leaderboard.getByTestId('leaderboard-vmaf').allInnerTexts()).toEqual(['88.00', '86.00', '95.00']);
    expect(await leaderboard.locator('th[title]').filter({ hasText: /^VMAF$/ }).getAttribute('title')).toBe(MEASUREMENT_TERMS.vmaf);
    expect(await leaderboard.getByTestId('versus-baseline').first().innerText()).toBe('-52.5% bitrate at -7.00 VMAF, -3.00 dB PSNR vs baseline');

    const second = page.locator('[data-testid="reasoning-item"][data-seq="2"]');
    await expect.poll(() => second.count(), { timeout: 15_000 }).toBe(1);
    expect(await second.innerText()).toContain('Measured: 0.095 Mbps, PSNR 37.00 dB (Y 37.00 dB), SSIM 0.9800, VMAF 88.00 (vmaf_v0.6.1neg; harmonic mean 87.50, 1% low 80.00)');
    expect(await second.getByTestId('ffmpeg-builds').innerText()).toBe('Measured by ffmpeg 7.0.2-static, encoded by ffmpeg 5.1.6-0+deb12u1.');
  });

  it('keeps a PSNR campaign in PSNR, and lists each campaign with its metric', async () => {
    await page.goto(`${base}/#/campaigns/${P}`);
    await expect.poll(() => text('campaign-answer'), { timeout: 15_000 }).toBe('best PSNR within the budget: #1 libx264 medium crf 23: 0.090 Mbps, 39.00 dB, SSIM 0.9800');
    expect(await text('campaign-objective')).toBe('best PSNR within 0.1 Mbps (strictly at or under)');
    await expect.poll(() => page.getByTestId('scatter-chart').getAttribute('data-metric'), { timeout: 15_000 }).toBe('PSNR');
    expect(await page.getByTestId('scatter-metric').count()).toBe(0);

    await page.goto(`${base}/#/campaigns`);
    const metric = (id: string) => page.locator(`[data-testid="campaign-row"][data-campaign-id="${id}"]`).getByTestId('campaign-metric').innerText();
    await expect.poll(() => metric(V), { timeout: 15_000 }).toBe('VMAF (vmaf_v0.6.1neg)');
    expect(await metric(P)).toBe('PSNR');
  });

  it('renders the VMAF post with its pooled figures and what they are', async () => {
    await page.goto(`${base}/#/blog/${V}-002`);
    await expect.poll(() => text('blog-title'), { timeout: 15_000 }).toBe('#2 libx264 medium crf 29: 0.095 Mbps at 37.00 dB PSNR, VMAF 88.00 (vmaf_v0.6.1neg)');
    const body = await text('blog-body');
    expect(body).toContain('VMAF: 88.00 mean with vmaf_v0.6.1neg (libvmaf 2.3.0) over 15 scored frames (1 in 2); harmonic mean 87.50, 1% low 80.00');
    expect(body).toContain(MEASUREMENT_TERMS.vmafHarmonicMean);
    expect(body).toContain('ffmpeg: measured by ffmpeg 7.0.2-static');
  });

  it('ran without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
