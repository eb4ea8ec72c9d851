import type { AgentRunnerHandlers, WireDescribeSourceRequestOutput, WireRunEvent, WireRunExperimentRequestOutput } from '@codec-lab/contracts';
import { ENCODERS } from '@codec-lab/domain';
import { configFromWire, resultToWire, serverStreamHandler, sourceDescriptionToWire, sourceFromWire, unaryHandler, type HandlerContext } from '@codec-lab/rpc';
import type { RunnerService } from './runner.service.ts';

export const AGENT_RUNNER_SERVICE = 'codeclab.v1.AgentRunner';

export function createRunnerHandlers(ctx: HandlerContext, runner: RunnerService, maxConcurrent: number): AgentRunnerHandlers {
  return {
    RunExperiment: serverStreamHandler<WireRunExperimentRequestOutput, WireRunEvent>(ctx, 'RunExperiment', async (request, send, signal) => {
      const parsed = {
        experimentId: request.experimentId ?? '',
        source: sourceFromWire(request.source),
        config: configFromWire(request.config),
        // Passed on as sent: runExperiment validates it with the domain's ProbeSpecSchema.
        probe: request.probe ? { segments: request.probe.segments ?? 0, segmentSeconds: request.probe.segmentSeconds ?? 0 } : undefined,
        sourceSha256: request.sourceSha256 || undefined,
      };
      const result = await runner.run(parsed, (progress) => send({ progress }), signal);
      send({ result: resultToWire(result) });
    }),
    DescribeSource: unaryHandler(ctx, 'DescribeSource', async (request: WireDescribeSourceRequestOutput) =>
      sourceDescriptionToWire(await runner.describe(sourceFromWire(request.source))),
    ),
    GetCapabilities: unaryHandler(ctx, 'GetCapabilities', async () => ({
      encoders: runner.capabilities.encoders.map((name) => ({
        name,
        presets: [...ENCODERS[name].presets],
        crfMin: ENCODERS[name].crf.min,
        crfMax: ENCODERS[name].crf.max,
        pixelFormats: runner.capabilities.pixelFormats[name] ?? [],
        tunes: [...ENCODERS[name].tunes],
        twoPass: ENCODERS[name].twoPass,
        hardware: ENCODERS[name].hardware,
      })),
      vmafAvailable: runner.capabilities.vmafAvailable,
      ffmpegVersion: runner.capabilities.ffmpegVersion,
      gpuName: runner.capabilities.gpuName,
      maxConcurrent,
    })),
  };
}
