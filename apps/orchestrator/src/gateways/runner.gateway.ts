import { status } from '@grpc/grpc-js';
import type { AgentRunnerClient, WireCapabilitiesOutput, WireProgressOutput, WireRunEventOutput, WireSourceDescriptionOutput } from '@codec-lab/contracts';
import { DomainError, type ExperimentConfig, type ExperimentResult, type ProbeSpec, type RunnerOffer, type Source, type SourceDescription, type VmafOptions } from '@codec-lab/domain';
import type { GrpcMetrics } from '@codec-lab/observability';
import { callUnary, configToWire, fromGrpcError, grpcStatusName, offerFromWire, resultFromWire, sourceDescriptionFromWire, sourceToWire, vmafOptionsToWire } from '@codec-lab/rpc';

export interface Progress {
  readonly phase: string;
  readonly percent: number;
  readonly fps: number;
}

const SERVICE = 'codeclab.v1.AgentRunner';
const CAPABILITIES_TTL_MS = 60_000;
// Describing probes the file and hashes it; a long source takes a while, within an HTTP request.
const DESCRIBE_DEADLINE_MS = 25_000;

/** The orchestrator's one way to agent-runner: deadlines, status mapping, cancellation. */
export class RunnerGateway {
  private cached?: { at: number; value: RunnerOffer };

  constructor(
    private readonly client: AgentRunnerClient,
    private readonly metrics: GrpcMetrics,
    private readonly deadlineMs: number,
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
   * Runs one experiment, measuring VMAF as `vmaf` says (the campaign's options); resolves with the
   * measured result, or rejects with a DomainError.
   */
  run(
    request: { experimentId: string; source: Source; config: ExperimentConfig; vmaf: VmafOptions; sourceSha256?: string | undefined; probe?: ProbeSpec | undefined },
    onProgress: (progress: Progress) => void,
    signal: AbortSignal,
  ): Promise<ExperimentResult> {
    const started = performance.now();
    return new Promise<ExperimentResult>((resolve, reject) => {
      const call = this.client.RunExperiment(
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
