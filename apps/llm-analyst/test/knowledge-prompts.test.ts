import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configHash, toHistoryEntry, type CampaignContext, type Experiment } from '@codec-lab/domain';
import { analyseExperiment, campaignProbeCorrection, plannerCandidates, predictConfig, predictedFull } from '@codec-lab/planner';
import { campaign, llmAnswer, llmBackend } from './support/campaign.ts';
import { expectRunnable } from './support/expect-runnable.ts';
import { completion, startFakeOpenAi, type FakeOpenAi } from './support/fake-openai.ts';
import { largestSampledCampaign, result, sampledCampaign } from './support/knowledge.ts';

// What the lab knows, as the model is told it, through the real `openai` client and a local
// OpenAI-compatible server whose answers are scripted: the planner's candidates with their
// predictions, the similar remembered sources and the priors learned from them, the probe
// correction and each probe beside its full-length estimate; a model's proposal stored with the
// planner's prediction for its config, and the analysis of its measurement checking both.

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

const userPrompt = (request: number) => fake.received[request]!.body.messages.find((m) => m.role === 'user')!.content;
const analysis = (summary: string) => JSON.stringify({ summary, rootCause: 'A slower preset at a lower CRF.', insights: [], nextStep: 'Run its final encode.' });
const section = (text: string, title: string) => text.split(`## ${title}\n`)[1]!.split('\n\n## ')[0]!;

describe('a campaign with lab knowledge in the prompts', () => {
  const context = sampledCampaign();

  it("proposes with the planner's candidates, the similar sources and their priors, and the probe correction", async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(llmAnswer({ preset: 'slow', crf: 25 })));
    expect(expectRunnable(await backend.propose(context, new Map()), context).origin).toBe('llm');
    const text = userPrompt(0);

    // (a) The planner's six most valuable tracks, each at its CRF with its predicted figures.
    const { candidates, considered } = plannerCandidates(context);
    expect(candidates).toHaveLength(6);
    const table = section(text, "The planner's candidates").split('\n');
    expect(table[0]).toBe(`Predictions of the planner's models, not measurements (full-length figures, quality in PSNR): its 6 most valuable of ${considered} tracks still worth trying, each at the CRF it would run; the first is its own choice.`);
    expect(table[1]).toBe('| track | CRF | Mbps +-sd | PSNR +-sd | encode s | gain (PSNR dB per s) | basis |');
    expect(table).toHaveLength(2 + 1 + 6);
    candidates.forEach((c, i) => {
      const p = c.prediction;
      expect(table[3 + i]).toMatch(
        new RegExp(`^\\| ${c.label} \\| ${c.crf} \\| ${(p.bitrateBps / 1e6).toFixed(3)} \\+-${(100 * p.bitrateSigma).toFixed(0)}% \\| ${p.quality.value.toFixed(2)} \\+-${p.quality.sigma.toFixed(2)} \\| ${p.encodeSeconds.toFixed(2)} \\| [0-9.e-]+ \\| (fit on \\d|1 point \\+ prior|prior|loose prior) \\|$`),
      );
    });

    // (b) The similar sources with their similarity and finding, and the priors they moved.
    const knowledge = section(text, 'What the lab learned from similar sources');
    expect(knowledge).toContain('Similar sources the lab remembers (2 memory records read; similarity 1 is the same content), what each measured, not this source:');
    for (const similar of context.knowledge!.similar) expect(knowledge).toContain(`- ${similar.label} (similarity ${similar.similarity.toFixed(2)}, 9 points): ${similar.finding}`);
    expect(knowledge).toContain('best at equal bitrate: libsvtav1 8, +2.80 dB PSNR against libx264 medium');
    expect(knowledge).toContain("The planner's priors learned from them, where they differ notably from the defaults (relative to libx264 medium on the same source):");
    expect(knowledge).toMatch(/^- libx265 medium: equivalent CRF 26\.5 -> 2\d\.\d; bitrate halves every 5\.2 CRF -> \d\.\d CRF$/m);
    expect(knowledge).toMatch(/^- libsvtav1 8: equivalent CRF 35\.7 -> 3\d\.\d(;|$)/m);
    expect(knowledge).not.toContain('libx264 medium:');

    // (c) The correction in force, and every probe measured and corrected, side by side.
    const correction = campaignProbeCorrection(context.knowledge!.probeCorrection, context.history);
    expect(correction.pairs).toBe(6);
    const probes = section(text, 'Probes (estimates on sampled segments) and their correction');
    expect(probes).toContain('3 experiments are probes (objective "probe"): measured on 4 sampled segments of about 2.0 s, not the whole source, so their figures are estimates of it;');
    expect(probes).toContain(
      `Probe correction in force (full-length figure = probe figure corrected): bitrate less ${(correction.excessBps!.mean / 1000).toFixed(1)} kbps (+-${(correction.excessBps!.sd / 1000).toFixed(1)}), the probes' excess measured on this source, PSNR +${correction.psnr.mean.toFixed(2)} +-${correction.psnr.sd.toFixed(2)} dB; from 4 probe/full pair(s) of similar remembered sources, updated by 2 pair(s) measured on this source.`,
    );
    expect(probes).toContain('(origin final: #5)');
    const full = predictedFull(context.history[0]!.result!, correction);
    expect(text).toContain('| seq | origin | config | Mbps | PSNR dB | SSIM | VMAF vmaf_v0.6.1 | fps | vs target | objective | full-length est. Mbps / PSNR | predicted Mbps / quality / encode s | status |');
    expect(text).toContain(`| 1 | baseline | libx264 medium crf 23 | 3.000 | 40.40 | 0.9900 | n/a | 160.0 | +20.0% | probe | ${(full.bitrateBps / 1e6).toFixed(3)} / ${full.psnr.avg.toFixed(2)} | - | succeeded |`);
    expect(text).toContain('| 2 | planner | libx264 medium crf 23 | 2.800 | 40.70 | 0.9900 | n/a | 163.6 | +12.0% | misses | - | - | succeeded |');
    // The model's proposal shows the planner's prediction for its config; the final, its probe's corrected figures.
    expect(text).toMatch(/\| 4 \| llm \| libx265 medium crf 28 \| 1\.450 \| 39\.60 \| [^|]+ \| n\/a \| 68\.6 \| -42\.0% \| probe \| [0-9.]+ \/ [0-9.]+ \| 1\.400 \+-8% \/ 39\.80 \+-0\.40 \/ 2\.00 \| succeeded \|/);
    expect(text).toContain('| 5 | final | libx265 medium crf 28 | 1.360 | 39.90 | 0.9900 | n/a | 69.2 | -45.6% | meets | - | 1.370 +-8% / 39.85 +-0.40 / 2.00 | succeeded |');
    // A probe is never the best: only full encodes answer.
    expect(section(text, 'Best so far (the best that meets the objective)')).toMatch(/^experiment 5 /);
  });

  it("analyses with the same knowledge, and the analysed probe's full-length estimate", async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(analysis('Experiment 4 measured 1.450 Mbps at PSNR 39.60 dB on segments.')));
    await backend.analyze(context, 4);
    const text = userPrompt(0);
    expect(text).toContain("The planner's model of this config predicted: 1.400 Mbps +-8%, PSNR 39.80 +-0.40, 2.00 s of encoding (priors for libx265 medium, placed from the measured libx264 medium).");
    expect(text).toMatch(/A probe, measured on sampled segments: its full-length estimate \(Mbps \/ PSNR, the probe correction in force\) is [0-9.]+ \/ [0-9.]+; predictions are for the full length\./);
    expect(section(text, "The planner's candidates after this experiment").split('\n').filter((l) => l.startsWith('| lib'))).toHaveLength(6);
    expect(section(text, 'What the lab learned from similar sources')).toContain('- garden-walk-1080p.mkv (similarity 1.00, 9 points)');
    expect(section(text, 'Probes (estimates on sampled segments) and their correction')).toContain('from 4 probe/full pair(s) of similar remembered sources');
  });

  it("stores the planner's prediction for the model's config, and the analysis of its measurement checks both", async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(llmAnswer({ preset: 'slow', crf: 25 })));
    const proposal = expectRunnable(await backend.propose(context, new Map()), context);
    expect(proposal).toMatchObject({ origin: 'llm', config: { encoder: 'libx264', preset: 'slow', rateControl: { mode: 'crf', crf: 25 } }, expectedBitrateBps: 190_000 });
    // The model gave a bitrate only: that stays its own (expectedBitrateBps); the planner's numbers are beside it.
    expect(proposal.prediction).toBeUndefined();
    expect(proposal.plannerPrediction).toEqual(predictConfig(context, proposal.config));
    expect(proposal.plannerPrediction).toMatchObject({ quality: { metric: 'psnr' }, basis: expect.stringMatching(/libx264 slow/) });

    // Run as a probe of the sampled campaign, measured, and handed back for analysis.
    const experiment: Experiment = {
      campaignId: context.campaignId,
      seq: 6,
      id: 'c-sampled-006',
      arm: 'analyst',
      status: 'succeeded',
      config: proposal.config,
      configHash: configHash(proposal.config),
      proposal,
      result: result('probe', 2.3e6, 40.1, 2.2),
      attempts: 1,
      createdAt: '2026-12-02T00:00:00.000Z',
    };
    const entry = toHistoryEntry(experiment);
    expect(entry.plannerPrediction).toEqual(proposal.plannerPrediction);
    const measured: CampaignContext = { ...context, history: [...context.history, entry] };
    fake.script(completion(analysis('Experiment 6 measured 2.300 Mbps at PSNR 40.10 dB on segments.')));
    const answer = await backend.analyze(measured, 6);
    expect(answer.origin).toBe('llm');
    expect(answer.predictionCheck).toBeUndefined();
    // The planner's prediction is for the whole source: the probe is compared on its corrected figures.
    const corrected = predictedFull(entry.result!, campaignProbeCorrection(context.knowledge!.probeCorrection, measured.history));
    const planner = proposal.plannerPrediction!;
    expect(answer.plannerPredictionCheck).toEqual(analyseExperiment(measured, 6).plannerPredictionCheck);
    expect(answer.plannerPredictionCheck?.bitrateError).toBeCloseTo(corrected.bitrateBps / planner.bitrateBps - 1, 9);
    expect(answer.plannerPredictionCheck?.qualityError).toBeCloseTo(corrected.psnr.avg - planner.quality.value, 9);
    expect(userPrompt(0)).toContain("The planner's model of this config predicted: ");
  });
});

describe('a campaign without lab knowledge in the prompts', () => {
  it('says the defaults are used: priors, probe correction, and no similar source', async () => {
    const { backend } = llmBackend(fake.baseURL);
    const context = sampledCampaign(false);
    fake.script(completion(llmAnswer({ preset: 'slow', crf: 25 })));
    await backend.propose(context, new Map());
    const text = userPrompt(0);
    expect(section(text, 'What the lab learned from similar sources')).toBe(
      'No lab knowledge came with this campaign: the planner uses its default priors (fitted on the clips flower, crystal, friday) and the default probe correction.',
    );
    expect(section(text, 'Probes (estimates on sampled segments) and their correction')).toContain(
      'from the default (no lab knowledge came with this campaign: no correction, wide spreads), updated by 2 pair(s) measured on this source.',
    );
    expect(section(text, "The planner's candidates").split('\n').filter((l) => l.startsWith('| lib'))).toHaveLength(6);
  });

  it('says a campaign of full encodes has no probe, and states the default correction', async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(analysis('Experiment 2 measured 0.230 Mbps.')));
    await backend.analyze(campaign(), 2);
    const probes = section(userPrompt(0), 'Probes (estimates on sampled segments) and their correction');
    expect(probes).toBe(
      'No probe in this campaign: every figure is of a full encode.\nProbe correction in force (full-length figure = probe figure corrected): bitrate x1.000 (+-12%), PSNR +0.00 +-0.40 dB; from the default (no lab knowledge came with this campaign: no correction, wide spreads).',
    );
    expect(userPrompt(0)).not.toContain('full-length est.');
  });
});

/**
 * Tokens of a prompt, estimated without a tokenizer: ~3.3 characters a token for this mix of
 * English, numbers and tables (messages.test.ts uses the same estimate; the usual 4 characters a
 * token of English prose would count fewer).
 */
const CHARS_PER_TOKEN = 3.3;
/** What a small model's 8k context window leaves for the prompt once the answer has its room. */
const MAX_PROMPT_TOKENS = 6000;

describe('the whole request for the largest campaign with full knowledge', () => {
  it('stays within a small model’s context window, proposing and analysing', async () => {
    const context = largestSampledCampaign();
    expect(context.history).toHaveLength(50);
    expect(context.knowledge!.similar).toHaveLength(8);
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(llmAnswer({ preset: 'slow', crf: 19 })));
    await backend.propose(context, new Map());
    const proposeRequest = fake.received[0]!.body;
    fake.script(completion(analysis('Experiment 46 measured on segments.')));
    await backend.analyze(context, 46);
    const analyzeRequest = fake.received[0]!.body;

    const sizes = [proposeRequest, analyzeRequest].map((body) => {
      const chars = body.messages.map((m) => m.content).join('\n').length;
      return { chars, tokens: Math.ceil(chars / CHARS_PER_TOKEN), schemaChars: JSON.stringify(body.response_format).length };
    });
    console.log(`propose: ${sizes[0]!.chars} chars, ~${sizes[0]!.tokens} tokens; analyse: ${sizes[1]!.chars} chars, ~${sizes[1]!.tokens} tokens (system + user, at ${CHARS_PER_TOKEN} chars a token; response schemas ${sizes[0]!.schemaChars} and ${sizes[1]!.schemaChars} chars besides)`);
    for (const size of sizes) expect(size.tokens).toBeLessThan(MAX_PROMPT_TOKENS);

    // Everything is there, compactly: six candidates, five similar sources named and the rest counted, every experiment's row.
    const text = proposeRequest.messages.map((m) => m.content).join('\n');
    expect(section(text, "The planner's candidates").split('\n').filter((l) => l.startsWith('| lib'))).toHaveLength(6);
    expect(section(text, 'What the lab learned from similar sources')).toContain('- and 3 less similar (');
    expect(section(text, 'What the lab learned from similar sources')).toContain('- ...bered-long-take-number-01-1080p30.mkv (similarity 1.00, 9 points)');
    expect(text.split('\n').filter((l) => /^\| \d+ \| /.test(l))).toHaveLength(50);
  });
});
