import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Where an experiment's attempts write. Each attempt works in a folder of its own,
 * `<artifactDir>/.work/<experimentId>.<random>/`, and only a finished, measured attempt is moved
 * to `<artifactDir>/<experimentId>/` in one rename. An attempt that dies at any point (ffmpeg
 * killed, the runner SIGKILLed mid-encode or mid-measure, the machine stopped) leaves at most its
 * own work folder, which no later attempt reads: the next attempt of the same experiment removes
 * it, and whatever an earlier attempt published, before it starts.
 */
export interface AttemptDirs {
  /** This attempt's private folder: everything is written here. */
  readonly work: string;
  /** Where the outputs will be once published; result URIs name files here. */
  readonly published: string;
}

const WORK = '.work';

/**
 * Clears every trace of earlier attempts of `experimentId` and makes a fresh work folder. The
 * caller guarantees that no other attempt of this experiment is running in this process.
 */
export async function beginAttempt(artifactDir: string, experimentId: string): Promise<AttemptDirs> {
  const root = resolve(artifactDir);
  const workRoot = join(root, WORK);
  await mkdir(workRoot, { recursive: true });
  // Experiment ids have no '.', so `<id>.` names this experiment's work folders and no other's.
  const stale = (await readdir(workRoot)).filter((name) => name.startsWith(`${experimentId}.`));
  const published = join(root, experimentId);
  await Promise.all([...stale.map((name) => rm(join(workRoot, name), { recursive: true, force: true })), rm(published, { recursive: true, force: true })]);
  return { work: await mkdtemp(join(workRoot, `${experimentId}.`)), published };
}

/** Moves a finished attempt's folder into place, replacing whatever is there. */
export async function publishAttempt(dirs: AttemptDirs): Promise<void> {
  await rm(dirs.published, { recursive: true, force: true });
  await rename(dirs.work, dirs.published);
}

/** Removes an attempt's work folder (after a failure; a published attempt has none left). */
export async function discardAttempt(dirs: AttemptDirs): Promise<void> {
  await rm(dirs.work, { recursive: true, force: true });
}

/**
 * Removes work folders untouched for longer than `olderThanMs`: attempts of a runner process that
 * died. Every live attempt ends within the experiment timeout, so anything older is abandoned.
 * Returns how many were removed.
 */
export async function sweepAbandonedAttempts(artifactDir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  const workRoot = join(resolve(artifactDir), WORK);
  const names = await readdir(workRoot).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(workRoot, name);
    const info = await stat(path).catch(() => null);
    if (!info || now - info.mtimeMs <= olderThanMs) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
