import { status } from '@grpc/grpc-js';
import type { AgentRunnerClient, WireCapabilitiesOutput, WireProgressOutput, WireRunEventOutput, WireSourceDescriptionOutput } from '@codec-lab/contracts';
import { DomainError, isDomainError, type ExperimentConfig, type ExperimentResult, type ProbeSpec, type RunnerOffer, type Source, type SourceDescription, type VmafOptions } from '@codec-lab/domain';
import type { GrpcMetrics } from '@codec-lab/observability';
import { callUnary, configToWire, fromGrpcError, grpcStatusName, offerFromWire, resultFromWire, sourceDescriptionFromWire, sourceToWire, vmafOptionsToWire } from '@codec-lab/rpc';
import { RunnerPlacement, type PlacementDeps } from './runner-placement.ts';

export type RunRequest = { experimentId: string; source: Source; config: ExperimentConfig; vmaf: VmafOptions; sourceSha256?: string | undefined; probe?: ProbeSpec | undefined };

export interface Progress {
  readonly phase: string;
  readonly percent: number;
  readonly fps: number;
}

const SERVICE = 'codeclab.v1.AgentRunner';
const CAPABILITIES_TTL_MS = 60_000;
// Describing probes the file and hashes it; a long source takes a while, within an HTTP request.
const DESCRIBE_DEADLINE_MS = 25_000;
/** Refusals one run takes (each sends the experiment to another runner at once) before it gives the error to its caller's retries. */
const MAX_REFUSALS_PER_RUN = 10;

/** The orchestrator's one way to agent-runner: deadlines, status mapping, cancellation. */
export class RunnerGateway {
  private cached?: { at: number; value: RunnerOffer };

  constructor(
    private readonly client: AgentRunnerClient,
    private readonly metrics: GrpcMetrics,
    private readonly deadlineMs: number,
    /** Experiments are placed by the runners' capacity (RunnerPool); without it, they go round robin over `client`. */
    private readonly placement?: PlacementDeps,
  ) {}

  /** What the runners offer, as agent-runner's GetCapabilities reports it; cached for a minute. */
  async capabilities(): Promise<RunnerOffer> {
    if (this.cached && Date.now() - this.cached.at < CAPABILITIES_TTL_MS) return this.cached.value;
    const wire = await callUnary<object, WireCapabilitiesOutput>({
      client: this.client,
      service: SERVICE,
      method: 'GetCapabilities',
      fn: this.client.GetCapabilities,
      request: {},
      deadlineMs: 10_000,
      metrics: this.metrics,
    });
    const value = offerFromWire(wire);
    this.cached = { at: Date.now(), value };
    return value;
  }

  /**
   * Has a runner open and describe a source. A source it refuses comes back as a DomainError of
   * kind 'invalid', 'not_found' or 'precondition' naming the problem; no runner reachable is
   * 'unavailable'.
   */
  async describe(source: Source): Promise<SourceDescription> {
    const wire = await callUnary<object, WireSourceDescriptionOutput>({
      client: this.client,
      service: SERVICE,
      method: 'DescribeSource',
      fn: this.client.DescribeSource,
      request: { source: sourceToWire(source) },
      deadlineMs: DESCRIBE_DEADLINE_MS,
      metrics: this.metrics,
    });
    return sourceDescriptionFromWire(wire);
  }

  /**
   * Holds a slot of the least loaded agent-runner for `holder` (an experiment's id) while `work`
   * runs, waiting while every runner is full; `work` gets the placement to pass to `run`.
   */
  async reserve<T>(holder: string, signal: AbortSignal, work: (placement: RunnerPlacement | undefined) => Promise<T>): Promise<T> {
    if (!this.placement) return work(undefined);
    const placement = new RunnerPlacement(this.placement, holder);
    try {
      await placement.acquire(signal);
      return await work(placement);
    } finally {
      await placement.release();
    }
  }

  /**
   * Runs one experiment, measuring VMAF as `vmaf` says (the campaign's options); resolves with the
   * measured result, or rejects with a DomainError. With a pool, it runs on the runner whose slot
   * `placement` holds (a placement of its own where none is given); a runner that refuses it
   * (RESOURCE_EXHAUSTED) is counted and another is taken at once; one that is unreachable is left
   * out and the error given to the caller's retries, which place it again.
   */
  async run(request: RunRequest, onProgress: (progress: Progress) => void, signal: AbortSignal, placement?: RunnerPlacement): Promise<ExperimentResult> {
    if (!this.placement) return this.runOn(this.client, request, onProgress, signal);
    const place = placement ?? new RunnerPlacement(this.placement, request.experimentId);
    try {
      for (let refusals = 0; ; refusals++) {
        const runner = await place.acquire(signal);
        try {
          return await this.runOn(runner.client, request, onProgress, signal);
        } catch (error) {
          if (!isDomainError(error) || signal.aborted) throw error;
          if (error.kind === 'exhausted') {
            this.placement.logger.warn({ experimentId: request.experimentId, runnerId: runner.runnerId, code: error.code }, 'agent-runner refused an experiment it had a slot for; placing it on another');
            await place.refused(error.code === 'ERR_RUNNER_BUSY' ? 'busy' : 'exhausted');
            if (refusals < MAX_REFUSALS_PER_RUN) continue;
          }
          if (error.kind === 'unavailable') await place.lost();
          throw error;
        }
      }
    } finally {
      if (!placement) await place.release();
    }
  }

  private runOn(client: AgentRunnerClient, request: RunRequest, onProgress: (progress: Progress) => void, signal: AbortSignal): Promise<ExperimentResult> {
    const started = performance.now();
    return new Promise<ExperimentResult>((resolve, reject) => {
      const call = client.RunExperiment(
        {
          experimentId: request.experimentId,
          source: sourceToWire(request.source),
          config: configToWire(request.config),
          vmaf: vmafOptionsToWire(request.vmaf),
          sourceSha256: request.sourceSha256 ?? '',
          ...(request.probe ? { probe: { segments: request.probe.segments, segmentSeconds: request.probe.segmentSeconds, starts: request.probe.starts ?? [] } } : {}),
        },
        { deadline: Date.now() + this.deadlineMs },
      );
      let result: ExperimentResult | undefined;
      let settled = false;
      const settle = (code: number, error?: DomainError) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        this.metrics.observe(SERVICE, 'RunExperiment', grpcStatusName(code), (performance.now() - started) / 1000);
        if (error) reject(error);
        else if (result) resolve(result);
        else reject(new DomainError('internal', 'ERR_NO_RESULT', 'agent-runner ended the call without a result'));
      };
      const onAbort = () => call.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      call.on('data', (event: WireRunEventOutput) => {
        if (event.progress) onProgress(toProgress(event.progress));
        if (event.result) {
          try {
            result = resultFromWire(event.result);
          } catch (error) {
            call.cancel();
            settle(status.INTERNAL, new DomainError('internal', 'ERR_BAD_RESULT', `agent-runner sent a result that fails validation: ${(error as Error).message}`));
          }
        }
      });
      call.on('error', (error: Error & { code?: number }) => settle(error.code ?? status.UNKNOWN, fromGrpcError(error, 'agent-runner')));
      call.on('end', () => settle(status.OK));
      if (signal.aborted) onAbort();
    });
  }
}

function toProgress(wire: WireProgressOutput): Progress {
  return { phase: wire.phase ?? '', percent: wire.percent ?? 0, fps: wire.fps ?? 0 };
}
