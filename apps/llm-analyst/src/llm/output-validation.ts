import {
  configHash,
  ExperimentConfigSchema,
  formatIssues,
  type CampaignContext,
  type ExperimentConfig,
} from '@codec-lab/domain';
import type { Rejected } from '../backend.ts';
import type { FallbackReason } from './fallback-reason.ts';
import { LlmAnalysisSchema, LlmProposalSchema, toConfigInput, type LlmAnalysis } from './llm-schemas.ts';

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
function flatPath(path: readonly PropertyKey[]): PropertyKey[] {
  const [head, ...rest] = path;
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

/** What the runners' trial encodes proved, where the orchestrator sent it: presets and pixel formats. */
function offerErrors(context: CampaignContext, encoder: string, config: ExperimentConfig | undefined): string[] {
  const offer = context.encoderOffers?.[encoder];
  if (!offer || !config) return [];
  return [
    ...(offer.presets.includes(config.preset) ? [] : [`config.preset: the runners offer ${encoder} presets ${offer.presets.join(', ')}`]),
    ...(offer.pixelFormats.includes(config.pixelFormat) ? [] : [`config.pixelFormat: the runners' ${encoder} encodes ${offer.pixelFormats.join(', ') || 'nothing'}`]),
  ];
}

/**
 * Validates a proposal the model wrote, in the order the design gives: JSON, the model-facing
 * schema, the domain config schema (ranges for that encoder), then the campaign's own rules: the
 * encoder must be one the runners have, and the config must not repeat one already run or refused.
 */
export function checkProposal(content: string, context: CampaignContext, rejected: Rejected): Checked<CheckedProposal> {
  const json = parseJson(content);
  if (!json.ok) return json;
  const shaped = LlmProposalSchema.safeParse(json.value);
  if (!shaped.success) return fail('schema_violation', formatIssues(shaped.error.issues));
  const { input, errors } = toConfigInput(shaped.data.config);
  const parsed = ExperimentConfigSchema.safeParse(input);
  const rangeErrors = parsed.success ? [] : formatIssues(parsed.error.issues.map((issue) => ({ ...issue, path: flatPath(issue.path) })));
  const encoder = shaped.data.config.encoder;
  const availability = context.availableEncoders.includes(encoder)
    ? offerErrors(context, encoder, parsed.success ? parsed.data : undefined)
    : [`config.encoder: ${encoder} is not available on the runners (available: ${context.availableEncoders.join(', ') || 'none'})`];
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

/** Validates an analysis the model wrote: JSON, then the model-facing schema. */
export function checkAnalysis(content: string): Checked<LlmAnalysis> {
  const json = parseJson(content);
  if (!json.ok) return json;
  const shaped = LlmAnalysisSchema.safeParse(json.value);
  return shaped.success ? { ok: true, value: shaped.data } : fail('schema_violation', formatIssues(shaped.error.issues));
}
