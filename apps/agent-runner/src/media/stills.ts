import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@codec-lab/domain';
import { decodedPath } from './artifact-names.ts';
import { addInput, addOutput, createCommand } from './ffmpeg-command.ts';
import { runFfmpeg } from './ffmpeg-process.ts';
import { storedPieces } from './frame-quality.ts';
import { currentDigest, type ObjectSources } from './input.ts';

/** One compared frame as two PNG pictures of the source's size. */
export interface Still {
  readonly frame: number;
  readonly width: number;
  readonly height: number;
  readonly sourcePng: Buffer;
  readonly artifactPng: Buffer;
}

export interface StillOptions {
  readonly artifactDir: string;
  readonly experimentId: string;
  /** A source frame number the experiment compared. */
  readonly frame: number;
  /** The ffmpeg that decodes (the meter, which measured these files). */
  readonly binary: string;
  /** Where an object source is read from again (this runner's copy, or a new one). */
  readonly objects?: ObjectSources | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Decodes frame `frame` of the stored artifact and of the source, in one ffmpeg run, and returns
 * both as PNG: the artifact scaled to the source's size from the range it signals, exactly as it
 * was measured, both converted to RGB the same way. Nothing is encoded but the two pictures.
 * 'invalid' ERR_FRAME_OUT_OF_RANGE for a frame the experiment did not compare; 'precondition' ERR_SOURCE_CHANGED
 * when the source file is no longer what was measured.
 */
export async function renderStill(options: StillOptions): Promise<Still> {
  const { frame } = options;
  const pieces = await storedPieces(options.artifactDir, options.experimentId);
  const held = pieces.find(({ record }) => frame >= record.firstFrame && frame < record.firstFrame + record.frames);
  if (!Number.isSafeInteger(frame) || !held) {
    const compared = pieces.map(({ record }) => `${record.firstFrame}-${record.firstFrame + record.frames - 1}`).join(', ');
    throw new DomainError('invalid', 'ERR_FRAME_OUT_OF_RANGE', `frame ${frame} was not compared (compared frames: ${compared})`);
  }
  const { record, dir } = held;
  // An object source's local copy need not be on this runner (or still in its cache): reopened.
  const source = record.input.objectUri && options.objects ? { ...record.input, input: `file:${await options.objects.localCopy(record.input.objectUri, options.signal)}` } : record.input;
  if (record.sourceSha256 !== null && source.input.startsWith('file:')) {
    const now = await currentDigest(source.input.slice('file:'.length)).catch(() => null);
    if (now !== record.sourceSha256) {
      throw new DomainError('precondition', 'ERR_SOURCE_CHANGED', 'the source file is missing or no longer the one this experiment measured');
    }
  }

  const local = frame - record.firstFrame;
  const { width, height } = source;
  const range = source.colorRange;
  // `n` counts decoded frames, as the measurement's pairing does (setpts=N/...).
  const pick = `select=eq(n\\,${local})`;
  const rgb = `scale=in_range=${range},format=rgb24`;
  const work = await mkdtemp(join(tmpdir(), 'codec-lab-still-'));
  try {
    const command = createCommand(`file:${decodedPath(dir, record.strategy)}`, [], { binary: options.binary });
    addInput(command, source.input, source.inputOptions);
    command.complexFilter(
      [
        `[0:v]${pick},scale=${width}:${height}:flags=bicubic:in_range=${record.artifactRange}:out_range=${range},${rgb}[artifact]`,
        `[1:v]${pick},${rgb}[source]`,
      ].join(';'),
    );
    const files = { artifact: join(work, 'artifact.png'), source: join(work, 'source.png') };
    for (const [pad, path] of Object.entries(files)) addOutput(command, path, ['-map', `[${pad}]`, '-frames:v', '1', '-c:v', 'png', '-update', '1']);
    await runFfmpeg(command, { what: 'still', failureCode: 'ERR_STILL_FAILED', signal: options.signal });
    const [artifactPng, sourcePng] = await Promise.all([readFile(files.artifact), readFile(files.source)]);
    return { frame, width, height, sourcePng, artifactPng };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
