import { encoderOffer, offeredEncoders, type Constraints, type EncoderName, type ExperimentConfig, type Objective, type RunnerOffer } from '@codec-lab/domain';

// The objective's constraints that can be checked before anything runs: which encoders may be
// proposed and which pixel format every config encodes to. The measured ones (encode speed,
// size) are the domain's `constraintViolations`, applied to results.

/** Why a config breaks the objective's encoder or pixel-format constraint, naming both the config's field and the constraint. */
export function configConstraintErrors(config: ExperimentConfig, constraints: Constraints | undefined): string[] {
  const errors: string[] = [];
  if (config.strategy === 'parameter_storage') {
    if (constraints?.encoders) errors.push(`strategy: parameter_storage breaks the objective's constraint encoders (allowed: ${constraints.encoders.join(', ')})`);
    if (constraints?.pixelFormat && constraints.pixelFormat !== 'yuv420p') errors.push(`strategy: parameter_storage renders yuv420p, which breaks the objective's constraint pixelFormat (${constraints.pixelFormat})`);
    return errors;
  }
  if (constraints?.encoders && !constraints.encoders.includes(config.encoder)) {
    errors.push(`encoder: ${config.encoder} breaks the objective's constraint encoders (allowed: ${constraints.encoders.join(', ')})`);
  }
  if (constraints?.pixelFormat && config.pixelFormat !== constraints.pixelFormat) {
    errors.push(`pixelFormat: ${config.pixelFormat} breaks the objective's constraint pixelFormat (every config encodes to ${constraints.pixelFormat})`);
  }
  return errors;
}

/** The runners' encoders the constraints allow and that encode the constrained pixel format, in the offer's order. */
export function allowedEncoders(objective: Objective, offer: RunnerOffer): EncoderName[] {
  const { encoders, pixelFormat } = objective.constraints ?? {};
  return offeredEncoders(offer).filter(
    (name) => (!encoders || encoders.includes(name)) && (!pixelFormat || (encoderOffer(offer, name)?.pixelFormats.includes(pixelFormat) ?? false)),
  );
}

/** Why a constraint leaves nothing the runners could run, naming the constraint; empty when something is left. */
export function constraintOfferProblems(objective: Objective, offer: RunnerOffer): string[] {
  const { encoders, pixelFormat } = objective.constraints ?? {};
  if (!encoders && !pixelFormat) return [];
  const offered = offeredEncoders(offer);
  const named = encoders ? offered.filter((name) => encoders.includes(name)) : offered;
  if (encoders && named.length === 0) {
    return [`objective.constraints.encoders: none of ${encoders.join(', ')} is available on the runners (they have ${offered.join(', ') || 'none'})`];
  }
  if (allowedEncoders(objective, offer).length === 0) {
    return [`objective.constraints.pixelFormat: no allowed encoder on the runners encodes ${pixelFormat} (${named.map((name) => `${name}: ${encoderOffer(offer, name)?.pixelFormats.join(', ') || 'none'}`).join('; ')})`];
  }
  return [];
}
