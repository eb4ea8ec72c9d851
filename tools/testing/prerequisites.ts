// What a test needs from the machine, and the one way a test skips when it is not there: with
// vitest's own skip note (`context.skip(reason)`), so the reason travels with the skipped test to
// every reporter, and tools/testing/summary-reporter.ts lists it at the end of the run.
//
// A prerequisite CI installs itself (.ci/run: Chromium, Prometheus; npm test's pretest: the metrics
// ffmpeg) does not skip under CI (CI=true): the test fails with the same reason, since a skip there
// would hide a broken CI machine. What depends on the machine's hardware or ffmpeg build (an NVIDIA
// GPU, libvmaf in Debian's ffmpeg), or is not there on a clean clone (the shared clips beside the
// repository), stays a skip, with its reason, under CI too.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, type TestContext } from 'vitest';

export interface Prerequisite {
  /** What is missing and how to get it; undefined when it is there. */
  readonly missing: string | undefined;
  /** CI installs it itself: under CI a missing one fails the test instead of skipping it. */
  readonly ciProvides: boolean;
}

/** CI=true (or 1), as .ci/run and CI services set it. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['true', '1'].includes((env['CI'] ?? '').toLowerCase());
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** An executable at `path`: "no <what> at <path> (<install>)" when it is not there. */
export function executable(what: string, path: string, install: string, ciProvides = true): Prerequisite {
  return { missing: isExecutable(path) ? undefined : `no ${what} at ${path} (${install})`, ciProvides };
}

/** Anything else: `missing` is the reason, or undefined when `ok`. */
export function condition(ok: boolean, missing: string, ciProvides = false): Prerequisite {
  return { missing: ok ? undefined : missing, ciProvides };
}

/** Debian's Chromium, which playwright-core drives (no browser is downloaded); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const chromium = (): Prerequisite => executable('Chromium', CHROMIUM_PATH, 'apt-get install chromium');

/** Debian's Prometheus and its promtool; PROMETHEUS_PATH and PROMTOOL_PATH override. */
export const PROMETHEUS_PATH = process.env['PROMETHEUS_PATH'] ?? '/usr/bin/prometheus';
export const PROMTOOL_PATH = process.env['PROMTOOL_PATH'] ?? '/usr/bin/promtool';
export const prometheus = (): Prerequisite => all(executable('Prometheus', PROMETHEUS_PATH, 'apt-get install prometheus'), executable('promtool', PROMTOOL_PATH, 'apt-get install prometheus'));

/** The system ffmpeg (Debian's), which tests inspect directly; FFMPEG_PATH overrides, as for agent-runner. */
export const FFMPEG_PATH = process.env['FFMPEG_PATH'] ?? '/usr/bin/ffmpeg';

/**
 * The metrics ffmpeg: a static ffmpeg with libvmaf, which agent-runner measures VMAF with (Debian's
 * has no libvmaf). METRICS_FFMPEG_PATH, as for agent-runner, or where tools/metrics-ffmpeg.mjs
 * installs it (`installPath` in tools/metrics-ffmpeg.json). npm test's pretest installs it, and
 * under CI stops when it cannot, so under CI a missing one fails the test.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const METRICS_FFMPEG_PATH =
  process.env['METRICS_FFMPEG_PATH'] ||
  resolve(REPO, (JSON.parse(readFileSync(resolve(REPO, 'tools', 'metrics-ffmpeg.json'), 'utf8')) as { installPath: string }).installPath);
export const metricsFfmpeg = (): Prerequisite =>
  executable('metrics ffmpeg (ffmpeg with libvmaf)', METRICS_FFMPEG_PATH, 'npm test installs it first, or: node tools/metrics-ffmpeg.mjs');
/** The metrics ffmpeg's path when it is there (an executable), else undefined. */
export function metricsFfmpegPath(): string | undefined {
  return isExecutable(METRICS_FFMPEG_PATH) ? METRICS_FFMPEG_PATH : undefined;
}

/**
 * The shared evaluation clips, read from `../shared/media` beside the repository and never copied
 * in. A clean clone may sit without them, CI included: their tests skip, and say so.
 */
export const SHARED_MEDIA = fileURLToPath(new URL('../../../shared/media', import.meta.url));
export const sharedClips = (): Prerequisite =>
  condition(existsSync(SHARED_MEDIA), `no shared clips at ${SHARED_MEDIA} (put the shared media folder beside the repository, as ../shared/media)`);

/** Whether `ffmpeg -filters` lists `name` (e.g. libvmaf). */
export function ffmpegHasFilter(name: string, ffmpegPath = FFMPEG_PATH): boolean {
  const filters = execFileSync(ffmpegPath, ['-hide_banner', '-filters'], { encoding: 'utf8' });
  return filters.split('\n').some((line) => line.trim().split(/\s+/)[1] === name);
}

/** Every one of `needs` at once: the reasons joined. */
export function all(...needs: Prerequisite[]): Prerequisite {
  const unmet = needs.filter((n) => n.missing);
  return { missing: unmet.length ? unmet.map((n) => n.missing).join('; ') : undefined, ciProvides: unmet.some((n) => n.ciProvides) };
}

/** True when every prerequisite is there: guard beforeAll/afterAll work with it (they run even when each test skips). */
export function met(...needs: Prerequisite[]): boolean {
  return needs.every((n) => !n.missing);
}

/**
 * In a test (or a beforeEach hook): skips it with the reason when a prerequisite is missing, or,
 * under CI, fails it with the reason when CI could have provided what is missing.
 */
export function skipUnless(context: TestContext, ...needs: Prerequisite[]): void {
  const need = all(...needs);
  if (!need.missing) return;
  if (need.ciProvides && underCi()) throw new Error(`${need.missing}: CI installs this itself, so under CI the test fails instead of skipping`);
  context.skip(need.missing);
}

/** skipUnless for every test of the enclosing describe block (or of the file, at its top level). */
export function skipEachUnless(...needs: Prerequisite[]): void {
  beforeEach((context) => skipUnless(context, ...needs));
}
