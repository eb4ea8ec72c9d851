import type { AgentRunnerClient, WireCapabilitiesOutput, WireProgressOutput, WireRunEventOutput, WireSourceDescriptionOutput } from '@codec-lab/contracts';
import { DomainError, ENCODER_NAMES, type EncoderName, type ExperimentConfig, type ExperimentResult, type Source, type SourceDescription } from '@codec-lab/domain';
import type { GrpcMetrics } from '@codec-lab/observability';
import { callUnary, configToWire, fromGrpcError, grpcStatusName, resultFromWire, sourceDescriptionFromWire, sourceToWire } from '@codec-lab/rpc';

export interface RunnerCapabilities {
  readonly encoders: readonly EncoderName[];
  readonly presets: Readonly<Partial<Record<EncoderName, readonly string[]>>>;
  readonly pixelFormats: Readonly<Partial<Record<EncoderName, readonly string[]>>>;
  readonly gpuName: string;
  readonly vmafAvailable: boolean;
  readonly ffmpegVersion: string;
}

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
  private cached?: { at: number; value: RunnerCapabilities };

  constructor(
    private readonly client: AgentRunnerClient,
    private readonly metrics: GrpcMetrics,
    private readonly deadlineMs: number,
  ) {}

  async capabilities(): Promise<RunnerCapabilities> {
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
    const known = (name: string | undefined): name is EncoderName => (ENCODER_NAMES as readonly string[]).includes(name ?? '');
    const encoders = wire.encoders.filter((e) => known(e.name));
    const value: RunnerCapabilities = {
      encoders: encoders.map((e) => e.name as EncoderName),
      presets: Object.fromEntries(encoders.map((e) => [e.name, e.presets])),
      pixelFormats: Object.fromEntries(encoders.map((e) => [e.name, e.pixelFormats])),
      gpuName: wire.gpuName ?? '',
      vmafAvailable: wire.vmafAvailable ?? false,
      ffmpegVersion: wire.ffmpegVersion ?? '',
    };
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

  /** Runs one experiment; resolves with the measured result, or rejects with a DomainError. */
  run(
    request: { experimentId: string; source: Source; config: ExperimentConfig; sourceSha256?: string | undefined },
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
          sourceSha256: request.sourceSha256 ?? '',
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
            settle(13, new DomainError('internal', 'ERR_BAD_RESULT', `agent-runner sent a result that fails validation: ${(error as Error).message}`));
          }
        }
      });
      call.on('error', (error: Error & { code?: number }) => settle(error.code ?? 2, fromGrpcError(error, 'agent-runner')));
      call.on('end', () => settle(0));
      if (signal.aborted) onAbort();
    });
  }
}

function toProgress(wire: WireProgressOutput): Progress {
  return { phase: wire.phase ?? '', percent: wire.percent ?? 0, fps: wire.fps ?? 0 };
}
