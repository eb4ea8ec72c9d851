import { configHash, ENCODERS, ExperimentConfigSchema, formatIssues, type Experiment, type Proposal } from '@codec-lab/domain';
import type { RunnerCapabilities } from '../gateways/runner.gateway.ts';

/**
 * The orchestrator's own check of a proposal before anything runs: the schema again (the analyst
 * is not trusted), what the runners can really do, and that the config is not a repeat.
 * Returns the reasons it is refused; empty means accepted.
 */
export function validateProposal(proposal: Proposal, history: readonly Experiment[], capabilities: RunnerCapabilities): string[] {
  const parsed = ExperimentConfigSchema.safeParse(proposal.config);
  if (!parsed.success) return formatIssues(parsed.error.issues);
  const config = parsed.data;
  const errors: string[] = [];
  if (!capabilities.encoders.includes(config.encoder)) {
    errors.push(`encoder: ${config.encoder} is not available on the runners (available: ${capabilities.encoders.join(', ')})`);
  } else {
    const presets = capabilities.presets[config.encoder] ?? ENCODERS[config.encoder].presets;
    if (!presets.includes(config.preset)) errors.push(`preset: ${config.preset} is not a preset the runners offer for ${config.encoder}`);
    const formats = capabilities.pixelFormats[config.encoder] ?? [];
    if (!formats.includes(config.pixelFormat)) {
      errors.push(`pixelFormat: the runners' ${config.encoder} does not encode ${config.pixelFormat} (it does: ${formats.join(', ') || 'none'})`);
    }
  }
  const hash = configHash(config);
  const repeat = history.find((e) => e.configHash === hash);
  if (repeat) errors.push(`config: identical to experiment ${repeat.seq}, which already ran in this campaign`);
  return errors;
}
