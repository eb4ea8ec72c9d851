import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  DomainError,
  FileSourceSchema,
  formatIssues,
  SyntheticSourceSchema,
  syntheticFrameCount,
  type Source,
  type SyntheticSource,
} from '@codec-lab/domain';
import { sha256 } from './artifact-file.ts';
import { probeVideo, type ColorRange, type Rational, type VideoProbe } from './probe.ts';

/** A source made ready for ffmpeg: how to open it, and what it holds. */
export interface InputSpec {
  readonly kind: Source['kind'];
  /** Options placed before `-i`, e.g. `-f lavfi`. */
  readonly inputOptions: readonly string[];
  /** The `-i` argument: a lavfi graph, or `file:<absolute real path>`. */
  readonly input: string;
  readonly width: number;
  readonly height: number;
  /** The nominal rate; a variable-rate file's frames need not follow it (see frameTimes). */
  readonly fps: Rational;
  readonly frames: number;
  /** The video's own duration, first frame to the end of the last. */
  readonly durationSeconds: number;
  readonly pixFmt: string;
  readonly colorRange: ColorRange;
  /**
   * Presentation time of each frame, seconds from where `-ss 0` is, for a file whose packets
   * carry timestamps; null for a synthetic source (frame n is at n / fps).
   */
  readonly frameTimes: readonly number[] | null;
  readonly codec: string;
  readonly audio: boolean;
  /** A file source's size and content digest, as read now; null for a synthetic source. */
  readonly file: { readonly sizeBytes: number; readonly sha256: string } | null;
  /** An object source's URI (its bytes are read from a local copy, `input`). */
  readonly objectUri?: string | undefined;
}

/**
 * Where object sources (`s3://bucket/key`) are read from: a whole local copy of the object, made
 * once per version of it. The bucket must be one the runner allows.
 */
export interface ObjectSources {
  /** The absolute path of a whole local copy of the object. */
  localCopy(uri: string, signal?: AbortSignal): Promise<string>;
}

/** The largest source a runner accepts: 8K UHD, two hours. */
export const SOURCE_LIMITS = { maxWidth: 7680, maxHeight: 4320, maxSeconds: 7200 } as const;

// A campaign encodes one source many times; probing it (two ffprobe runs, a packet scan of the
// whole file) and hashing it once per version of the file, not once per experiment, keeps the
// runner's overhead small. Keyed by path, inode, size and modification and change times, so a
// file replaced or rewritten in place is probed and hashed again.
type ProbedFile = { readonly probe: VideoProbe; readonly sha256: string };
const probes = new Map<string, Promise<ProbedFile>>();
const MAX_CACHED_PROBES = 64;

const fileKey = (real: string, info: Stats) => [real, info.ino, info.size, info.mtimeMs, info.ctimeMs].join('\0');

/**
 * The sha256 a file source has now, from the same per-version cache as resolveInput (so a file an
 * experiment just read is not hashed again); null when it is gone.
 */
export async function currentDigest(real: string): Promise<string | null> {
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return null;
  return (await cachedProbe(real, fileKey(real, info))).sha256;
}

function cachedProbe(real: string, key: string): Promise<ProbedFile> {
  let probe = probes.get(key);
  if (!probe) {
    probe = Promise.all([probeVideo(`file:${real}`), sha256(real)]).then(([video, digest]) => ({ probe: video, sha256: digest }));
    probes.set(key, probe);
    probe.catch(() => probes.delete(key));
    if (probes.size > MAX_CACHED_PROBES) probes.delete(probes.keys().next().value!);
  }
  return probe;
}

/**
 * Turns a source into an InputSpec. A synthetic source becomes a lavfi graph built from its
 * validated enum and numbers only. A file source must resolve, after following every symlink,
 * inside one of `mediaRoots`; it is then probed and its frames counted.
 */
export async function resolveInput(source: Source, mediaRoots: readonly string[], objects?: ObjectSources): Promise<InputSpec> {
  if (source.kind === 's3') {
    if (!objects) throw new DomainError('precondition', 'ERR_NO_OBJECT_STORE', `this runner reads no object store, so it cannot open ${source.uri}`);
    return { ...(await openedFile(await objects.localCopy(source.uri), source.uri)), objectUri: source.uri };
  }
  return source.kind === 'synthetic' ? syntheticInput(source) : fileInput(source.path, mediaRoots);
}

function syntheticInput(raw: SyntheticSource): InputSpec {
  const parsed = SyntheticSourceSchema.safeParse(raw);
  if (!parsed.success) {
    const details = formatIssues(parsed.error.issues);
    throw new DomainError('invalid', 'ERR_INVALID_SOURCE', `invalid synthetic source: ${details.join('; ')}`, { details });
  }
  const source = parsed.data;
  const frames = syntheticFrameCount(source);
  // trim rather than `duration`: mandelbrot has no duration option, and trim gives exactly the
  // frame count the domain promises for every generator.
  const graph = `${source.generator}=size=${source.width}x${source.height}:rate=${source.fps},trim=end_frame=${frames},format=yuv420p`;
  return {
    kind: 'synthetic',
    inputOptions: ['-f', 'lavfi'],
    input: graph,
    width: source.width,
    height: source.height,
    fps: { num: source.fps, den: 1 },
    frames,
    durationSeconds: frames / source.fps,
    pixFmt: 'yuv420p',
    colorRange: 'limited',
    frameTimes: null,
    codec: 'rawvideo',
    audio: false,
    file: null,
  };
}

async function fileInput(path: string, mediaRoots: readonly string[]): Promise<InputSpec> {
  // Checked before the schema so that an escape attempt is reported as one, whatever else is wrong.
  if (isAbsolute(path) || path.split(/[/\\]/).includes('..')) throw outsideRoots(path);
  const parsed = FileSourceSchema.safeParse({ kind: 'file', path });
  if (!parsed.success) {
    const details = formatIssues(parsed.error.issues);
    throw new DomainError('invalid', 'ERR_INVALID_SOURCE', `invalid source path "${path}": ${details.join('; ')}`, { details });
  }
  if (mediaRoots.length === 0) {
    throw new DomainError('precondition', 'ERR_NO_MEDIA_ROOTS', 'this runner has no media roots configured');
  }

  return openedFile(await locate(path, mediaRoots), path);
}

/** Probes (once per version) and checks a local file; `path` names it in every message. */
export async function openedFile(real: string, path: string): Promise<InputSpec> {
  const info = await stat(real);
  if (!info.isFile()) throw notVideo(`source "${path}" is not a file`);

  const target = `file:${real}`;
  const { probe, sha256: digest } = await cachedProbe(real, fileKey(real, info)).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'ERR_MEDIA_UNREADABLE') {
      throw notVideo(`source "${path}" is not a readable video: ${error.message}`, error);
    }
    throw error;
  });
  if (probe.width > SOURCE_LIMITS.maxWidth || probe.height > SOURCE_LIMITS.maxHeight || probe.videoDurationSeconds > SOURCE_LIMITS.maxSeconds) {
    throw new DomainError(
      'invalid',
      'ERR_SOURCE_TOO_LARGE',
      `source "${path}" is ${probe.width}x${probe.height}, ${probe.videoDurationSeconds.toFixed(1)} s: this runner takes sources up to ` +
        `${SOURCE_LIMITS.maxWidth}x${SOURCE_LIMITS.maxHeight} and ${SOURCE_LIMITS.maxSeconds / 3600} h`,
    );
  }
  if (probe.declaredFrames !== null && probe.declaredFrames > probe.packets) {
    throw new DomainError(
      'invalid',
      'ERR_SOURCE_CORRUPT',
      `source "${path}" is truncated or corrupt: the container declares ${probe.declaredFrames} frames but only ${probe.packets} can be read`,
    );
  }
  // Every pixel format a config can ask for is 4:2:0, whose chroma planes need even sizes.
  // Cropping or padding would measure against pictures that are not the source, so refuse.
  if (probe.width % 2 !== 0 || probe.height % 2 !== 0) {
    throw new DomainError(
      'invalid',
      'ERR_SOURCE_ODD_SIZE',
      `source "${path}" is ${probe.width}x${probe.height}: 4:2:0 encoding needs an even width and height`,
    );
  }
  return {
    kind: 'file',
    inputOptions: [],
    input: target,
    width: probe.width,
    height: probe.height,
    fps: probe.fps,
    frames: probe.frames,
    durationSeconds: probe.videoDurationSeconds,
    pixFmt: probe.pixFmt,
    colorRange: probe.colorRange,
    frameTimes: probe.frameTimes,
    codec: probe.codecName,
    audio: probe.audio,
    file: { sizeBytes: info.size, sha256: digest },
  };
}

/** The real path of the first root holding `path`, refusing anything that resolves outside it. */
async function locate(path: string, mediaRoots: readonly string[]): Promise<string> {
  let escaped = false;
  for (const root of mediaRoots) {
    const realRoot = await realpath(root).catch(() => null);
    if (realRoot === null) continue;
    const candidate = resolve(realRoot, path);
    if (!isInside(realRoot, candidate)) {
      escaped = true;
      continue;
    }
    const real = await realpath(candidate).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw error;
    });
    if (real === null) continue;
    if (!isInside(realRoot, real)) {
      escaped = true;
      continue;
    }
    return real;
  }
  if (escaped) throw outsideRoots(path);
  throw new DomainError('not_found', 'ERR_SOURCE_NOT_FOUND', `source "${path}" was not found under any media root`);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function outsideRoots(path: string): DomainError {
  return new DomainError('invalid', 'ERR_SOURCE_OUTSIDE_MEDIA_ROOT', `source "${path}" resolves outside the media roots`);
}

function notVideo(message: string, cause?: unknown): DomainError {
  return new DomainError('invalid', 'ERR_SOURCE_NOT_VIDEO', message, cause === undefined ? undefined : { cause });
}
