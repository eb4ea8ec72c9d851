import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium as chromiumInstalled, met, skipEachUnless } from '@codec-lab/testing';
import { SCREENSHOTS, seededDashboard } from './seeded-page.ts';
import { FRESH, KNOWLEDGE, OLDER, SAMPLED, seedSampledCampaigns } from '../sampled-seed.ts';

// What the lab knew and a sampled search on the dashboard page, in a real browser, over
// dashboard-api and dynalite seeded by hand (sampled-seed.ts has the numbers): a user sees the lab's
// memory and probe correction, which experiments were probes and that their figures are estimates,
// the final full encodes predicted against measured, and an older campaign exactly as before.

const needs = chromiumInstalled();
skipEachUnless(needs);

const dashboard = seededDashboard('sampled-web', needs, seedSampledCampaigns);
let base: string;
let page: Page;
let pageErrors: string[] = [];
beforeAll(() => {
  if (met(needs)) ({ base, page, pageErrors } = dashboard.current());
});

const text = (testid: string) => page.getByTestId(testid).first().innerText();
const row = (seq: number) => page.getByTestId('campaign-experiments').locator(`[data-testid="experiment-row"][data-seq="${seq}"]`);

describe('a sampled campaign on the dashboard page', () => {
  it('shows what the lab knew: the records read, the similar sources, the probe correction and the priors', async () => {
    await page.goto(`${base}/#/campaigns/${SAMPLED}`);
    await expect.poll(() => text('knowledge-records'), { timeout: 15_000 }).toBe('5 memory records read, 2 similar sources');
    expect(await text('knowledge-correction')).toBe('bitrate ×1.053 ± 4.0%, PSNR -0.50 ± 0.30 dB, from 3 probe/full pairs\nlearned from 3 probe/full pair(s) of 2 similar remembered source(s)');
    expect(await text('knowledge-priors')).toBe(`2 tracks against libx264 medium crf 28; ${KNOWLEDGE.priors.provenance}`);
    // Most similar first, each linking to the campaign that measured it.
    const similar = page.getByTestId('similar-row');
    expect(await similar.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-campaign-id')))).toEqual([OLDER, KNOWLEDGE.similar[0]!.campaignId]);
    expect(await similar.first().getByTestId('similarity').innerText()).toBe('0.91');
    expect(await similar.first().getByTestId('similar-finding').innerText()).toBe(KNOWLEDGE.similar[1]!.finding);
    const link = similar.first().getByTestId('similar-link');
    expect(await link.innerText()).toBe('clips/park-joy.y4m');
    expect(await link.getAttribute('href')).toBe(`#/campaigns/${OLDER}`);
  });

  it('shows the sampled search: segments, probes, encode time and the finals predicted against measured', async () => {
    await page.goto(`${base}/#/campaigns/${SAMPLED}`);
    await expect.poll(() => text('sampled-segments'), { timeout: 15_000 }).toBe('4 × 2 s starting at 6 s, 21 s, 36 s, 51 s');
    expect(await text('sampled-probes')).toBe('3 of 5 experiments (#2, #3, #4) ran on the segments: their figures are estimates of the whole source, never the answer');
    expect(await text('sampled-seconds')).toBe('2.25 s on probes, 11.2 s in full');
    const final = page.locator('[data-testid="final-row"][data-seq="5"]');
    expect(await page.getByTestId('final-row').count()).toBe(1);
    expect(await final.getByTestId('final-predicted-bitrate').innerText()).toBe('≈ 1.480 Mbps');
    expect(await final.getByTestId('final-measured-bitrate').innerText()).toBe('1.450 Mbps');
    expect(await final.getByTestId('final-bitrate-error').innerText()).toBe('-2.0%');
    expect(await final.getByTestId('final-predicted-quality').innerText()).toBe('≈ 38.00 dB');
    expect(await final.getByTestId('final-measured-quality').innerText()).toBe('38.10 dB');
    expect(await final.getByTestId('final-quality-error').innerText()).toBe('+0.10 dB');
    expect(await final.locator('td').nth(2).innerText()).toBe('#3');
    // The answer is the final full encode, never the probe of the same config.
    expect(await text('campaign-answer')).toBe('best PSNR within the budget: #5 libx264 medium crf 27: 1.450 Mbps, 38.10 dB, SSIM 0.9800');
  });

  it('marks probes with a badge and their figures as estimates, and the final with its origin', async () => {
    await page.goto(`${base}/#/campaigns/${SAMPLED}`);
    const rows = page.getByTestId('campaign-experiments').getByTestId('experiment-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(5);
    expect(await page.locator('[data-testid="experiment-row"][data-probe="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-seq')))).toEqual(['2', '3', '4']);
    for (const seq of [2, 3, 4]) expect(await row(seq).getByTestId('probe-badge').innerText()).toBe('probe');
    expect(await row(3).getByTestId('mbps').innerText()).toBe('≈ 1.400 Mbps');
    expect(await row(3).getByTestId('psnr').innerText()).toBe('≈ 38.50 dB');
    expect(await row(3).getByTestId('mbps').getAttribute('class')).toBe('estimate');
    expect(await row(3).getByTestId('mbps').getAttribute('title')).toBe('estimate from 4 sampled segments of 2 s, not a measurement of the whole source');
    for (const seq of [1, 5]) expect(await row(seq).getByTestId('probe-badge').count()).toBe(0);
    expect(await row(5).getByTestId('mbps').innerText()).toBe('1.450 Mbps');
    expect(await row(5).locator('.badge-final').innerText()).toBe('final');
    // The leaderboard ranks the full encodes first and marks the probes the same way.
    const board = page.getByTestId('leaderboard-section');
    await expect.poll(() => board.getByTestId('leaderboard-row').count(), { timeout: 15_000 }).toBe(5);
    expect(await board.locator('[data-testid="leaderboard-row"][data-probe="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-seq')))).toEqual(['3', '4', '2']);
    expect(await board.locator('[data-testid="leaderboard-row"][data-seq="3"]').getByTestId('probe-badge').innerText()).toBe('probe');
    expect(await board.locator('[data-testid="leaderboard-row"][data-seq="3"] .estimate').first().innerText()).toBe('≈ 1.400 Mbps');
    expect(await board.locator('[data-testid="leaderboard-row"][data-seq="3"]').getByTestId('versus-baseline').innerText()).toBe("-26.3% bitrate at -2.00 dB PSNR vs the baseline's probe");
    const reasoning = page.locator('[data-testid="reasoning-item"][data-seq="3"]');
    expect(await reasoning.innerText()).toContain('Estimated on 4 sampled segments of 2 s (a probe, not the whole source): ≈ 1.400 Mbps, PSNR 38.50 dB');
  });

  it('draws probes as their own series in both charts, never as measured full encodes', async () => {
    await page.goto(`${base}/#/campaigns/${SAMPLED}`);
    const scatter = page.getByTestId('scatter-chart');
    await expect.poll(() => scatter.getAttribute('data-series'), { timeout: 15_000 }).toBe('analyst|probe (estimate)|Pareto front');
    expect(await scatter.getAttribute('data-points')).toBe('5');
    expect(await scatter.locator('.u-legend').innerText()).toContain('probe (estimate)');
    expect(await text('scatter-probes')).toBe('Probes (hollow grey points) are estimates from the sampled segments, not measured full encodes; the Pareto front joins full encodes only.');
    const trend = page.getByTestId('trend-chart');
    expect((await trend.getAttribute('data-series'))!.split('|')).toEqual(['analyst bitrate', 'analyst best so far', 'probe bitrate (estimate)', 'target']);
    await page.getByTestId('final-row').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-sampled.png'), fullPage: true });
  });

  it('says a fresh lab started on the default priors', async () => {
    await page.goto(`${base}/#/campaigns/${FRESH}`);
    await expect.poll(() => text('knowledge-fresh'), { timeout: 15_000 }).toBe('A fresh lab: default priors. Nothing remembered resembles this source.');
    expect(await text('knowledge-records')).toBe('0 memory records read');
    expect(await text('knowledge-correction')).toContain('bitrate ×1.000 ± 12.0%, PSNR +0.00 ± 0.40 dB, no probe/full pair measured: the default');
    expect(await page.getByTestId('similar-table').count()).toBe(0);
    expect(await page.getByTestId('sampled-section').count()).toBe(0);
  });

  it('renders a campaign without knowledge as before, reached from the similar source it is', async () => {
    await page.goto(`${base}/#/campaigns/${SAMPLED}`);
    await page.getByTestId('similar-link').first().click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/campaigns/${OLDER}`);
    await expect.poll(() => text('campaign-answer'), { timeout: 15_000 }).toBe('best PSNR within the budget: #2 libx264 medium crf 29: 0.095 Mbps, 37.00 dB, SSIM 0.9800');
    await expect.poll(() => page.getByTestId('scatter-chart').getAttribute('data-series'), { timeout: 15_000 }).toBe('analyst|Pareto front');
    expect(await page.getByTestId('campaign-experiments').getByTestId('experiment-row').count()).toBe(2);
    for (const testid of ['knowledge-section', 'sampled-section', 'probe-badge', 'scatter-probes']) expect(await page.getByTestId(testid).count(), testid).toBe(0);
    expect(await row(2).getByTestId('mbps').innerText()).toBe('0.095 Mbps');
    expect(await page.locator('.estimate').count()).toBe(0);
  });

  it('tells a probe post as a probe, on its segments, and a final post with its prediction', async () => {
    await page.goto(`${base}/#/blog/${SAMPLED}-003`);
    await expect.poll(() => text('blog-title'), { timeout: 15_000 }).toBe('#3 libx264 medium crf 27 (probe): ≈1.400 Mbps at ≈38.50 dB PSNR');
    expect(await text('blog-body')).toContain('A probe: measured on 4 sampled segments of 2 s, starting at 6 s, 21 s, 36 s, 51 s, not the whole source.');
    await page.goto(`${base}/#/blog/${SAMPLED}-005`);
    await expect.poll(() => text('blog-title'), { timeout: 15_000 }).toBe('#5 libx264 medium crf 27: 1.450 Mbps at 38.10 dB PSNR');
    const body = await text('blog-body');
    expect(body).toContain('Predicted and measured');
    expect(body).toContain('Error: bitrate -2.0%, PSNR +0.10 dB (measured against predicted)');
  });

  it('ran without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
