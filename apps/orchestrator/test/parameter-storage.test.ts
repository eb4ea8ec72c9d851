import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignSummary, Experiment } from '@codec-lab/domain';
import { PROCEDURAL_SCENES, writeSceneY4m } from '@codec-lab/procedural';
import { post, startOrchestratorStack, startRunnerProcess, waitFinished } from './support.ts';

// The parameter_storage strategy from the public REST API: a user's experiment on a procedural
// source (a file the scene renderer wrote), run by a real agent-runner process, stored in dynalite,
// and answered with what was fitted and what it cost; a bad config is a 400 naming the field.

let media: string;
let runner: Awaited<ReturnType<typeof startRunnerProcess>>;
let stack: Awaited<ReturnType<typeof startOrchestratorStack>>;

beforeAll(async () => {
  media = mkdtempSync(join(tmpdir(), 'codeclab-ps-rest-'));
  await writeSceneY4m(PROCEDURAL_SCENES['gradient-box']!({ width: 160, height: 90, frames: 30, fps: [30, 1] }), join(media, 'gradient-box.y4m'));
  runner = await startRunnerProcess({ MEDIA_ROOTS: media });
  stack = await startOrchestratorStack(runner.addr);
});

afterAll(async () => {
  await stack?.stop();
  runner?.stop();
  rmSync(media, { recursive: true, force: true });
});

const SOURCE = { kind: 'file', path: 'gradient-box.y4m' } as const;
const objective = { kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 40 } as const;

describe('POST /v1/experiments with a parameter_storage config', () => {
  it('fits, stores and measures the source, and the campaign answers with the description and its bytes', async () => {
    const created = await post(`${stack.base}/v1/experiments`, { source: SOURCE, config: { strategy: 'parameter_storage', effort: 1 }, objective });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await waitFinished(stack.base, created.body.id, 180_000)).status).toBe('succeeded');
    const { items } = (await (await fetch(`${stack.base}/v1/campaigns/${created.body.id}/experiments`)).json()) as { items: Experiment[] };
    const [experiment] = items;
    // The defaults are filled in and stored with the experiment.
    expect(experiment!.config).toEqual({
      strategy: 'parameter_storage',
      vocabulary: ['fill', 'linear', 'radial', 'sinusoids', 'shape', 'text'],
      effort: 1,
      quantization: { positionBits: 4, colorBits: 2, phaseBits: 12 },
      residual: { codec: 'none' },
    });
    const result = experiment!.result!;
    expect(result.mode).toBe('full');
    expect(result.bytes).toBeLessThan(2000);
    expect(result.psnr.avg).toBeGreaterThan(40);
    expect(result.parameterStorage?.layers.some((l) => l.startsWith('rect '))).toBe(true);
    expect(result.parameterStorage?.sceneBytes).toBeLessThanOrEqual(result.bytes);
    const campaign = (await (await fetch(`${stack.base}/v1/campaigns/${created.body.id}`)).json()) as Campaign & { summary: CampaignSummary };
    expect(campaign.summary.metObjective).toBe(true);
    expect(campaign.summary.best?.label).toMatch(/^parameter_storage fill,linear,radial,sinusoids,shape,text effort 1 q4\/2\/12$/);
  });

  it('refuses a config the fitter cannot run with a 400 naming the field, and creates nothing', async () => {
    const before = ((await (await fetch(`${stack.base}/v1/campaigns?limit=100`)).json()) as { items: Campaign[] }).items.length;
    for (const [config, issue] of [
      [{ strategy: 'parameter_storage', vocabulary: ['shape'] }, /config\.vocabulary: needs a background: fill, linear or radial/],
      [{ strategy: 'parameter_storage', residual: { codec: 'libx265', crf: 99 } }, /config\.residual\.crf: libx265 CRF must be between 0 and 51/],
      [{ strategy: 'parameter_storage', vocabulary: ['fractal'] }, /config\.vocabulary\.0/],
      [{ strategy: 'parameter_storage', effort: 9 }, /config\.effort/],
    ] as const) {
      const refused = await post(`${stack.base}/v1/experiments`, { source: SOURCE, config, objective });
      expect(refused.status, JSON.stringify(config)).toBe(400);
      expect(refused.body.error.issues.join('\n')).toMatch(issue);
    }
    expect(((await (await fetch(`${stack.base}/v1/campaigns?limit=100`)).json()) as { items: Campaign[] }).items).toHaveLength(before);
  });
});
