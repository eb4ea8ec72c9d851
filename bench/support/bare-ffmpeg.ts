import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { CodecConfig } from '@codec-lab/domain';
import { encoderArgs } from '../../apps/agent-runner/src/media/encode.ts';
import { buildMeasureGraph } from '../../apps/agent-runner/src/media/measure-graph.ts';
import { colorRangeOf, parseRational, type ColorRange, type Rational } from '../../apps/agent-runner/src/media/probe.ts';

// The baseline: the ffmpeg/ffprobe commands agent-runner stands for, run with
// child_process.execFile (no fluent-ffmpeg, no gRPC, no Node-side checks). The encoder options and
// the measurement filtergraph come from the runner's own pure builders, so the bare commands do
// exactly the runner's ffmpeg work at whatever commit the bench runs on.

const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

/** A config the bench runs: CRF, 8-bit 4:2:0, everything else the encoder's default. */
export interface BenchConfig {
  readonly label: string;
  readonly encoder: 'libx264' | 'libx265';
  readonly preset: string;
  readonly crf: number;
}

export interface SourceInfo {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly fps: Rational;
  readonly pixFmt: string;
  readonly colorRange: ColorRange;
  readonly frames: number;
}

export function toExperimentConfig(c: BenchConfig): CodecConfig {
  return { strategy: 'codec', encoder: c.encoder, preset: c.preset, rateControl: { mode: 'crf', crf: c.crf }, pixelFormat: 'yuv420p' };
}

export interface Timed<T> {
  readonly seconds: number;
  readonly value: T;
}

/** Runs a binary to completion; rejects with its last stderr lines when it exits non-zero. */
export async function timedExec(file: string, args: readonly string[]): Promise<Timed<{ stdout: string; stderr: string }>> {
  const startedAt = performance.now();
  try {
    const value = await run(file, [...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' });
    return { seconds: (performance.now() - startedAt) / 1000, value };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-6).join(' | ');
    throw new Error(`${file} ${args.join(' ')} failed: ${(error as Error).message.split('\n')[0]} ${stderr}`, { cause: error });
  }
}

// Global options agent-runner's createCommand puts before the first input.
const GLOBALS = ['-hide_banner', '-nostdin', '-stats_period', '0.25'];

/** `ffmpeg -i source <encoderArgs> artifact`, as fluent-ffmpeg spells it (it adds -y for a file output). */
export function encodeCommand(source: SourceInfo, config: BenchConfig, outPath: string): string[] {
  return [...GLOBALS, '-i', `file:${source.path}`, '-y', ...encoderArgs(toExperimentConfig(config)), `file:${outPath}`];
}

/** One ffprobe that gives what the bitrate and the frame check need: duration and packet count. */
export function probeCommand(path: string): string[] {
  return ['-show_streams', '-show_format', '-v', 'error', '-count_packets', '-select_streams', 'v:0', `file:${path}`];
}

/**
 * Our measurement, the way measure.ts runs it: the runner's own filtergraph (buildMeasureGraph),
 * artifact and source decoded once each, one `-f null -` output per metric.
 */
export function measureCommand(source: SourceInfo, artifact: string, artifactRange: ColorRange, workDir: string): string[] {
  const plan = buildMeasureGraph({
    width: source.width,
    height: source.height,
    fps: source.fps,
    pixFmt: source.pixFmt,
    colorRange: source.colorRange,
    artifactRange,
    workDir,
    vmaf: null,
  });
  return [
    ...[...GLOBALS, '-i', `file:${artifact}`, '-i', `file:${source.path}`, '-filter_complex', plan.graph],
    ...plan.outputs.flatMap((pad) => ['-map', pad, '-f', 'null', '-']),
  ];
}

/** What a person runs without us: one metric per process, no alignment filters. */
export function plainMetricCommand(source: SourceInfo, artifact: string, metric: 'psnr' | 'ssim'): string[] {
  return ['-hide_banner', '-nostdin', '-i', artifact, '-i', source.path, '-lavfi', metric, '-f', 'null', '-'];
}

const PSNR_AVG = /PSNR y:\S+ u:\S+ v:\S+ average:(\S+)/;
const SSIM_ALL = /SSIM Y:.* All:(\S+)/;

export function parsePsnr(stderr: string): number {
  const avg = Number(PSNR_AVG.exec(stderr)?.[1]);
  if (!Number.isFinite(avg)) throw new Error('ffmpeg printed no PSNR summary');
  return avg;
}

export function parseSsim(stderr: string): number {
  const all = Number(SSIM_ALL.exec(stderr)?.[1]);
  if (!Number.isFinite(all)) throw new Error('ffmpeg printed no SSIM summary');
  return all;
}

/** `key=value` lines of ffprobe's default writer, [STREAM] section first. */
function probeField(stdout: string, key: string): string {
  const match = new RegExp(`^${key}=(.*)$`, 'm').exec(stdout);
  if (!match) throw new Error(`ffprobe printed no ${key}`);
  return match[1]!.trim();
}

function rangeOf(stdout: string): ColorRange {
  return colorRangeOf(probeField(stdout, 'pix_fmt'), probeField(stdout, 'color_range'));
}

/** The colour range a file's samples are in, as the runner reads it. */
export async function probeRange(path: string): Promise<ColorRange> {
  return rangeOf((await timedExec('ffprobe', probeCommand(path))).value.stdout);
}

export async function probeSource(path: string): Promise<SourceInfo> {
  const { stdout } = (await timedExec('ffprobe', probeCommand(path))).value;
  const fps = parseRational(probeField(stdout, 'r_frame_rate'));
  if (fps === null) throw new Error(`${path}: no frame rate`);
  return {
    path,
    width: Number(probeField(stdout, 'width')),
    height: Number(probeField(stdout, 'height')),
    fps,
    pixFmt: probeField(stdout, 'pix_fmt'),
    colorRange: rangeOf(stdout),
    frames: Number(probeField(stdout, 'nb_read_packets')),
  };
}

export interface BareRun {
  readonly encodeSeconds: number;
  readonly probeSeconds: number;
  readonly measureSeconds: number;
  readonly bytes: number;
  readonly frames: number;
  readonly psnrAvg: number;
}

/** Way 2: encode, ffprobe the artifact, measure it, in sequence (the caller times the whole). */
export async function runBare(source: SourceInfo, config: BenchConfig, workDir: string): Promise<BareRun> {
  const artifact = join(workDir, 'artifact.mp4');
  const encoded = await timedExec('ffmpeg', encodeCommand(source, config, artifact));
  const probed = await timedExec('ffprobe', probeCommand(artifact));
  const { size: bytes } = await stat(artifact);
  const measured = await timedExec('ffmpeg', measureCommand(source, artifact, rangeOf(probed.value.stdout), workDir));
  return {
    encodeSeconds: encoded.seconds,
    probeSeconds: probed.seconds,
    measureSeconds: measured.seconds,
    bytes,
    frames: Number(probeField(probed.value.stdout, 'nb_read_packets')),
    psnrAvg: parsePsnr(measured.value.stderr),
  };
}

export async function ffmpegVersion(): Promise<string> {
  const { stdout } = (await timedExec('ffmpeg', ['-hide_banner', '-version'])).value;
  return stdout.split('\n')[0]!.replace(/ Copyright.*/, '').trim();
}

/** The commit benchmarked, and whether agent-runner or the libs had uncommitted changes. */
export async function revision(repo: string): Promise<string> {
  const head = (await timedExec('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'])).value.stdout.trim();
  const dirty = (await timedExec('git', ['-C', repo, 'status', '--porcelain', '--', 'apps/agent-runner', 'libs'])).value.stdout.trim();
  return dirty ? `${head} + uncommitted changes in apps/agent-runner or libs` : head;
}
