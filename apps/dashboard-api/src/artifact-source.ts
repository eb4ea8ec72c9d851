import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DomainError, parseS3Uri } from '@codec-lab/domain';
import { experimentKey, openObject, readArtifactManifest, type S3Client, type StoreLocation } from '@codec-lab/object-store';

/** An experiment's artifact, opened for a download. */
export interface OpenedArtifact {
  readonly body: Readable;
  readonly bytes: number;
  /** The file name a browser saves it under. */
  readonly name: string;
  readonly contentType: string;
}

/** Where dashboard-api reads artifacts: the artifact store (ARTIFACT_STORE) or a local folder (ARTIFACT_DIR, one machine). */
export interface ArtifactSource {
  open(experimentId: string, artifactUri: string): Promise<OpenedArtifact>;
}

const contentTypeOf = (name: string) => (name.endsWith('.json') ? 'application/json' : 'video/mp4');
const gone = (experimentId: string, why: string) => new DomainError('not_found', 'ERR_ARTIFACT_NOT_FOUND', `experiment ${experimentId}'s artifact ${why}`);

/** Artifacts in the store, as their manifest lists them: a file whose ETag is not the listed one is not served. */
export function storedArtifacts(client: S3Client, location: StoreLocation): ArtifactSource {
  return {
    async open(experimentId, artifactUri) {
      const parsed = parseS3Uri(artifactUri);
      if (!parsed || parsed.bucket !== location.bucket) throw gone(experimentId, `is at ${artifactUri}, not in this dashboard's artifact store (s3://${location.bucket}/${location.prefix})`);
      const published = await readArtifactManifest(client, location, experimentId);
      if (!published) throw gone(experimentId, 'was never published to the artifact store (or its upload was cut short)');
      const file = published.manifest.files.find((f) => f.path === published.manifest.artifact);
      if (!file) throw gone(experimentId, 'is not listed in its manifest');
      const object = await openObject(client, location.bucket, experimentKey(location, experimentId, file.path), file.etag);
      return { body: object.body, bytes: object.bytes, name: `${experimentId}-${file.path.split('/').at(-1)}`, contentType: contentTypeOf(file.path) };
    },
  };
}

/** Artifacts on this machine's disk, where the runner wrote them (the embedded lab). */
export function localArtifacts(dir: string): ArtifactSource {
  const root = resolve(dir);
  return {
    async open(experimentId, artifactUri) {
      if (!artifactUri.startsWith('file:')) throw gone(experimentId, `is at ${artifactUri}, which this dashboard does not read (set ARTIFACT_STORE)`);
      const path = fileURLToPath(artifactUri);
      const rel = relative(root, path);
      if (rel.startsWith('..') || isAbsolute(rel)) throw gone(experimentId, `is outside this dashboard's ARTIFACT_DIR (${root})`);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile()) throw gone(experimentId, 'is no longer on disk');
      return { body: createReadStream(path), bytes: info.size, name: `${experimentId}-${path.split('/').at(-1)}`, contentType: contentTypeOf(path) };
    },
  };
}

export function noArtifacts(): ArtifactSource {
  return {
    async open() {
      throw new DomainError('unavailable', 'ERR_NO_ARTIFACT_STORE', 'this dashboard reads no artifacts: set ARTIFACT_STORE (s3://bucket/prefix) or, on one machine, ARTIFACT_DIR');
    },
  };
}
