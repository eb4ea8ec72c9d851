import { objectiveProblems, vmafProblems, vmafWanted, type MeasurementRequest } from '@codec-lab/campaign';
import { DomainError, isDomainError, type RunnerOffer, type Source, type SourceDescription } from '@codec-lab/domain';

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

/**
 * Refuses what the campaign's metric rules refuse (`@codec-lab/campaign`): a minimum quality off
 * its metric's scale, and, where the request wants VMAF (a VMAF objective, or VMAF options given),
 * VMAF or a model the runners do not measure. The runners are asked only then, so a PSNR campaign
 * is never held up by them here.
 */
export async function admitMeasurement(runners: RunnerAtTheDoor, request: MeasurementRequest): Promise<void> {
  const problems = objectiveProblems(request.objective);
  if (problems.length === 0 && vmafWanted(request)) problems.push(...vmafProblems(request, await ask('report what it measures', runners.runnerOffer)));
  const [first] = problems;
  if (!first) return;
  const issues = problems.map((p) => p.issue);
  const message = first.code === 'ERR_VALIDATION' ? `invalid request: ${issues.join('; ')}` : `the runners cannot measure this campaign: ${issues.join('; ')}`;
  throw new DomainError('invalid', first.code, message, { details: issues });
}
