import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExperimentResult } from '@codec-lab/domain';
import {
  ARTIFACT_MANIFEST,
  downloadFile,
  experimentKey,
  objectUri,
  putText,
  readArtifactManifest,
  uploadFile,
  type ArtifactManifest,
  type S3Client,
  type StoreLocation,
} from '@codec-lab/object-store';

const CONTENT_TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.json': 'application/json', '.log': 'text/plain' };
const contentType = (path: string) => CONTENT_TYPES[/\.[a-z0-9]+$/.exec(path)?.[0] ?? ''] ?? 'application/octet-stream';

/**
 * Publishes measured experiments to the artifact store (ARTIFACT_STORE) and reads them back, so
 * that every runner (per-frame quality, stills) and dashboard-api (downloads) reach what any
 * runner measured. Local folders under `artifactDir` are this runner's copies.
 */
export class ArtifactStore {
  constructor(
    private readonly client: S3Client,
    private readonly location: StoreLocation,
    private readonly artifactDir: string,
  ) {}

  /**
   * Uploads every file of the experiment's published folder, then the manifest that makes them
   * its artifact, and answers the result with the store's URIs. A runner that dies before the
   * manifest is written has published nothing: the next attempt uploads again.
   */
  async publish(experimentId: string, result: ExperimentResult): Promise<ExperimentResult> {
    const folder = join(resolve(this.artifactDir), experimentId);
    const files: ArtifactManifest['files'] = [];
    for (const path of await filesUnder(folder)) {
      if (path === ARTIFACT_MANIFEST) continue;
      const stored = await uploadFile(this.client, this.location.bucket, this.key(experimentId, path), join(folder, path), contentType(path));
      files.push({ path, ...stored });
    }
    const uri = (local: string) => {
      const path = relative(folder, fileURLToPath(local)).split(sep).join('/');
      return objectUri(this.location.bucket, this.key(experimentId, path));
    };
    const artifact = relative(folder, fileURLToPath(result.artifactUri)).split(sep).join('/');
    const manifest: ArtifactManifest = { experimentId, files, artifact, publishedAt: new Date().toISOString() };
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    await putText(this.client, this.location.bucket, this.key(experimentId, ARTIFACT_MANIFEST), text);
    await writeFile(join(folder, ARTIFACT_MANIFEST), text);
    return {
      ...result,
      artifactUri: uri(result.artifactUri),
      ...(result.segments ? { segments: result.segments.map((s) => ({ ...s, artifactUri: uri(s.artifactUri) })) } : {}),
    };
  }

  /**
   * Makes this runner's folder of an experiment the published one: kept when its manifest is the
   * store's, else fetched whole into a private folder and renamed into place. Does nothing for an
   * experiment the store has no manifest of (the local reader then answers as it would).
   */
  async ensureLocal(experimentId: string): Promise<void> {
    const published = await readArtifactManifest(this.client, this.location, experimentId);
    if (!published) return;
    const folder = join(resolve(this.artifactDir), experimentId);
    const local = await readFile(join(folder, ARTIFACT_MANIFEST), 'utf8').catch(() => null);
    if (local === published.text) return;
    const work = join(resolve(this.artifactDir), '.work', `${experimentId}.fetch-${randomBytes(4).toString('hex')}`);
    try {
      for (const file of published.manifest.files) {
        const path = join(work, ...file.path.split('/'));
        await mkdir(dirname(path), { recursive: true });
        await downloadFile(this.client, this.location.bucket, this.key(experimentId, file.path), path, file.etag);
      }
      await writeFile(join(work, ARTIFACT_MANIFEST), published.text);
      await rm(folder, { recursive: true, force: true });
      await rename(work, folder);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private key(experimentId: string, path: string): string {
    return experimentKey(this.location, experimentId, path);
  }
}

/** Every file under a folder, '/'-separated and relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
