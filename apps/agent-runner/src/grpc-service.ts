import type {
  AgentRunnerHandlers,
  WireDescribeSourceRequestOutput,
  WireGetFrameQualityRequestOutput,
  WireRenderStillRequestOutput,
  WireRunEvent,
  WireRunExperimentRequestOutput,
  WireUploadSourceChunkOutput,
} from '@codec-lab/contracts';
import { runnerOffer } from '@codec-lab/domain';
import {
  clientStreamHandler,
  configFromWire,
  offerToWire,
  resultToWire,
  serverStreamHandler,
  sourceDescriptionToWire,
  sourceFromWire,
  sourceToWire,
  unaryHandler,
  vmafOptionsFromWire,
  type HandlerContext,
} from '@codec-lab/rpc';
import type { RunnerService } from './runner.service.ts';

export const AGENT_RUNNER_SERVICE = 'codeclab.v1.AgentRunner';
const STILL_TIMEOUT_MS = 60_000;

export function createRunnerHandlers(ctx: HandlerContext, runner: RunnerService, maxConcurrent: number): AgentRunnerHandlers {
  return {
    RunExperiment: serverStreamHandler<WireRunExperimentRequestOutput, WireRunEvent>(ctx, 'RunExperiment', async (request, send, signal) => {
      const parsed = {
        experimentId: request.experimentId ?? '',
        source: sourceFromWire(request.source),
        config: configFromWire(request.config),
        // Passed on as sent: runExperiment validates it with the domain's ProbeSpecSchema.
        probe: request.probe ? { segments: request.probe.segments ?? 0, segmentSeconds: request.probe.segmentSeconds ?? 0, ...(request.probe.starts?.length ? { starts: request.probe.starts } : {}) } : undefined,
        sourceSha256: request.sourceSha256 || undefined,
        vmaf: vmafOptionsFromWire(request.vmaf),
      };
      const result = await runner.run(parsed, (progress) => send({ progress }), signal);
      send({ result: resultToWire(result) });
    }),
    DescribeSource: unaryHandler(ctx, 'DescribeSource', async (request: WireDescribeSourceRequestOutput) =>
      sourceDescriptionToWire(await runner.describe(sourceFromWire(request.source))),
    ),
    // The runner's offer: its trial encodes at start-up, completed with the static encoder table.
    GetCapabilities: unaryHandler(ctx, 'GetCapabilities', async () => offerToWire(runnerOffer(runner.capabilities, maxConcurrent))),
    GetFrameQuality: unaryHandler(ctx, 'GetFrameQuality', async (request: WireGetFrameQualityRequestOutput) =>
      runner.frameQuality(request.experimentId ?? ''),
    ),
    RenderStill: unaryHandler(ctx, 'RenderStill', async (request: WireRenderStillRequestOutput, call) => {
      // A caller that gives up stops the decode; none runs longer than a minute.
      const cancelled = new AbortController();
      call.on('cancelled', () => cancelled.abort());
      const signal = AbortSignal.any([cancelled.signal, AbortSignal.timeout(STILL_TIMEOUT_MS)]);
      return runner.still(request.experimentId ?? '', request.frame ?? 0, signal);
    }),
    GetLoad: unaryHandler(ctx, 'GetLoad', async () => ({ runnerId: runner.id, active: runner.activeExperiments, maxConcurrent })),
    UploadSource: clientStreamHandler(ctx, 'UploadSource', async (messages: AsyncIterable<WireUploadSourceChunkOutput>, signal) => {
      const uploaded = await runner.upload(messages, signal);
      return { source: sourceToWire(uploaded.source), description: sourceDescriptionToWire(uploaded.description), existing: uploaded.existing };
    }),
  };
}
