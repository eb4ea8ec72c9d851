import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerOffer, type CampaignContext } from '@codec-lab/domain';
import { budgetObjective, vmafScore } from '@codec-lab/domain/testing';
import { campaign, llmAnswer, llmBackend, OFFER } from './support/campaign.ts';
import { expectRunnable } from './support/expect-runnable.ts';
import { completion, startFakeOpenAi, type FakeOpenAi } from './support/fake-openai.ts';

// Quality as the model is told it, through the real `openai` client and a local OpenAI-compatible
// server: a VMAF campaign's prompts name VMAF with its model, scale and pooled figures; where VMAF
// was not measured no prompt shows it, and an analysis that quotes one anyway is sent back.

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

/** The llm campaign of the other tests, in VMAF (vmaf_v0.6.1neg) on runners that measure it, each result scored. */
function vmafCampaign(): CampaignContext {
  const base = campaign();
  const offer = runnerOffer(
    { encoders: OFFER.encoders.map((e) => e.name), pixelFormats: Object.fromEntries(OFFER.encoders.map((e) => [e.name, e.pixelFormats])), vmafModels: ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'], ffmpegVersion: '5.1', meterFfmpegVersion: '7.0.2', gpuName: '' },
    2,
  );
  const history = base.history.map((entry, i) =>
    entry.result ? { ...entry, result: { ...entry.result, vmaf: vmafScore(i === 0 ? 96.5 : 91.25, { model: 'vmaf_v0.6.1neg', harmonicMean: 90.5, low1Percent: 82, low5Percent: 86, min: 80 }) } } : entry,
  );
  return { ...base, objective: budgetObjective(0.2, 'vmaf', { minQuality: 90 }), offer, history, vmaf: { model: 'vmaf_v0.6.1neg', subsample: 1 } };
}

const analysis = (summary: string) => JSON.stringify({ summary, rootCause: 'Coarser quantisation.', insights: ['About 6 CRF halves the rate.'], nextStep: 'Try CRF 30.' });
const prompt = (request: number) => fake.received[request]!.body.messages.map((m) => m.content).join('\n');

describe('a VMAF campaign in the prompts', () => {
  it('proposes with the metric, its model and scale, the VMAF column and the measuring ffmpeg named', async () => {
    const context = vmafCampaign();
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(llmAnswer()));
    expect(expectRunnable(await backend.propose(context, new Map()), context).origin).toBe('llm');
    const text = prompt(0);
    expect(text).toContain('- Quality metric: VMAF (vmaf_v0.6.1neg, every frame scored; 0 to 100, higher is better).');
    expect(text).toContain('The result must reach at least 90 in it.');
    expect(text).toContain('- VMAF: measured by ffmpeg 7.0.2 with libvmaf (models vmaf_v0.6.1, vmaf_v0.6.1neg); this campaign scores with vmaf_v0.6.1neg.');
    expect(text).toContain('| seq | origin | config | Mbps | PSNR dB | SSIM | VMAF vmaf_v0.6.1neg | VMAF 1% low | fps | vs target | objective | status |');
    expect(text).toContain('| 2 | llm | libx264 medium crf 28 | 0.230 | 37.20 | 0.9800 | 91.25 | 82.00 | 300.0 | +15.0% | misses | succeeded |');
    expect(text).toContain('Pareto front\nBitrate vs VMAF (vmaf_v0.6.1neg, 0 to 100, higher is better); no other experiment is both cheaper and better:');
    expect(text).toContain('experiment 2 (libx264 medium crf 28): 0.230 Mbps, VMAF 91.25 (vmaf_v0.6.1neg), 300.0 fps (+15.0% vs the 0.200 Mbps budget), misses the objective');
    expect(text).toContain('never\n  present a PSNR or SSIM figure as VMAF');
  });

  it('analyses with every pooled VMAF figure of the experiment', async () => {
    const context = vmafCampaign();
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(analysis('CRF 28 cut the bitrate by 42.5% for 5.25 VMAF (vmaf_v0.6.1neg).')));
    expect(await backend.analyze(context, 2)).toMatchObject({ origin: 'llm', summary: 'CRF 28 cut the bitrate by 42.5% for 5.25 VMAF (vmaf_v0.6.1neg).' });
    expect(prompt(0)).toContain('VMAF 91.25 (vmaf_v0.6.1neg, libvmaf 2.3.0; harmonic mean 90.50, 1% low 82.00, 5% low 86.00, min 80.00; 30 frames scored).');
  });
});

describe('a campaign without VMAF measured', () => {
  it('shows no VMAF figure, and sends back an analysis that quotes one, taking the repaired answer', async () => {
    const context = campaign();
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(analysis('CRF 28 cut the bitrate by 42.5% and VMAF 88.4.')), completion(analysis('CRF 28 cut the bitrate by 42.5% for -2.9 dB PSNR.')));
    expect(await backend.analyze(context, 2)).toMatchObject({ origin: 'llm', summary: 'CRF 28 cut the bitrate by 42.5% for -2.9 dB PSNR.' });
    expect(prompt(0)).toContain('- Quality metric: PSNR (dB, higher is better).');
    expect(prompt(0)).toContain('VMAF not measured (');
    expect(fake.received[1]!.body.messages.at(-1)!.content).toContain('- summary: quotes a VMAF figure ("VMAF 88.4"), but VMAF was not measured for any experiment of this campaign');
  });
});
