import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectiveSchema, runnerOffer, type CampaignContext, type ObjectiveInput } from '@codec-lab/domain';
import { vmafScore } from '@codec-lab/domain/testing';
import { campaign, llmAnswer, llmBackend, OFFER } from './support/campaign.ts';
import { expectRunnable } from './support/expect-runnable.ts';
import { completion, startFakeOpenAi, type FakeOpenAi } from './support/fake-openai.ts';

// The objective as the model is told it, through the real `openai` client and a local
// OpenAI-compatible server, for a quality target with constraints and for a Pareto front: what
// counts as an answer, every constraint, each experiment's distance and verdict; a proposal the
// constraints exclude is sent back with the reason, and the repaired one is taken.

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

/** The llm campaign of the other tests (#1 0.400 Mbps, #2 0.230 Mbps, #3 failed), on runners that measure VMAF: #1 VMAF 95.5, #2 91.25. */
function withObjective(objective: ObjectiveInput): CampaignContext {
  const base = campaign();
  const offer = runnerOffer(
    { encoders: OFFER.encoders.map((e) => e.name), pixelFormats: Object.fromEntries(OFFER.encoders.map((e) => [e.name, e.pixelFormats])), vmafModels: ['vmaf_v0.6.1'], ffmpegVersion: '5.1', meterFfmpegVersion: '7.0.2', gpuName: '' },
    2,
  );
  const history = base.history.map((entry, i) => (entry.result ? { ...entry, result: { ...entry.result, vmaf: vmafScore(i === 0 ? 95.5 : 91.25) } } : entry));
  return { ...base, objective: ObjectiveSchema.parse(objective), offer, history };
}

const userPrompt = (request: number) => fake.received[request]!.body.messages.find((m) => m.role === 'user')!.content;

describe('a bitrate-at-quality VMAF objective with constraints in the prompts', () => {
  const context = withObjective({ kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 93, constraints: { encoders: ['libx264', 'libsvtav1'], pixelFormat: 'yuv420p', minEncodeFps: 60 } });

  it('states the target, what answers it and the constraints, and sends back a proposal they exclude', async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(llmAnswer({ encoder: 'libx265', pixelFormat: 'yuv420p10le' })), completion(llmAnswer({ crf: 25 })));
    const proposal = expectRunnable(await backend.propose(context, new Map()), context);

    const text = userPrompt(0);
    expect(text).toContain('- Objective: smallest bitrate with VMAF >= 93; encode >= 60 fps, encoders libx264, libsvtav1, pixel format yuv420p.');
    expect(text).toContain('- Answer: the full encode with the smallest bitrate whose measured VMAF reaches 93;');
    expect(text).toContain('Never propose an encoder or a pixel format they exclude: such a proposal is refused.');
    expect(text).toContain('- Excluded by the constraints (on the runners, never to be proposed): libx265.');
    expect(text).not.toMatch(/^- libx265 /m);
    expect(text).toContain('| 1 | baseline | libx264 medium crf 23 | 0.400 | 40.10 | 0.9800 | 95.50 | 95.50 | 300.0 | +2.50 VMAF | meets | succeeded |');
    expect(text).toContain('| 2 | llm | libx264 medium crf 28 | 0.230 | 37.20 | 0.9800 | 91.25 | 91.25 | 300.0 | -1.75 VMAF | misses: VMAF 91.25 is under the 93 target | succeeded |');
    expect(text).toContain('## Best so far (the best that meets the objective)\nexperiment 1 (libx264 medium crf 23): 0.400 Mbps, VMAF 95.50 (vmaf_v0.6.1), 300.0 fps (+2.50 VMAF vs the 93 target), meets the objective');

    // The excluded encoder and pixel format are refused with the reason, and the repaired answer runs.
    expect(userPrompt(1)).toBe(text);
    expect(fake.received[1]!.body.messages.at(-1)!.content).toContain("- config.encoder: libx265 is excluded by the campaign's constraints (allowed: libx264, libsvtav1)");
    expect(proposal).toMatchObject({ origin: 'llm', config: { encoder: 'libx264', pixelFormat: 'yuv420p', rateControl: { mode: 'crf', crf: 25 } } });
    expect(proposal.validationErrors).toEqual([
      "answer: config.encoder: libx265 is excluded by the campaign's constraints (allowed: libx264, libsvtav1)",
      "answer: config.pixelFormat: the campaign's constraints require yuv420p, not yuv420p10le",
    ]);
  });

  it('keeps to the constraints when the model will not: the answer is not taken', async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(llmAnswer({ encoder: 'libx265' })));
    const outcome = await backend.propose(context, new Map());
    // Both answers broke the constraints: the planner stands in, and the model's libx265 is not what runs.
    expect(outcome.kind).toBe('proposal');
    if (outcome.kind !== 'proposal') return;
    expect(outcome.proposal).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^semantic_invalid: /) });
    expect(outcome.proposal.validationErrors).toContain("repair: config.encoder: libx265 is excluded by the campaign's constraints (allowed: libx264, libsvtav1)");
    expect(fake.received).toHaveLength(2);
  });
});

describe('a prediction in the prompts', () => {
  it('analyses an experiment with what its proposal predicted beside what was measured', async () => {
    const base = withObjective({ kind: 'pareto', metric: 'vmaf', maxBitrateMbps: 0.3 });
    const prediction = { bitrateBps: 240_000, bitrateSigma: 0.1, quality: { value: 90, sigma: 1, metric: 'vmaf' as const }, encodeSeconds: 0.5, basis: 'fitted on 1 point of libx264 medium' };
    const context = { ...base, history: base.history.map((entry) => (entry.seq === 2 ? { ...entry, prediction } : entry)) };
    const { backend } = llmBackend(fake.baseURL);
    const summary = 'CRF 28 measured 0.230 Mbps at VMAF 91.25 (vmaf_v0.6.1), within the predicted 0.240 Mbps +-10% and 1.25 above the predicted VMAF.';
    fake.script(completion(JSON.stringify({ summary, rootCause: 'Coarser quantisation.', insights: [], nextStep: 'Try CRF 30.' })));
    const analysis = await backend.analyze(context, 2);
    expect(analysis).toMatchObject({ origin: 'llm', summary });
    // The comparison itself is computed from the measurement, whatever the model wrote.
    const measured = context.history.find((e) => e.seq === 2)!.result!;
    expect(analysis.predictionCheck?.bitrateError).toBeCloseTo(measured.bitrateBps / 240_000 - 1, 9);
    const text = userPrompt(0);
    expect(text).toContain('Predicted: 0.240 Mbps +-10%, VMAF 90.00 +-1.00, 0.50 s of encoding (fitted on 1 point of libx264 medium).\nMeasured: experiment 2 ');
    expect(text).toContain('| -23.3% | meets | 0.240 +-10% / 90.00 +-1.00 / 0.50 | succeeded |');
    expect(text).toContain('how the\nmeasurement compares with the prediction');
  });
});

describe('a Pareto objective in the prompts', () => {
  it('asks to widen the front, and shows the front with its hypervolume and reference corner', async () => {
    const context = withObjective({ kind: 'pareto', metric: 'vmaf', maxBitrateMbps: 0.3 });
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(llmAnswer()));
    expect(expectRunnable(await backend.propose(context, new Map()), context).origin).toBe('llm');
    const text = userPrompt(0);
    expect(text).toContain('- Objective: Pareto front of bitrate x VMAF x encode speed up to 0.3 Mbps.');
    expect(text).toContain('measured from the corner 0.300 Mbps, VMAF 0.00, 0 fps.');
    expect(text).toContain('- Goal: widen the front.');
    // #1 is over the front's upper bitrate: it misses the objective and is not on the front.
    expect(text).toContain('| 1 | baseline | libx264 medium crf 23 | 0.400 | 40.10 | 0.9800 | 95.50 | 95.50 | 300.0 | +33.3% | misses | succeeded |');
    expect(text).toContain(
      [
        '## Pareto front',
        'Bitrate x VMAF x encode speed, among the experiments that meet the objective; no other is cheaper, better and faster together (the answer):',
        '- experiment 2 (libx264 medium crf 28): 0.230 Mbps, VMAF 91.25 (vmaf_v0.6.1), 300.0 fps',
        // (0.300 - 0.230) Mbps x 91.25 VMAF x 300 fps.
        'Hypervolume 1916 (Mbps x VMAF x fps) from the corner 0.300 Mbps, VMAF 0.00, 0 fps; a new point off the front raises it.',
      ].join('\n'),
    );
  });
});
