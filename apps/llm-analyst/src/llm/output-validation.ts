import {
  configHash,
  ExperimentConfigSchema,
  formatIssues,
  offeredEncoders,
  offerProblems,
  type CampaignContext,
  type ExperimentConfig,
  type Objective,
  type OfferProblem,
} from '@codec-lab/domain';
import type { Rejected } from '../backend.ts';
import type { FallbackReason } from './fallback-reason.ts';
import { LlmAnalysisSchema, LlmProposalSchema, toConfigInput, type LlmAnalysis, type LlmConfig } from './llm-schemas.ts';
import { allowedEncoder } from './objective-text.ts';
import { vmafMeasured } from './quality-text.ts';

/** A model answer that passed every check, or the first failed stage with its messages. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: FallbackReason; errors: string[] };

/** The parts of a proposal the model is responsible for, validated. */
export interface CheckedProposal {
  readonly hypothesis: string;
  readonly rationale: string;
  readonly config: ExperimentConfig;
  readonly expectedBitrateBps?: number;
}

const fail = (reason: FallbackReason, errors: string[]): { ok: false; reason: FallbackReason; errors: string[] } => ({ ok: false, reason, errors });

// The domain reports nested paths (rateControl.crf); the model wrote flat fields (crf), and the
// repair request is clearer when it names the field the model actually wrote.
function flatPath(path: readonly PropertyKey[], strategy: LlmConfig['strategy']): PropertyKey[] {
  const [head, ...rest] = path;
  if (strategy === 'parameter_storage') {
    if (head === 'quantization') return ['config', 'parameterStorage', ...rest];
    if (head === 'residual') return ['config', 'parameterStorage', rest[0] === 'crf' ? 'residualCrf' : 'residualCodec'];
    return ['config', 'parameterStorage', ...path];
  }
  if (head === 'rateControl') return ['config', ...(rest[0] === 'mode' ? ['rateMode'] : rest)];
  if (head === 'resolution') return ['config', ...rest];
  return ['config', ...path];
}

function parseJson(content: string): Checked<unknown> {
  try {
    return { ok: true, value: JSON.parse(content) as unknown };
  } catch (error) {
    return fail('invalid_json', [`(root): not valid JSON (${(error as Error).message})`]);
  }
}

/** A reason the runners cannot run the config, worded as the field the model wrote. */
function offerError(problem: OfferProblem): string {
  switch (problem.kind) {
    case 'encoder':
      return `config.encoder: ${problem.encoder} is not available on the runners (available: ${problem.available.join(', ') || 'none'})`;
    case 'preset':
      return `config.preset: the runners offer ${problem.encoder} presets ${problem.offered.join(', ')}`;
    case 'pixelFormat':
      return `config.pixelFormat: the runners' ${problem.encoder} encodes ${problem.offered.join(', ') || 'nothing'}`;
    case 'crf':
      return `config.crf: the runners take ${problem.encoder} CRF ${problem.min}..${problem.max}`;
    case 'tune':
      return `config.tune: the runners offer ${problem.encoder} tunes ${problem.offered.join(', ') || 'none'}`;
  }
}

/** What the objective's constraints exclude from the config, before anything runs: the encoder and the pixel format. */
function constraintErrors(config: LlmConfig, objective: Objective): string[] {
  const constraints = objective.constraints;
  const errors: string[] = [];
  if (config.strategy === 'parameter_storage') {
    if (constraints?.encoders) errors.push(`config.strategy: parameter_storage is excluded by the campaign's constraints (encoders: ${constraints.encoders.join(', ')})`);
    if (constraints?.pixelFormat && constraints.pixelFormat !== 'yuv420p') errors.push(`config.strategy: parameter_storage renders yuv420p; the campaign's constraints require ${constraints.pixelFormat}`);
    return errors;
  }
  if (constraints?.encoders && !allowedEncoder(objective, config.encoder)) {
    errors.push(`config.encoder: ${config.encoder} is excluded by the campaign's constraints (allowed: ${constraints.encoders.join(', ')})`);
  }
  if (constraints?.pixelFormat && config.pixelFormat !== constraints.pixelFormat) {
    errors.push(`config.pixelFormat: the campaign's constraints require ${constraints.pixelFormat}, not ${config.pixelFormat}`);
  }
  return errors;
}

/**
 * Validates a proposal the model wrote, in the order the design gives: JSON, the model-facing
 * schema, the domain config schema (ranges for that encoder), then the campaign's own rules: the
 * encoder must be one the runners have and the objective's constraints allow, the pixel format one
 * the constraints allow, and the config must not repeat one already run or refused.
 */
export function checkProposal(content: string, context: CampaignContext, rejected: Rejected): Checked<CheckedProposal> {
  const json = parseJson(content);
  if (!json.ok) return json;
  const shaped = LlmProposalSchema.safeParse(json.value);
  if (!shaped.success) return fail('schema_violation', formatIssues(shaped.error.issues));
  const { input, errors } = toConfigInput(shaped.data.config);
  const parsed = ExperimentConfigSchema.safeParse(input);
  const rangeErrors = parsed.success ? [] : formatIssues(parsed.error.issues.map((issue) => ({ ...issue, path: flatPath(issue.path, shaped.data.config.strategy) })));
  const encoder = shaped.data.config.encoder;
  // What the runners offer, by the one rule the orchestrator and the runners apply too; an
  // encoder they lack is said even when the rest of the config is out of range.
  const { offer } = context;
  const available = offeredEncoders(offer);
  const problems: OfferProblem[] = parsed.success
    ? offerProblems(parsed.data, offer)
    : shaped.data.config.strategy === 'parameter_storage' || available.includes(encoder) ? [] : [{ kind: 'encoder', encoder, available }];
  const availability = [...constraintErrors(shaped.data.config, context.objective), ...problems.map(offerError)];
  if (errors.length || rangeErrors.length || availability.length || !parsed.success) {
    return fail('semantic_invalid', [...errors, ...availability, ...rangeErrors]);
  }
  const hash = configHash(parsed.data);
  const earlier = context.history.find((entry) => entry.configHash === hash);
  if (earlier) return fail('repeat', [`config: identical to experiment ${earlier.seq} (${hash.slice(0, 12)}), which already ran; propose a config not yet tried`]);
  const refusal = rejected.get(hash);
  if (refusal !== undefined) return fail('repeat', [`config: ${hash.slice(0, 12)} was refused earlier in this round (${refusal || 'no reason given'}); propose a different config`]);
  const { hypothesis, rationale, expectedBitrateMbps } = shaped.data;
  return {
    ok: true,
    value: {
      hypothesis,
      rationale,
      config: parsed.data,
      ...(expectedBitrateMbps === null ? {} : { expectedBitrateBps: expectedBitrateMbps * 1e6 }),
    },
  };
}

/** A VMAF figure in prose: `VMAF 93.1`, `VMAF of 93`, `VMAF: 92`, `+1.5 VMAF` (not `VMAF: 38.2 dB`, which is PSNR said badly). */
const VMAF_FIGURE = /\bVMAF\s*(?:(?:score|mean|of|is|was|at|around|about|=|:|~)\s*)*[+-]?\d+(?:\.\d+)?(?!\.?\d|\s*dB)|[+-]?\d+(?:\.\d+)?\s*(?:points? of\s+)?VMAF\b/i;

/**
 * Where no experiment of the campaign had VMAF measured, an analysis that quotes a VMAF figure made
 * it up (or passed PSNR off as VMAF): each field that does is named.
 */
function inventedVmaf(analysis: LlmAnalysis, context: CampaignContext): string[] {
  if (vmafMeasured(context)) return [];
  const fields: [string, string][] = [['summary', analysis.summary], ['rootCause', analysis.rootCause], ...analysis.insights.map((text, i): [string, string] => [`insights.${i}`, text]), ['nextStep', analysis.nextStep]];
  return fields.flatMap(([field, text]) => {
    const figure = VMAF_FIGURE.exec(text)?.[0];
    return figure ? [`${field}: quotes a VMAF figure ("${figure}"), but VMAF was not measured for any experiment of this campaign; cite the PSNR or SSIM that was measured, as such`] : [];
  });
}

/** Validates an analysis the model wrote: JSON, the model-facing schema, then no VMAF figure where none was measured. */
export function checkAnalysis(content: string, context: CampaignContext): Checked<LlmAnalysis> {
  const json = parseJson(content);
  if (!json.ok) return json;
  const shaped = LlmAnalysisSchema.safeParse(json.value);
  if (!shaped.success) return fail('schema_violation', formatIssues(shaped.error.issues));
  const invented = inventedVmaf(shaped.data, context);
  return invented.length ? fail('semantic_invalid', invented) : { ok: true, value: shaped.data };
}
