import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ExperimentParams, FrameParams, FramesSchema } from './frame-responses.ts';
import type { FrameStore } from './frame-store.ts';
import { framesBody } from './frames.ts';

/** A measured experiment's frames and stills never change: browsers and proxies may keep them. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const RUNNER_NOTE = [
  'Read from agent-runner (`RUNNER_ADDR`) and kept in memory; a measured experiment never changes, so the answer is cached for long (`Cache-Control: immutable`, ETag).',
  '404 for an unknown experiment or one that has not succeeded; 503 when `RUNNER_ADDR` is unset, no runner answers, or no runner holds the experiment any more: with an artifact store (`ARTIFACT_STORE`) every runner reads any experiment back from it; without one, only the runner that ran an experiment keeps its artifact and per-frame statistics.',
].join('\n\n');


/**
 * `GET /v1/experiments/:id/frames` (per-frame PSNR, SSIM and VMAF, and the worst frames) and
 * `GET /v1/experiments/:id/frames/:frame/{source,artifact}.png` (the frame as a PNG, the artifact
 * scaled to the source's size as it was measured). Both through the FrameStore's cache.
 */
export function registerFrameRoutes(app: FastifyInstance, frames: FrameStore): void {
  const tags = ['frames'];
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/v1/experiments/:id/frames',
    {
      schema: {
        summary: 'Per-frame PSNR, SSIM and VMAF of a measured experiment, and its worst frames',
        description: RUNNER_NOTE,
        tags,
        params: ExperimentParams,
        response: { 200: FramesSchema },
      },
    },
    async (request, reply) => {
      const { experiment, objectiveMetric, series } = await frames.frames(request.params.id);
      reply.header('cache-control', IMMUTABLE);
      return framesBody(experiment, objectiveMetric, series);
    },
  );

  for (const which of ['source', 'artifact'] as const) {
    api.get(
      `/v1/experiments/:id/frames/:frame/${which}.png`,
      {
        schema: {
          summary: which === 'source' ? 'One frame of the source, as a PNG' : "The same frame of the artifact, decoded and scaled to the source's size as it was measured, as a PNG",
          description: `${RUNNER_NOTE}\n\nThe source and artifact stills of a frame are rendered together, once, by agent-runner (RenderStill: two decodes, nothing encoded again). 404 for a frame the experiment did not compare.`,
          tags,
          params: FrameParams,
        },
      },
      async (request, reply) => {
        const still = await frames.still(request.params.id, request.params.frame);
        const image = still[which];
        reply.header('cache-control', IMMUTABLE).header('etag', image.etag).header('x-frame-size', `${still.width}x${still.height}`).type('image/png');
        return image.bytes;
      },
    );
  }
}
