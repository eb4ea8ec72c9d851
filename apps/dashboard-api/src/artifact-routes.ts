import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '@codec-lab/domain';
import type { ReadStore } from '@codec-lab/store';
import type { ArtifactSource } from './artifact-source.ts';
import { ExperimentParams } from './frame-responses.ts';
import { IMMUTABLE } from './frame-routes.ts';
import { parseExperimentId } from './frames.ts';

const DESCRIPTION = [
  'The encoded file a succeeded experiment measured (a probe run: its segment list, JSON), as the runner published it: from the artifact store (`ARTIFACT_STORE`), where every runner publishes what it measured, or on one machine from `ARTIFACT_DIR`.',
  'Served only as its manifest lists it (the ETag it was stored with), so a cut or replaced upload is never served. 404 for an unknown experiment, one that has not succeeded, or one whose artifact is not in the store; 503 when no store is configured or it cannot be reached.',
].join('\n\n');

/** `GET /v1/experiments/:id/artifact`: the measured artifact, streamed as a download. */
export function registerArtifactRoutes(app: FastifyInstance, store: ReadStore, artifacts: ArtifactSource): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/experiments/:id/artifact',
    { schema: { summary: 'Download the artifact of a measured experiment', description: DESCRIPTION, tags: ['frames'], params: ExperimentParams } },
    async (request, reply) => {
      const id = request.params.id;
      const { campaignId, seq } = parseExperimentId(id);
      const experiment = await store.experiments.get(campaignId, seq);
      if (experiment.status !== 'succeeded' || !experiment.result) {
        throw new DomainError('not_found', 'ERR_EXPERIMENT_NOT_MEASURED', `experiment ${id} has not been measured (it is ${experiment.status}): only a succeeded experiment has an artifact`);
      }
      const opened = await artifacts.open(id, experiment.result.artifactUri);
      reply
        .header('cache-control', IMMUTABLE)
        .header('etag', `"${experiment.result.artifactSha256}"`)
        .header('content-length', opened.bytes)
        .header('content-disposition', `attachment; filename="${opened.name}"`)
        .type(opened.contentType);
      return reply.send(opened.body);
    },
  );
}
