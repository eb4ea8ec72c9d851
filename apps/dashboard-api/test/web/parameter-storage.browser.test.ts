import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { configHash, ParameterStorageConfigSchema, type Experiment, type ParameterStorageReport } from '@codec-lab/domain';
import type { Store } from '@codec-lab/store';
import { chromium as chromiumInstalled, met, skipEachUnless } from '@codec-lab/testing';
import { seededDashboard } from './seeded-page.ts';
import { campaign, experiment, result } from '../seed.ts';

// A parameter-storage experiment on the dashboard, in a real browser over dashboard-api and
// dynalite seeded by hand: the API serves what was fitted and where the bytes went, and the page
// shows it beside the measurement, labelled as the strategy it is (not as an encoder).

const C = 'abcdef00-0000-4000-8000-0000000000c1';
const AT = '2026-09-01T00:00:00.000Z';
const needs = chromiumInstalled();
skipEachUnless(needs);

const CONFIG = ParameterStorageConfigSchema.parse({ strategy: 'parameter_storage', residual: { codec: 'libx265', crf: 30 } });
const REPORT: ParameterStorageReport = {
  layers: ['linear gradient (0,0)→(160,45), 60/110/150 to 200/140/110 (still, 6 colour keyframes)', 'rect 24x18 at (80,41), 235/128/128 (4 position keyframes, steady colour)'],
  notFitted: ['1 region (over all frames) stood out from the background but was not a clean rect or ellipse'],
  sceneBytes: 212,
  residualBytes: 1_500,
  fitPsnrAvg: 47.25,
  fitSeconds: 3.4,
};

function storedExperiment(): Experiment {
  const base = experiment(C, AT, { seq: 2, origin: 'planner', measured: [14_000, 52.5] });
  return {
    ...base,
    config: CONFIG,
    configHash: configHash(CONFIG),
    proposal: { ...base.proposal, config: CONFIG },
    result: { ...result(14_000, 52.5), bytes: 1_750, parameterStorage: REPORT },
  };
}

async function seed(writer: Store): Promise<void> {
  await writer.campaigns.create(campaign(C, AT));
  await writer.experiments.insert(experiment(C, AT, { seq: 1, origin: 'baseline', measured: [90_000, 46] }));
  await writer.experiments.insert(storedExperiment());
}

const dashboard = seededDashboard('ps-web', needs, seed);
let base: string;
let page: Page;
let pageErrors: string[] = [];
beforeAll(() => {
  if (met(needs)) ({ base, page, pageErrors } = dashboard.current());
});

describe('a parameter-storage experiment on the dashboard', () => {
  it('is served by the API with its report', async () => {
    const { items } = (await (await fetch(`${base}/v1/experiments?campaignId=${C}`)).json()) as { items: (Experiment & { configLabel: string })[] };
    const stored = items.find((e) => e.seq === 2)!;
    expect(stored.config).toEqual(CONFIG);
    expect(stored.configLabel).toBe('parameter_storage fill,linear,radial,sinusoids,shape,text effort 2 q4/2/12 + libx265 crf 30');
    expect(stored.result?.parameterStorage).toEqual(REPORT);
  });

  it('shows the layers, what was not fitted and the byte split beside the measurement', async () => {
    await page.goto(`${base}/#/campaigns/${C}`);
    const item = page.locator('[data-testid="reasoning-item"][data-seq="2"]');
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    const stored = item.getByTestId('parameter-storage');
    expect(await stored.innerText()).toContain('Stored: scene description 212 bytes + residual video 1500 bytes; the description alone renders at PSNR 47.25 dB (fit in 3.4 s).');
    expect(await stored.getByTestId('parameter-storage-layers').locator('li').allInnerTexts()).toEqual(REPORT.layers);
    expect(await stored.innerText()).toContain(`Not fitted: ${REPORT.notFitted[0]}`);
    expect(await item.innerText()).toContain('Measured: 0.014 Mbps, PSNR 52.50 dB');
    // The codec baseline has no such block.
    expect(await page.locator('[data-testid="reasoning-item"][data-seq="1"]').getByTestId('parameter-storage').count()).toBe(0);
    const leaderboard = page.getByTestId('leaderboard-section');
    await expect.poll(() => leaderboard.getByTestId('leaderboard-row').count(), { timeout: 15_000 }).toBe(2);
    expect(await leaderboard.innerText()).toContain('parameter_storage fill,linear,radial,sinusoids,shape,text effort 2 q4/2/12 + libx265 crf 30');
    // The list filters on the strategy.
    const filtered = (await (await fetch(`${base}/v1/experiments?campaignId=${C}&strategy=parameter_storage`)).json()) as { items: Experiment[] };
    expect(filtered.items.map((e) => e.seq)).toEqual([2]);
    expect(pageErrors).toEqual([]);
  });
});
