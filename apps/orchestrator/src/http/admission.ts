import { configConstraintErrors, constraintOfferProblems, objectiveProblems, vmafProblems, vmafWanted, type MeasurementRequest } from '@codec-lab/campaign';
import { DomainError, isDomainError, type ExperimentConfig, type RunnerOffer, type Source, type SourceDescription } from '@codec-lab/domain';

// What both create routes check with a runner before anything is written: that the source can be
// used, and that the runners can measure what the campaign asks for. A refusal is a 400 naming
// the problem, no runner to ask a 503; nothing is created in either case.

/** The runners, as the door asks them. */
export interface RunnerAtTheDoor {
  /** Has an agent-runner open and describe a source (RunnerGateway.describe). */
  readonly describeSource: (source: Source) => Promise<SourceDescription>;
  /** What the runners offer (RunnerGateway.capabilities). */
  readonly runnerOffer: () => Promise<RunnerOffer>;
}

/** A runner's answer, or a 503 when none could give it; a refusal the runner made passes through. */
async function ask<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isDomainError(error) && (error.kind === 'unavailable' || error.kind === 'timeout' || error.kind === 'exhausted')) {
      throw new DomainError('unavailable', 'ERR_NO_RUNNER', `no agent-runner could ${what} (${error.message}); nothing was created, try again`);
    }
    throw error;
  }
}

/** The source as a runner describes it; a source the runner refuses is a 400 naming the problem. */
export async function describeAtTheDoor(runners: RunnerAtTheDoor, source: Source): Promise<SourceDescription> {
  try {
    return await ask('describe the source', () => runners.describeSource(source));
  } catch (error) {
    if (isDomainError(error) && (error.kind === 'invalid' || error.kind === 'not_found' || error.kind === 'precondition')) {
      const reason = error.message.replace(/^codeclab\.v1\.AgentRunner\.DescribeSource: /, '');
      throw new DomainError('invalid', error.code, `the source cannot be used: ${reason}`, { details: [`source: ${reason}`] });
    }
    throw error;
  }
}

/** What a create request asks of the runners: the objective, the VMAF options and, for a single experiment, its config. */
export interface AdmissionRequest extends MeasurementRequest {
  readonly config?: ExperimentConfig | undefined;
}

const MESSAGES: Readonly<Record<string, string>> = {
  ERR_VALIDATION: 'invalid request',
  ERR_CONSTRAINT_UNAVAILABLE: "the runners cannot run this campaign within its objective's constraints",
};

/**
 * Refuses what the campaign rules refuse (`@codec-lab/campaign`): a minimum or target quality off
 * its metric's scale, an explicit config that breaks the objective's encoder or pixel-format
 * constraint; where the request wants VMAF (an objective of any kind in VMAF, or VMAF options
 * given), VMAF or a model the runners do not measure; and constraints that leave no encoder the
 * runners have. The runners are asked only for the last two, so a PSNR campaign without encoder
 * or pixel-format constraints is never held up by them here.
 */
export async function admitMeasurement(runners: RunnerAtTheDoor, request: AdmissionRequest): Promise<void> {
  const { objective, config } = request;
  const problems: { code: string; issue: string }[] = [
    ...objectiveProblems(objective),
    ...(config ? configConstraintErrors(config, objective.constraints).map((error) => ({ code: 'ERR_VALIDATION', issue: `config.${error}` })) : []),
  ];
  const constrained = objective.constraints?.encoders !== undefined || objective.constraints?.pixelFormat !== undefined;
  if (problems.length === 0 && (vmafWanted(request) || constrained)) {
    const offer = await ask('report what it measures', runners.runnerOffer);
    problems.push(...vmafProblems(request, offer));
    problems.push(...constraintOfferProblems(objective, offer).map((issue) => ({ code: 'ERR_CONSTRAINT_UNAVAILABLE', issue })));
  }
  const [first] = problems;
  if (!first) return;
  const issues = problems.map((p) => p.issue);
  throw new DomainError('invalid', first.code, `${MESSAGES[first.code] ?? 'the runners cannot measure this campaign'}: ${issues.join('; ')}`, { details: issues });
}
