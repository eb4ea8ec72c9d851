import { DomainError, describeConfig, MEASUREMENT_TERMS, type Analysis, type Experiment, type ExperimentResult, type Proposal } from '@codec-lab/domain';

// An experiment told as a post: what was tried, why, what was measured, and who proposed it.

const ID = /^([A-Za-z0-9-]{1,64})-(\d{3,5})$/;

/** Splits `<campaignId>-<seq, 3 digits or more>`; anything else is a 400. */
export function parsePostId(id: string): { campaignId: string; seq: number } {
  const match = ID.exec(id);
  const seq = match ? Number(match[2]) : 0;
  if (!match || seq < 1) throw new DomainError('invalid', 'ERR_INVALID_POST_ID', 'a post id is <campaignId>-<seq>, for example 11111111-2222-4333-8444-555555555555-002');
  return { campaignId: match[1]!, seq };
}

const mbps = (bps: number) => `${(bps / 1e6).toFixed(3)} Mbps`;

/** One line a reader can scan: the config and what it gave (a probe's figures marked as estimates). */
export function postTitle(experiment: Experiment): string {
  const label = `${describeConfig(experiment.config)}${experiment.probe ? ' (probe)' : ''}`;
  if (experiment.status === 'failed') return `#${experiment.seq} ${label}: failed`;
  if (!experiment.result) return `#${experiment.seq} ${label}`;
  const { psnr, vmaf } = experiment.result;
  const about = experiment.probe ? '≈' : '';
  return `#${experiment.seq} ${label}: ${about}${mbps(experiment.result.bitrateBps)} at ${about}${psnr.avg.toFixed(2)} dB PSNR${vmaf.available ? `, VMAF ${about}${vmaf.mean.toFixed(2)} (${vmaf.model})` : ''}`;
}

function excerpt(experiment: Experiment): string {
  const text = experiment.analysis?.summary ?? experiment.proposal.hypothesis;
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

/** Where a proposal or an analysis came from, said plainly (a fallback keeps its reason). */
export function describeOrigin(source: Pick<Proposal | Analysis, 'origin' | 'model' | 'fallbackReason'>): string {
  switch (source.origin) {
    case 'baseline':
      return 'baseline: the fixed first experiment every campaign starts from';
    case 'planner':
      return 'planner: the built-in deterministic planner';
    case 'llm':
      return `llm: a language model${source.model ? ` (${source.model})` : ''}`;
    case 'fallback':
      return `fallback (${source.fallbackReason ?? 'reason not recorded'}): the built-in planner, standing in for a language model that failed`;
    case 'random':
      return 'random: the seeded random-search control arm';
    case 'user':
      return 'user: a config given explicitly through the API';
    case 'final':
      return 'final: the full encode of the config a sampled search chose, measured on the whole source';
  }
}

/** A blog list entry. */
export function postSummary(experiment: Experiment) {
  return {
    id: experiment.id,
    campaignId: experiment.campaignId,
    seq: experiment.seq,
    title: postTitle(experiment),
    publishedAt: experiment.finishedAt ?? null,
    origin: experiment.proposal.origin,
    excerpt: excerpt(experiment),
  };
}

/** VMAF as libvmaf pooled it, with the model, libvmaf's version and what each figure is. */
function vmafLines(vmaf: ExperimentResult['vmaf']): string[] {
  if (!vmaf.available) return [`- VMAF: not measured (${vmaf.reason})`];
  const scored = `${vmaf.scoredFrames} scored frames${vmaf.subsample > 1 ? ` (1 in ${vmaf.subsample})` : ''}`;
  return [
    `- VMAF: ${vmaf.mean.toFixed(2)} mean with ${vmaf.model} (libvmaf ${vmaf.libvmafVersion}) over ${scored}; harmonic mean ${vmaf.harmonicMean.toFixed(2)}, 1% low ${vmaf.low1Percent.toFixed(2)}, 5% low ${vmaf.low5Percent.toFixed(2)}, min ${vmaf.min.toFixed(2)}`,
    `  (${MEASUREMENT_TERMS.vmaf} ${MEASUREMENT_TERMS.vmafHarmonicMean} ${MEASUREMENT_TERMS.vmafLows})`,
  ];
}

/** Which ffmpeg encoded and which measured; a result from before they were named was both by one. */
function ffmpegLine(result: ExperimentResult): string {
  const build = (b: { version: string; sha256: string }) => `ffmpeg ${b.version} (sha256 ${b.sha256.slice(0, 12)}…)`;
  if (!result.ffmpeg) return `- ffmpeg: encoded and measured by ffmpeg ${result.ffmpegVersion}`;
  return `- ffmpeg: measured by ${build(result.ffmpeg.meter)}, encoded by ${build(result.ffmpeg.encoder)}`;
}

function resultLines(result: ExperimentResult): string[] {
  return [
    `- Bitrate: ${mbps(result.bitrateBps)} (${result.bytes} bytes over ${result.durationSeconds.toFixed(3)} s)`,
    `- PSNR: ${result.psnr.avg.toFixed(2)} dB average (Y ${result.psnr.y.toFixed(2)}, U ${result.psnr.u.toFixed(2)}, V ${result.psnr.v.toFixed(2)} dB)`,
    `  (${MEASUREMENT_TERMS.psnr})`,
    `- SSIM: ${result.ssim.all.toFixed(4)}`,
    ...vmafLines(result.vmaf),
    `- Encode: ${result.encodeFps.toFixed(1)} fps (${result.encodeSeconds.toFixed(2)} s), ${result.width}x${result.height}, ${result.frames} of ${result.sourceFrames} frames, ${result.mode === 'probe' ? 'probe segments' : 'whole source'}`,
    ffmpegLine(result),
  ];
}

const seconds = (t: number) => `${Number(t.toFixed(3))} s`;

/** Where a probe ran, and what its figures are: estimates of the whole source, never the answer. */
function probeLines(experiment: Experiment): string[] {
  const { probe, result } = experiment;
  if (!probe) return [];
  const starts = probe.starts ?? result?.segments?.map((s) => s.startSeconds);
  const where = starts ? `, starting at ${starts.map(seconds).join(', ')}` : '';
  return [
    `A probe: measured on ${probe.segments} sampled segment${probe.segments === 1 ? '' : 's'} of ${seconds(probe.segmentSeconds)}${where}, not the whole source. Its figures estimate the whole source; they are never the answer.`,
    '',
    ...(result?.segments ?? []).map((s) => `- Segment at ${seconds(s.startSeconds)}: ${mbps((s.bytes * 8) / s.durationSeconds)}, PSNR ${s.psnrAvg.toFixed(2)} dB, SSIM ${s.ssimAll.toFixed(4)}${s.vmafMean === undefined ? '' : `, VMAF ${s.vmafMean.toFixed(2)}`} (${s.frames} frames)`),
    ...(result?.segments?.length ? ['', 'Over all segments:', ''] : []),
  ];
}

const QUALITY_DIGITS = { psnr: 2, ssim: 4, vmaf: 2 } as const;
const METRIC_NAMES = { psnr: 'PSNR', ssim: 'SSIM', vmaf: 'VMAF' } as const;

/** A final full encode: what its probe, corrected, predicted, beside what the whole source measured. */
function finalLines(experiment: Experiment): string[] {
  const { prediction } = experiment.proposal;
  if (experiment.proposal.origin !== 'final' || !prediction) return [];
  const { metric } = prediction.quality;
  const digits = QUALITY_DIGITS[metric];
  const unit = metric === 'psnr' ? ' dB' : '';
  const name = METRIC_NAMES[metric];
  const lines = [
    '## Predicted and measured',
    '',
    `- Predicted from the probe, corrected: ${mbps(prediction.bitrateBps)} ± ${(prediction.bitrateSigma * 100).toFixed(1)}%, ${name} ${prediction.quality.value.toFixed(digits)} ± ${prediction.quality.sigma.toFixed(digits)}${unit} (${prediction.basis})`,
  ];
  const { result } = experiment;
  const measured = result && (metric === 'psnr' ? result.psnr.avg : metric === 'ssim' ? result.ssim.all : result.vmaf.available ? result.vmaf.mean : undefined);
  if (!result) return [...lines, '- Measured: nothing (the full encode did not finish)', ''];
  const bitrateError = result.bitrateBps / prediction.bitrateBps - 1;
  const signed = (x: number, d: number) => `${x >= 0 ? '+' : ''}${x.toFixed(d)}`;
  return [
    ...lines,
    `- Measured on the whole source: ${mbps(result.bitrateBps)}, ${name} ${measured === undefined ? 'not measured' : `${measured.toFixed(digits)}${unit}`}`,
    `- Error: bitrate ${signed(bitrateError * 100, 1)}%${measured === undefined ? '' : `, ${name} ${signed(measured - prediction.quality.value, digits)}${unit}`} (measured against predicted)`,
    '',
  ];
}

function markdown(experiment: Experiment): string {
  const { proposal, result, analysis, failure } = experiment;
  const measuredPart = [...probeLines(experiment), ...(result ? resultLines(result) : [failure ? `Failed: ${failure.message} (${failure.code})` : 'Nothing was measured.'])];
  const analysisPart = analysis
    ? [analysis.summary, '', `Root cause: ${analysis.rootCause}`, ...analysis.insights.map((insight) => `- ${insight}`), '', `Next step: ${analysis.nextStep}`, '', `Analysis by ${describeOrigin(analysis)}.`]
    : ['No analysis was recorded.'];
  return [
    `# ${postTitle(experiment)}`,
    '',
    `Campaign ${experiment.campaignId}, experiment ${experiment.seq} (${experiment.arm} arm).`,
    '',
    '## Hypothesis',
    '',
    proposal.hypothesis,
    ...(proposal.rationale ? ['', proposal.rationale] : []),
    '',
    '## Config',
    '',
    `\`${describeConfig(experiment.config)}\``,
    '',
    '## Measured',
    '',
    ...measuredPart,
    '',
    ...finalLines(experiment),
    '## Analysis',
    '',
    ...analysisPart,
    '',
    '## Where the proposal came from',
    '',
    `${describeOrigin(proposal)}${experiment.probe ? `; run as a probe on ${experiment.probe.segments} sampled segments` : ''}.`,
    '',
  ].join('\n');
}

/** A whole post; only finished experiments are published. */
export function post(experiment: Experiment) {
  if (experiment.status !== 'succeeded' && experiment.status !== 'failed') {
    throw new DomainError('not_found', 'ERR_POST_NOT_FOUND', `experiment ${experiment.id} has not finished yet`);
  }
  return {
    ...postSummary(experiment),
    hypothesis: experiment.proposal.hypothesis,
    rationale: experiment.proposal.rationale,
    config: experiment.config,
    configLabel: describeConfig(experiment.config),
    result: experiment.result ?? null,
    analysis: experiment.analysis ?? null,
    failure: experiment.failure ?? null,
    markdown: markdown(experiment),
  };
}
