import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials } from '@grpc/grpc-js';
import { pino } from 'pino';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput, type WireSourceDescriptionOutput } from '@codec-lab/contracts';
import { canonicalJson, configHash, CodecConfigSchema, ExperimentResultSchema, type CodecConfig, type ExperimentResult, type HistoryEntry, type SourceDescription } from '@codec-lab/domain';
import { CLIENT_OPTIONS, configToWire, resultFromWire, sourceDescriptionFromWire, sourceToWire, vmafOptionsToWire } from '@codec-lab/rpc';
import { metricsFfmpegPath } from '@codec-lab/testing';
import { startRunner, type RunnerApp } from '../../apps/agent-runner/src/app.ts';
import { loadConfig } from '../../apps/agent-runner/src/config.ts';
import { ensureSegment, RD_CLIP_SIZES, SEGMENT_DIR, segmentName, type RdClip } from './rd-clips.ts';

// A measured rate-quality world: every point a real encode of a clip segment by a real
// agent-runner (in this process, called over gRPC on loopback), measured by it (PSNR, SSIM, VMAF)
// and cached in bench/data/rd-grid.json, so benchmarks and prior fitting replay searches on real
// measurements. bench/rd-grid.ts measures the grid; bench/data/README.md says how and where.

export { RD_CLIPS, rdClip, type RdClip } from './rd-clips.ts';

export interface RdPoint {
  clip: string;
  configHash: string;
  config: CodecConfig;
  bytes: number;
  bitrateBps: number;
  durationSeconds: number;
  frames: number;
  /** PSNR average over Y, U, V (the result's psnr.avg), dB. */
  psnr: number;
  /** SSIM over all planes (ssim.all). */
  ssim: number;
  /** Mean VMAF, model vmaf_v0.6.1, every frame. */
  vmaf: number;
  encodeSeconds: number;
  encodeFps: number;
  measureSeconds: number;
  /** The version of the ffmpeg that encoded. */
  encoderVersion: string;
  /** The version of the ffmpeg that measured (the metrics ffmpeg with libvmaf). */
  meterVersion: string;
  measuredAt: string;
}

export const RD_GRID_FILE = fileURLToPath(new URL('../data/rd-grid.json', import.meta.url));
const VMAF_OPTIONS = { model: 'vmaf_v0.6.1', subsample: 1 } as const;

/** A config in one canonical form: parsed (defaults filled in), keys sorted at every depth. */
const canonical = (config: CodecConfig): CodecConfig => JSON.parse(canonicalJson(CodecConfigSchema.parse(config))) as CodecConfig;

/** The point with its keys in the one stable order the file uses. */
function slim(p: RdPoint): RdPoint {
  return {
    clip: p.clip,
    configHash: p.configHash,
    config: canonical(p.config),
    bytes: p.bytes,
    bitrateBps: p.bitrateBps,
    durationSeconds: p.durationSeconds,
    frames: p.frames,
    psnr: p.psnr,
    ssim: p.ssim,
    vmaf: p.vmaf,
    encodeSeconds: p.encodeSeconds,
    encodeFps: p.encodeFps,
    measureSeconds: p.measureSeconds,
    encoderVersion: p.encoderVersion,
    meterVersion: p.meterVersion,
    measuredAt: p.measuredAt,
  };
}

const keyOf = (p: Pick<RdPoint, 'clip' | 'configHash'>) => `${p.clip}\0${p.configHash}`;
const byClipThenHash = (a: RdPoint, b: RdPoint) => (a.clip === b.clip ? (a.configHash < b.configHash ? -1 : a.configHash > b.configHash ? 1 : 0) : a.clip < b.clip ? -1 : 1);

/** The committed cache (default bench/data/rd-grid.json): every measured point, or none when the file is absent. */
export function loadRdPoints(file: string = RD_GRID_FILE): RdPoint[] {
  if (!existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a JSON array of measured points`);
  return raw.map((entry, i) => {
    const p = entry as RdPoint;
    if (typeof p?.clip !== 'string' || typeof p.configHash !== 'string' || typeof p.bitrateBps !== 'number' || typeof p.vmaf !== 'number') {
      throw new Error(`${file}: entry ${i} is not a measured point`);
    }
    if (configHash(p.config) !== p.configHash) throw new Error(`${file}: entry ${i} (${p.clip}): configHash does not match its config`);
    return p;
  });
}

/**
 * Adds points to the cache file: re-read (another process may have added points since), merged by
 * clip and configHash, sorted, written to a temporary file and renamed over the old one.
 */
function savePoints(file: string, added: readonly RdPoint[]): void {
  const all = new Map(loadRdPoints(file).map((p) => [keyOf(p), p]));
  for (const p of added) all.set(keyOf(p), slim(p));
  const sorted = [...all.values()].sort(byClipThenHash);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `[\n${sorted.map((p) => JSON.stringify(p)).join(',\n')}\n]\n`);
  renameSync(temp, file);
}

interface Runner {
  app: RunnerApp;
  client: AgentRunnerClient;
  artifactDir: string;
}

let experiments = 0;

/** One clip's measured world: the cached points, and a runner started on the first miss. */
export class RdWorld {
  private readonly cache = new Map<string, RdPoint>();
  private runner: Promise<Runner> | undefined;

  private constructor(
    readonly clip: RdClip,
    private readonly canMeasure: boolean,
    private readonly file: string,
  ) {
    for (const p of loadRdPoints(file)) if (p.clip === clip.id) this.cache.set(p.configHash, p);
  }

  /** measure: false replays the cache only (a miss throws, naming the config); default true. */
  static async open(clip: RdClip, options: { measure?: boolean; file?: string } = {}): Promise<RdWorld> {
    return new RdWorld(clip, options.measure ?? true, options.file ?? RD_GRID_FILE);
  }

  get(config: CodecConfig): RdPoint | undefined {
    return this.cache.get(configHash(config));
  }

  /** The cached point, or a real RunExperiment of the config on the clip's segment, recorded and saved. */
  async measure(input: HistoryEntry['config']): Promise<RdPoint> {
    if (input.strategy !== 'codec') throw new Error(`rate-quality world '${this.clip.id}': only codec configs are recorded, not ${input.strategy}`);
    const config: CodecConfig = input;
    const hit = this.get(config);
    if (hit) return hit;
    if (!this.canMeasure) {
      throw new Error(`rate-quality world '${this.clip.id}': ${canonicalJson(canonical(config))} was never measured (not in ${this.file}); run bench/rd-grid.ts, or open the world with measure: true`);
    }
    const result = await this.run(config);
    const vmaf = result.vmaf;
    if (!vmaf.available) throw new Error(`the runner measured no VMAF: ${vmaf.reason}`);
    const point = slim({
      clip: this.clip.id,
      configHash: configHash(config),
      config,
      bytes: result.bytes,
      bitrateBps: result.bitrateBps,
      durationSeconds: result.durationSeconds,
      frames: result.frames,
      psnr: result.psnr.avg,
      ssim: result.ssim.all,
      vmaf: vmaf.mean,
      encodeSeconds: result.encodeSeconds,
      encodeFps: result.encodeFps,
      measureSeconds: result.measureSeconds,
      encoderVersion: result.ffmpeg?.encoder.version ?? result.ffmpegVersion,
      meterVersion: result.ffmpeg?.meter.version ?? result.ffmpegVersion,
      measuredAt: new Date().toISOString(),
    });
    this.cache.set(point.configHash, point);
    savePoints(this.file, [point]);
    return point;
  }

  /**
   * The segment as the runner describes it when a campaign on it is created (DescribeSource over
   * gRPC, read back as the orchestrator reads it), content features included. Starts the runner.
   */
  async describe(): Promise<SourceDescription> {
    const { client } = await this.startRunner();
    const wire = await new Promise<WireSourceDescriptionOutput>((resolve, reject) => {
      client.DescribeSource({ source: sourceToWire({ kind: 'file', path: segmentName(this.clip) }) }, (error, value) => (error || !value ? reject(error ?? new Error('DescribeSource answered nothing')) : resolve(value)));
    });
    return sourceDescriptionFromWire(wire);
  }

  points(): RdPoint[] {
    return [...this.cache.values()].sort(byClipThenHash);
  }

  /** Stops the runner, if one was started. */
  async close(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    const { app, client, artifactDir } = await runner;
    client.close();
    await app.close();
    await rm(artifactDir, { recursive: true, force: true });
  }

  private startRunner(): Promise<Runner> {
    this.runner ??= (async () => {
      await ensureSegment(this.clip);
      const meter = metricsFfmpegPath();
      if (!meter) throw new Error('no metrics ffmpeg (ffmpeg with libvmaf): install it with `node tools/metrics-ffmpeg.mjs`');
      const artifactDir = await mkdtemp(join(tmpdir(), 'codeclab-rd-'));
      const config = loadConfig({
        ...{ HOST: '127.0.0.1', GRPC_PORT: '0', HTTP_PORT: '0', LOG_LEVEL: 'silent' },
        ...{ MEDIA_ROOTS: SEGMENT_DIR, ARTIFACT_DIR: artifactDir, MAX_CONCURRENT: '1', METRICS_FFMPEG_PATH: meter },
      });
      const app = await startRunner(config, pino({ level: 'silent' }));
      if (!app.runner.capabilities.vmafModels.includes(VMAF_OPTIONS.model)) {
        await app.close();
        throw new Error(`the runner's metrics ffmpeg (${meter}) offers no ${VMAF_OPTIONS.model}`);
      }
      const Client = loadContracts().codeclab.v1.AgentRunner;
      const client = new Client(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure(), CLIENT_OPTIONS) as AgentRunnerClient;
      return { app, client, artifactDir };
    })();
    return this.runner;
  }

  /** One RunExperiment over gRPC, to the end of its stream (the result is the last event). */
  private async run(config: CodecConfig): Promise<ExperimentResult> {
    const { client, artifactDir } = await this.startRunner();
    const experimentId = `rd-${this.clip.id}-${configHash(config).slice(0, 12)}-${process.pid}-${++experiments}`;
    const call = client.RunExperiment({
      experimentId,
      source: sourceToWire({ kind: 'file', path: segmentName(this.clip) }),
      config: configToWire(config),
      vmaf: vmafOptionsToWire(VMAF_OPTIONS),
    });
    try {
      const events = await new Promise<WireRunEventOutput[]>((resolve, reject) => {
        const seen: WireRunEventOutput[] = [];
        call.on('data', (event: WireRunEventOutput) => seen.push(event));
        call.on('error', reject);
        call.on('end', () => resolve(seen));
      });
      return resultFromWire(events.at(-1)?.result);
    } finally {
      // The world keeps the measurements, not the artifacts.
      await rm(join(artifactDir, experimentId), { recursive: true, force: true });
    }
  }
}

/**
 * A full ExperimentResult built from a cached point, for planner history: mode 'full', VMAF
 * available (vmaf_v0.6.1, every frame). The cache keeps pooled figures only, so the per-plane PSNR
 * and SSIM repeat the pooled value, the VMAF pools (harmonic mean, lows, min) repeat the mean, and
 * the artifact (not kept) is named by the point's clip and configHash with an all-zero digest.
 */
export function resultOf(point: RdPoint): ExperimentResult {
  const size = RD_CLIP_SIZES[point.clip];
  if (!size) throw new Error(`no frame size known for clip '${point.clip}'`);
  return ExperimentResultSchema.parse({
    bytes: point.bytes,
    durationSeconds: point.durationSeconds,
    bitrateBps: point.bitrateBps,
    width: size.width,
    height: size.height,
    frames: point.frames,
    sourceFrames: point.frames,
    psnr: { y: point.psnr, u: point.psnr, v: point.psnr, avg: point.psnr },
    ssim: { y: point.ssim, u: point.ssim, v: point.ssim, all: point.ssim },
    vmaf: {
      available: true,
      model: VMAF_OPTIONS.model,
      libvmafVersion: '',
      subsample: 1,
      scoredFrames: Math.max(1, point.frames),
      mean: point.vmaf,
      harmonicMean: point.vmaf,
      low1Percent: point.vmaf,
      low5Percent: point.vmaf,
      min: point.vmaf,
    },
    encodeSeconds: point.encodeSeconds,
    encodeFps: point.encodeFps,
    measureSeconds: point.measureSeconds,
    artifactUri: `rd-world:${point.clip}/${point.configHash}`,
    artifactSha256: '0'.repeat(64),
    mode: 'full',
    ffmpegVersion: point.encoderVersion,
  });
}
