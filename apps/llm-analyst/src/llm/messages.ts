import type { Rejected } from '../backend.ts';
import { describeConfig, type CampaignContext, type ExperimentResult, type HistoryEntry } from '@codec-lab/domain';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  bestText,
  capabilitiesText,
  failuresText,
  hashesText,
  historyTable,
  measuredLine,
  objectiveText,
  paretoText,
  predictionText,
} from './campaign-digest.ts';
import { candidatesText, correctionInForce, knowledgeText, probeEstimateCell, probesText, steeringMetric } from './knowledge-digest.ts';
import { renderPrompt, type Prompts } from './prompts.ts';
import { vmafDetail } from './quality-text.ts';

/** The conversation sent to the model. */
export type ChatMessages = ChatCompletionMessageParam[];

function common(context: CampaignContext, rejected: Rejected = new Map()): Record<string, string> {
  return {
    objective: objectiveText(context),
    history: historyTable(context),
    best: bestText(context),
    pareto: paretoText(context),
    failures: failuresText(context),
    candidates: candidatesText(context, new Set(rejected.keys())),
    knowledge: knowledgeText(context),
    probes: probesText(context),
  };
}

/** System and user messages asking for the next experiment. */
export function proposeMessages(prompts: Prompts, context: CampaignContext, rejected: Rejected): ChatMessages {
  const user = renderPrompt(prompts.propose, {
    ...common(context, rejected),
    capabilities: capabilitiesText(context),
    hashes: hashesText(context, rejected),
  });
  return [
    { role: 'system', content: prompts.system },
    { role: 'user', content: user },
  ];
}

function experimentText(entry: HistoryEntry, context: CampaignContext): string {
  const lines = [`Config: ${describeConfig(entry.config)} (proposed by ${entry.origin}).`, `Hypothesis: ${entry.hypothesis}`];
  if (entry.prediction) lines.push(`Predicted: ${predictionText(entry.prediction)} of encoding (${entry.prediction.basis}).`);
  if (entry.plannerPrediction) lines.push(`The planner's model of this config predicted: ${predictionText(entry.plannerPrediction)} of encoding (${entry.plannerPrediction.basis}).`);
  if (entry.status === 'succeeded' && entry.result) {
    const r: ExperimentResult = entry.result;
    lines.push(`Measured: ${measuredLine(entry as HistoryEntry & { result: ExperimentResult }, context.objective)}.`);
    if (r.mode === 'probe') {
      const metric = steeringMetric(context);
      lines.push(`A probe, measured on sampled segments: its full-length estimate (Mbps / ${metric.toUpperCase()}, the probe correction in force) is ${probeEstimateCell(r, correctionInForce(context), metric)}; predictions are for the full length.`);
    }
    lines.push(
      `PSNR Y/U/V/avg ${r.psnr.y.toFixed(2)}/${r.psnr.u.toFixed(2)}/${r.psnr.v.toFixed(2)}/${r.psnr.avg.toFixed(2)} dB; SSIM ${r.ssim.all.toFixed(4)}; ${vmafDetail(r.vmaf)}.`,
      `${r.bytes} bytes over ${r.durationSeconds.toFixed(2)} s; ${r.frames} of ${r.sourceFrames} frames; encoded at ${r.encodeFps.toFixed(1)} fps (${r.mode} mode)${r.ffmpeg ? `; encoded by ffmpeg ${r.ffmpeg.encoder.version}, measured by ffmpeg ${r.ffmpeg.meter.version}` : ''}.`,
    );
  } else {
    lines.push(`Status: ${entry.status}${entry.failure ? ` (${entry.failure.code}: ${entry.failure.message})` : ''}; nothing was measured.`);
  }
  return lines.join('\n');
}

/** System and user messages asking for the analysis of experiment `entry`. */
export function analyzeMessages(prompts: Prompts, context: CampaignContext, entry: HistoryEntry): ChatMessages {
  const user = renderPrompt(prompts.analyze, { ...common(context), seq: String(entry.seq), experiment: experimentText(entry, context) });
  return [
    { role: 'system', content: prompts.system },
    { role: 'user', content: user },
  ];
}

/** The same conversation, plus the rejected answer and a request to fix the listed errors. */
export function repairMessages(prompts: Prompts, messages: ChatMessages, rejectedAnswer: string, errors: readonly string[]): ChatMessages {
  return [
    ...messages,
    { role: 'assistant', content: rejectedAnswer || '(empty answer)' },
    { role: 'user', content: renderPrompt(prompts.repair, { errors: errors.map((e) => `- ${e}`).join('\n') }) },
  ];
}
