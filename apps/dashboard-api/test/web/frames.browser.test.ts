import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, Experiment } from '@codec-lab/domain';
import { chromium as chromiumInstalled, CHROMIUM_PATH, met, skipEachUnless } from '@codec-lab/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- start the real lab exactly as the lab's own tests do
import { getJson, postJson, startLab, waitFor, type RunningLab } from '../../../../tools/lab/test/lab-process.ts';
import type { Frames } from '../../src/frame-responses.ts';
import { buildWeb } from '../../web/build.ts';

// The frames page in a real browser against the real lab: a tiny campaign runs, and its first
// experiment is looked at frame by frame, with a second one of the campaign overlaid. Which frames
// are worst, and how many experiments the planner runs, depend on this machine's encoder: the page
// is compared with what the API answers, never with numbers fixed here.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const screenshots = join(root, 'test-results', 'screenshots');
const needs = chromiumInstalled();
skipEachUnless(needs);

let dataDir: string;
let lab: RunningLab;
let browser: Browser;
let page: Page;
let primary: Frames;
let other: Frames;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!met(needs)) return;
  await buildWeb();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'codeclab-frames-web-'));
  lab = await startLab(dataDir);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.route('**/*', (route) => (route.request().url().startsWith(lab.dashboard) ? route.continue() : route.abort()));
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

/** RenderStill calls the lab's agent-runner has handled. */
async function stillsRendered(): Promise<number> {
  const text = await (await fetch(lab.metrics['agent-runner']!)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('grpc_server_handled_total{') && line.includes('grpc_method="RenderStill"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const naturalWidth = (img: Locator) => img.evaluate((el) => (el as unknown as { complete: boolean; naturalWidth: number }).naturalWidth);

/** The values `worst` is ranked by, in its order. */
function rankedValues(frames: Frames): number[] {
  return frames.worst.map((w) => (frames.metric === 'vmaf' ? w.vmaf! : frames.metric === 'ssim' ? w.ssim : w.psnr));
}

describe('the frames page', () => {
  it('charts one point per frame, overlays a second experiment, and shows a worst frame as two stills', async () => {
    // A control arm always spends its budget, so the campaign measures at least two experiments.
    const created = await postJson<Campaign>(`${lab.orchestrator}/v1/campaigns`, {
      source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
      objective: { targetBitrateMbps: 0.06, metric: 'vmaf' },
      maxExperiments: 2,
      controlArm: true,
      seed: 7,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await waitFor('the campaign to finish', 150_000, async () => {
      const { body } = await getJson<Campaign>(`${lab.orchestrator}/v1/campaigns/${id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    });
    const { body: stored } = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${id}/experiments`);
    const measured = stored.items.filter((e) => e.status === 'succeeded').sort((a, b) => a.seq - b.seq);
    expect(measured.length).toBeGreaterThanOrEqual(2);
    const [first, second] = measured as [Experiment, Experiment];
    const frames = async (e: Experiment) => {
      const { status, body } = await getJson<Frames>(`${lab.dashboard}/v1/experiments/${e.id}/frames`);
      expect(status).toBe(200);
      return body;
    };
    [primary, other] = [await frames(first), await frames(second)];
    expect(primary.frames).toHaveLength(first.result!.frames);

    // The recent experiments list names VMAF with its model and links each measured one to its frames.
    await page.goto(`${lab.dashboard}/#/`);
    const row = page.locator(`[data-testid="experiment-row"][data-experiment-id="${first.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    const vmaf = first.result!.vmaf;
    expect(await row.getByTestId('vmaf').innerText()).toBe(vmaf.available ? `${vmaf.mean.toFixed(2)} ${vmaf.model}` : 'n/a');
    await row.getByTestId('frames-link').click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/experiments/${first.id}/frames`);

    // One point per compared frame in PSNR and SSIM, one per scored frame in VMAF.
    const chart = (metric: string) => page.getByTestId(`frame-chart-${metric}`);
    for (const metric of ['psnr', 'ssim'] as const) {
      await expect.poll(() => chart(metric).getAttribute('data-points'), { timeout: 15_000 }).toBe(String(primary.frames.length));
      expect(await chart(metric).getAttribute('data-series')).toBe(`#${first.seq}`);
      expect(await chartHasInk(chart(metric).locator('canvas').first())).toBe(true);
    }
    if (primary.vmaf) expect(await chart('vmaf').getAttribute('data-points')).toBe(String(primary.vmaf.frames.length));
    else expect(await page.getByTestId('no-vmaf').count()).toBe(1);

    // The worst frames, in the API's order, which is the series' lowest first.
    const rows = page.getByTestId('worst-frame');
    await expect.poll(() => rows.count()).toBe(primary.worst.length);
    const shownOrder = await rows.evaluateAll((els) => els.map((el) => Number((el as unknown as { dataset: { frame: string } }).dataset.frame)));
    expect(shownOrder).toEqual(primary.worst.map((w) => w.frame));
    const values = rankedValues(primary);
    expect([...values].sort((a, b) => a - b)).toEqual(values);

    // Overlay the second experiment: the same source, so the same frame numbers.
    await page.getByTestId('overlay-select').selectOption(second.id);
    await expect.poll(() => chart('psnr').getAttribute('data-series'), { timeout: 10_000 }).toBe(`#${first.seq}|#${second.seq}`);
    const union = new Set([...primary.frames, ...other.frames]);
    expect(await chart('psnr').getAttribute('data-points')).toBe(String(union.size));
    expect(await page.evaluate('location.hash')).toContain(`vs=${second.id}`);

    // A worst frame, clicked: source and artifact load side by side, with the frame's values.
    const worst = primary.worst[0]!;
    const before = await stillsRendered();
    await rows.first().getByTestId('worst-frame-button').click();
    await expect.poll(() => page.getByTestId('still-frame').innerText()).toBe(`Frame ${worst.frame}`);
    for (const which of ['still-source', 'still-artifact']) {
      await expect.poll(() => naturalWidth(page.getByTestId(which)), { timeout: 15_000 }).toBe(160);
    }
    const line = page.locator(`[data-testid="still-values"][data-seq="${first.seq}"]`);
    expect(await line.innerText()).toContain(`PSNR ${worst.psnr.toFixed(2)} dB · SSIM ${worst.ssim.toFixed(4)}`);
    expect(await page.locator(`[data-testid="still-values"][data-seq="${second.seq}"]`).count()).toBe(1);
    expect(await stillsRendered()).toBe(before + 1);
    await shot('frames-view');
    await page.getByTestId('still-section').screenshot({ path: join(screenshots, 'frames-still.png') });

    // A repeated view of the same frame (the page reloaded at it) never calls the runner again.
    await page.reload();
    await expect.poll(() => naturalWidth(page.getByTestId('still-artifact')), { timeout: 15_000 }).toBe(160);
    expect(await stillsRendered()).toBe(before + 1);

    // Clicking the chart picks the frame nearest the cursor: here the first (or last) compared frame.
    const target = worst.frame === primary.frames[0] ? primary.frames.at(-1)! : primary.frames[0]!;
    const over = chart('ssim').locator('.u-over');
    const box = (await over.boundingBox())!;
    const x = target === primary.frames[0] ? box.x + 2 : box.x + box.width - 2;
    await page.mouse.move(x, box.y + box.height / 2);
    await page.mouse.click(x, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('stills').getAttribute('data-frame'), { timeout: 10_000 }).toBe(String(target));
    await expect.poll(() => naturalWidth(page.getByTestId('still-source')), { timeout: 15_000 }).toBe(160);
    await shot('frames-picked');
  });

  it('ran without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** Whether a canvas has drawn coloured pixels (the series are blue and orange; axes and grid are grey). */
function chartHasInk(canvas: Locator): Promise<boolean> {
  return canvas.evaluate((el) => {
    const c = el as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && Math.abs(data[i]! - data[i + 2]!) > 60) coloured++;
    return coloured > 50;
  });
}
