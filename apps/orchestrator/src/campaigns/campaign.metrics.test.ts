import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Campaign, Experiment, ExperimentResult } from '@codec-lab/domain';
import { budgetObjective, measuredResult, vmafScore } from '@codec-lab/domain/testing';
import { createCampaignMetrics } from './campaign.metrics.ts';

// The per-campaign gauges carry campaign_id, so they must exist only while the campaign runs.

const campaign = { id: 'c1', controlArm: true, objective: budgetObjective(0.1) } as unknown as Campaign;
function experiment(seq: number, bitrateBps: number, psnr: number, arm: 'analyst' | 'random' = 'analyst'): Experiment {
  return {
    seq,
    arm,
    status: 'succeeded',
    config: { strategy: 'codec', encoder: 'libx264' },
    proposal: { origin: 'planner' },
    result: { bitrateBps, psnr: { avg: psnr }, ssim: { all: 0.95 }, encodeFps: 120, vmaf: { available: false, reason: 'n/a' } },
  } as unknown as Experiment;
}

describe('campaign metrics', () => {
  it('sets best so far and target while the campaign runs and removes them when it ends', async () => {
    const registry = new Registry();
    const metrics = createCampaignMetrics(registry);
    const experiments = [experiment(1, 150_000, 40), experiment(2, 95_000, 35), experiment(3, 90_000, 33), experiment(4, 200_000, 45, 'random')];
    for (const e of experiments) metrics.experimentFinished(e);
    metrics.campaignProgress(campaign, experiments);
    let text = await registry.metrics();
    // Both 95k and 90k meet the 100k target; 95k has the higher PSNR.
    expect(text).toContain('codeclab_campaign_best_bitrate_bits_per_second{campaign_id="c1",arm="analyst"} 95000');
    // The random arm's only experiment is over budget: it has no best, only a closest.
    expect(text).not.toContain('codeclab_campaign_best_bitrate_bits_per_second{campaign_id="c1",arm="random"}');
    expect(text).toContain('codeclab_campaign_closest_bitrate_bits_per_second{campaign_id="c1",arm="random"} 200000');
    expect(text).not.toContain('codeclab_campaign_closest_bitrate_bits_per_second{campaign_id="c1",arm="analyst"}');
    expect(text).toContain('codeclab_campaign_target_bitrate_bits_per_second{campaign_id="c1"} 100000');
    expect(text).toContain('codeclab_experiment_encode_fps_count{strategy="codec",encoder="libx264",origin="planner"} 4');
    expect(text).toContain('codeclab_experiment_ssim_ratio_count{strategy="codec",encoder="libx264",origin="planner"} 4');
    // Once the random arm meets the objective, its closest series goes and its best appears.
    metrics.campaignProgress(campaign, [...experiments, experiment(5, 80_000, 30, 'random')]);
    text = await registry.metrics();
    expect(text).toContain('codeclab_campaign_best_bitrate_bits_per_second{campaign_id="c1",arm="random"} 80000');
    expect(text).not.toContain('codeclab_campaign_closest_bitrate_bits_per_second{campaign_id="c1"');
    metrics.campaignEnded('c1');
    text = await registry.metrics();
    expect(text).not.toContain('campaign_id="c1"');
  });

  it('exports VMAF where it was measured, and the best quality in the metric it is really in', async () => {
    const registry = new Registry();
    const metrics = createCampaignMetrics(registry);
    const vmafCampaign = { id: 'c2', controlArm: false, objective: budgetObjective(0.1, 'vmaf') } as unknown as Campaign;
    const measured = (seq: number, result: ExperimentResult) => ({ ...experiment(seq, 0, 0), result }) as Experiment;
    const unscored = measured(1, measuredResult(90_000, 38));
    metrics.experimentFinished(unscored);
    metrics.campaignProgress(vmafCampaign, [unscored]);
    let text = await registry.metrics();
    // No VMAF measured: no VMAF sample, and the best is said to be in PSNR, never passed off as VMAF.
    expect(text).not.toContain('codeclab_experiment_vmaf_score_count');
    expect(text).toContain('codeclab_campaign_best_quality{campaign_id="c2",arm="analyst",metric="psnr",model=""} 38');
    const scored = measured(2, measuredResult(95_000, 39, { vmaf: vmafScore(91.5, { model: 'vmaf_v0.6.1neg' }) }));
    metrics.experimentFinished(scored);
    metrics.campaignProgress(vmafCampaign, [unscored, scored]);
    text = await registry.metrics();
    expect(text).toContain('codeclab_experiment_vmaf_score_count{strategy="codec",encoder="libx264",origin="planner",model="vmaf_v0.6.1neg"} 1');
    expect(text).toContain('codeclab_experiment_vmaf_score_sum{strategy="codec",encoder="libx264",origin="planner",model="vmaf_v0.6.1neg"} 91.5');
    // Now ranked by VMAF: the PSNR series is gone, one series per campaign and arm.
    expect(text).toContain('codeclab_campaign_best_quality{campaign_id="c2",arm="analyst",metric="vmaf",model="vmaf_v0.6.1neg"} 91.5');
    expect(text).not.toContain('metric="psnr"');
    metrics.campaignEnded('c2');
    expect(await registry.metrics()).not.toContain('campaign_id="c2"');
  });

  it("sets a quality target's target in its metric and model, and no bitrate target; the best is the smallest bitrate reaching it", async () => {
    const registry = new Registry();
    const metrics = createCampaignMetrics(registry);
    const c3 = { id: 'c3', controlArm: false, objective: { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 90 }, vmaf: { model: 'vmaf_v0.6.1neg', subsample: 1 } } as unknown as Campaign;
    const scored = (seq: number, bitrateBps: number, score: number) => ({ ...experiment(seq, 0, 0), result: measuredResult(bitrateBps, 40, { vmaf: vmafScore(score, { model: 'vmaf_v0.6.1neg' }) }) }) as Experiment;
    metrics.campaignProgress(c3, [scored(1, 300_000, 95), scored(2, 200_000, 91), scored(3, 100_000, 80)]);
    let text = await registry.metrics();
    expect(text).toContain('codeclab_campaign_target_quality{campaign_id="c3",metric="vmaf",model="vmaf_v0.6.1neg"} 90');
    expect(text).not.toContain('codeclab_campaign_target_bitrate_bits_per_second{campaign_id="c3"}');
    expect(text).toContain('codeclab_campaign_best_bitrate_bits_per_second{campaign_id="c3",arm="analyst"} 200000');
    expect(text).toContain('codeclab_campaign_best_quality{campaign_id="c3",arm="analyst",metric="vmaf",model="vmaf_v0.6.1neg"} 91');
    metrics.campaignEnded('c3');
    text = await registry.metrics();
    expect(text).not.toContain('campaign_id="c3"');
  });

  it("sets a Pareto front's upper end as its bitrate target", async () => {
    const registry = new Registry();
    const metrics = createCampaignMetrics(registry);
    const c4 = { id: 'c4', controlArm: false, objective: { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 2 }, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } } as unknown as Campaign;
    metrics.campaignProgress(c4, [{ ...experiment(1, 0, 0), result: measuredResult(500_000, 41) } as Experiment]);
    const text = await registry.metrics();
    expect(text).toContain('codeclab_campaign_target_bitrate_bits_per_second{campaign_id="c4"} 2000000');
    expect(text).not.toContain('codeclab_campaign_target_quality{campaign_id="c4"');
    metrics.campaignEnded('c4');
    expect(await registry.metrics()).not.toContain('campaign_id="c4"');
  });

  it('counts only the answers made because llm-analyst was unreachable, from zero', async () => {
    const registry = new Registry();
    const metrics = createCampaignMetrics(registry);
    expect(await registry.metrics()).toContain('codeclab_analyst_fallbacks_total{kind="propose",reason="analyst_unreachable"} 0');
    metrics.analystUnreachable('propose');
    const text = await registry.metrics();
    expect(text).toContain('codeclab_analyst_fallbacks_total{kind="propose",reason="analyst_unreachable"} 1');
    expect(text).toContain('codeclab_analyst_fallbacks_total{kind="analyze",reason="analyst_unreachable"} 0');
  });
});

describe('probes and memory in the metrics', () => {
  it('counts a probe as an experiment but keeps its estimates out of the measurement histograms, and records memory reads', async () => {
    const registry = new Registry();
    const metrics = createCampaignMetrics(registry);
    const probe = experiment(2, 120_000, 38);
    metrics.experimentFinished(experiment(1, 150_000, 40));
    metrics.experimentFinished({ ...probe, result: { ...probe.result!, mode: 'probe' } });
    metrics.memoryRead(12, 3);
    const text = await registry.metrics();
    expect(text).toContain('codeclab_experiments_total{strategy="codec",encoder="libx264",origin="planner",status="succeeded"} 2');
    expect(text).toContain('codeclab_experiment_bitrate_bits_per_second_count{strategy="codec",encoder="libx264",origin="planner"} 1');
    expect(text).toContain('codeclab_memory_records_read_sum 12');
    expect(text).toContain('codeclab_memory_similar_sources_sum 3');
  });
});
