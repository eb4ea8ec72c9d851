import { status, type ServiceError } from '@grpc/grpc-js';
import { loadContracts, type AgentRunnerClient, type WireFrameQualityOutput, type WireStillOutput } from '@codec-lab/contracts';
import { DomainError } from '@codec-lab/domain';
import type { GrpcMetrics } from '@codec-lab/observability';
import { callUnary, CLIENT_OPTIONS, insecureCredentials } from '@codec-lab/rpc';
import { frameSeriesFromWire, type FrameSeries } from './frames.ts';

// dashboard-api's one way to agent-runner: per-frame quality and stills of a measured experiment.
// Until artifacts live in object storage, only the runner that ran an experiment holds its artifact
// and per-frame statistics; with several runners behind one address (a headless Service, round
// robin), a runner that answers NOT_FOUND is not the end: the next call goes to the next runner.

/** One frame of an experiment as two PNGs, the source's and the artifact's, at the source's size. */
export interface StillPair {
  readonly frame: number;
  readonly width: number;
  readonly height: number;
  readonly sourcePng: Buffer;
  readonly artifactPng: Buffer;
}

export interface FrameRunner {
  frameQuality(experimentId: string): Promise<FrameSeries>;
  renderStill(experimentId: string, frame: number): Promise<StillPair>;
  close(): void;
}

const SERVICE = 'codeclab.v1.AgentRunner';
const QUALITY_DEADLINE_MS = 15_000;
// Two ffmpeg decodes up to the frame; a frame deep into a long source takes longer than one near the start.
const STILL_DEADLINE_MS = 25_000;
/** Runners asked in turn before "no runner holds it" (round robin moves on with each call). */
const LOOKUP_ATTEMPTS = 4;
// PNG stills of a 4K source and the series of a two-hour one are past gRPC's 4 MiB default.
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

const NOT_HELD =
  'until object storage exists, only the agent-runner that ran an experiment keeps its artifact and per-frame statistics, and that runner may have been replaced or had its artifact folder cleared';

/** Without RUNNER_ADDR: every call is a 503 that says what to set. */
export function unconfiguredRunner(): FrameRunner {
  const refuse = async (): Promise<never> => {
    throw new DomainError('unavailable', 'ERR_NO_RUNNER', 'per-frame quality and stills come from agent-runner, and dashboard-api has no RUNNER_ADDR: set it to agent-runner\'s gRPC address (host:port)');
  };
  return { frameQuality: refuse, renderStill: refuse, close: () => {} };
}

/** Translates the runner's statuses into what a dashboard reader can act on. */
function explain(error: unknown, address: string, experimentId: string, frame?: number): unknown {
  if (!(error instanceof DomainError)) return error;
  const detail = error.message.replace(/^codeclab\.v1\.AgentRunner\.\w+: /, '');
  if (error.code === 'ERR_SOURCE_CHANGED') {
    return new DomainError('precondition', 'ERR_SOURCE_CHANGED', `experiment ${experimentId}'s stills cannot be rendered: ${detail}`, { cause: error });
  }
  // The runner refuses a frame it did not compare with INVALID_ARGUMENT, code ERR_FRAME_OUT_OF_RANGE.
  const code = error.code === 'ERR_FRAME_OUT_OF_RANGE' ? status.OUT_OF_RANGE : (error.cause as Partial<ServiceError> | undefined)?.code;
  switch (code) {
    case status.NOT_FOUND:
      return new DomainError('unavailable', 'ERR_ARTIFACT_NOT_HELD', `no agent-runner at ${address} holds experiment ${experimentId}: ${NOT_HELD}`, { cause: error });
    case status.OUT_OF_RANGE:
      return new DomainError('not_found', 'ERR_FRAME_NOT_FOUND', `experiment ${experimentId} did not compare frame ${frame}: ${detail}`, { cause: error });
    case status.UNAVAILABLE:
    case status.DEADLINE_EXCEEDED:
      return new DomainError('unavailable', 'ERR_RUNNER_UNAVAILABLE', `agent-runner at ${address} did not answer (${status[code]}): ${detail}`, { cause: error });
    case status.UNIMPLEMENTED:
      return new DomainError('unavailable', 'ERR_RUNNER_UNAVAILABLE', `agent-runner at ${address} does not serve per-frame quality and stills (an older version)`, { cause: error });
    default:
      return error;
  }
}

const isNotFound = (error: unknown) => error instanceof DomainError && (error.cause as Partial<ServiceError> | undefined)?.code === status.NOT_FOUND;

/** A client of agent-runner at `address` (as the orchestrator's: round robin over what it resolves to). */
export function createFrameRunner(address: string, metrics?: GrpcMetrics): FrameRunner {
  const proto = loadContracts();
  const client = new proto.codeclab.v1.AgentRunner(address, insecureCredentials(), {
    ...CLIENT_OPTIONS,
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  }) as AgentRunnerClient;

  async function ask<Res>(method: 'GetFrameQuality' | 'RenderStill', request: object, deadlineMs: number, experimentId: string, frame?: number): Promise<Res> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await callUnary<object, Res>({ client, service: SERVICE, method, fn: client[method] as never, request, deadlineMs, metrics });
      } catch (error) {
        if (isNotFound(error) && attempt < LOOKUP_ATTEMPTS) continue;
        throw explain(error, address, experimentId, frame);
      }
    }
  }

  return {
    async frameQuality(experimentId) {
      return frameSeriesFromWire(await ask<WireFrameQualityOutput>('GetFrameQuality', { experimentId }, QUALITY_DEADLINE_MS, experimentId));
    },
    async renderStill(experimentId, frame) {
      const still = await ask<WireStillOutput>('RenderStill', { experimentId, frame }, STILL_DEADLINE_MS, experimentId, frame);
      if (!still.sourcePng?.length || !still.artifactPng?.length) {
        throw new DomainError('internal', 'ERR_BAD_STILL', `agent-runner sent an empty still for frame ${frame} of experiment ${experimentId}`);
      }
      return { frame: still.frame ?? frame, width: still.width ?? 0, height: still.height ?? 0, sourcePng: still.sourcePng, artifactPng: still.artifactPng };
    },
    close: () => client.close(),
  };
}
