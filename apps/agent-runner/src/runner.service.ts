import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  DomainError,
  encoderLabel,
  offerProblems,
  runnerOffer,
  type ExperimentConfig,
  type ExperimentResult,
  type ProbeSpec,
  type Source,
  type SourceDescription,
  type UploadedSource,
  type VmafOptions,
} from '@codec-lab/domain';
import type { Logger } from '@codec-lab/observability';
import type { RunnerConfig } from './config.ts';
import { describeSource, EXPERIMENT_ID, FfmpegFailure, requireVmafModel, readFrameQuality, renderStill, runExperiment, type Capabilities, type FrameQuality, type MediaProgress, type Still } from './media/index.ts';
import type { RunnerMetrics } from './metrics.ts';
import { LOCAL_ONLY, receiveUpload, type ObjectAccess } from './objects/index.ts';

/**
 * Admission and supervision of experiments on this runner: the concurrency limit, the
 * per-experiment timeout, and cancellation, around the media pipeline.
 */
export class RunnerService {
  private active = 0;
  /** The attempt of each experiment running here, so that a later attempt can supersede it. */
  private readonly attempts = new Map<string, { readonly controller: AbortController; readonly done: Promise<unknown> }>();
  /** Names this runner process to the orchestrators that schedule by its load (GetLoad). */
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly config: RunnerConfig,
    readonly capabilities: Capabilities,
    private readonly metrics: RunnerMetrics,
    private readonly logger: Logger,
    private readonly objects: ObjectAccess = LOCAL_ONLY,
  ) {}

  get activeExperiments(): number {
    return this.active;
  }

  /** Describes a source, or refuses it with the reason; not limited by MAX_CONCURRENT (it encodes nothing). */
  describe(source: Source): Promise<SourceDescription> {
    return describeSource(source, this.config.MEDIA_ROOTS, this.objects.sources ?? undefined);
  }

  /** Receives an upload into the upload bucket and describes it; refused where none is configured. */
  upload(messages: Parameters<typeof receiveUpload>[0], signal: AbortSignal): Promise<UploadedSource> {
    if (!this.objects.upload) throw new DomainError('precondition', 'ERR_NO_UPLOAD_BUCKET', 'this runner has no upload bucket configured (UPLOAD_BUCKET)');
    return receiveUpload(messages, this.objects.upload, signal);
  }

  /** Per-frame quality of an experiment this runner measured, from the statistics stored with it. */
  async frameQuality(experimentId: string): Promise<FrameQuality> {
    await this.objects.artifacts?.ensureLocal(experimentId);
    return readFrameQuality(this.config.ARTIFACT_DIR, experimentId);
  }

  /** Source and artifact pictures of one compared frame, decoded by the ffmpeg that measured it. */
  async still(experimentId: string, frame: number, signal: AbortSignal): Promise<Still> {
    await this.objects.artifacts?.ensureLocal(experimentId);
    const objects = this.objects.sources ?? undefined;
    return renderStill({ artifactDir: this.config.ARTIFACT_DIR, experimentId, frame, binary: this.capabilities.meter.binary.path, objects, signal });
  }

  async run(
    request: {
      experimentId: string;
      source: Source;
      config: ExperimentConfig;
      probe?: ProbeSpec | undefined;
      sourceSha256?: string | undefined;
      vmaf?: VmafOptions | undefined;
    },
    onProgress: (event: MediaProgress) => void,
    callSignal: AbortSignal,
  ): Promise<ExperimentResult> {
    const { experimentId, source, config } = request;
    if (!EXPERIMENT_ID.test(experimentId)) {
      throw new DomainError('invalid', 'ERR_INVALID_ARGUMENT', 'experimentId: 1 to 128 letters, digits, "-" or "_"');
    }
    // Admission by the same rule the orchestrator and the analyst apply to what this runner offers.
    for (const problem of offerProblems(config, runnerOffer(this.capabilities, this.config.MAX_CONCURRENT))) {
      if (problem.kind === 'encoder') {
        throw new DomainError('precondition', 'ERR_ENCODER_UNAVAILABLE', `${problem.encoder} is not usable on this runner (usable: ${problem.available.join(', ') || 'none'})`);
      }
      if (problem.kind === 'pixelFormat') {
        throw new DomainError('precondition', 'ERR_PIXEL_FORMAT_UNAVAILABLE', `${problem.encoder} on this runner does not encode ${problem.pixelFormat}`);
      }
      // Presets, CRF and tunes come from the encoder table the config schema already checked.
      throw new DomainError('invalid', 'ERR_INVALID_ARGUMENT', `${problem.kind}: not what this runner offers for ${problem.encoder}`);
    }
    // Before anything is encoded: a model this runner cannot score.
    if (request.vmaf) requireVmafModel(this.capabilities.meter, request.vmaf.model);
    const encoder = encoderLabel(config);
    const log = this.logger.child({ experimentId, encoder });
    // A new attempt of an experiment still running here (its orchestrator died and another took
    // the campaign over) replaces the old one: the old attempt is stopped, and its files are gone,
    // before the new one is admitted.
    const earlier = this.attempts.get(experimentId);
    if (earlier) {
      log.warn('a later attempt of this experiment arrived; stopping the earlier one');
      earlier.controller.abort(new DomainError('cancelled', 'ERR_SUPERSEDED', 'a later attempt of this experiment replaced this one'));
      await earlier.done;
    }
    if (this.active >= this.config.MAX_CONCURRENT) {
      this.metrics.refused(encoder);
      throw new DomainError('exhausted', 'ERR_RUNNER_BUSY', `runner is busy: ${this.active} of ${this.config.MAX_CONCURRENT} experiments running`);
    }

    this.active++;
    this.metrics.started();
    const timeout = AbortSignal.timeout(this.config.EXPERIMENT_TIMEOUT_SECONDS * 1000);
    const superseded = new AbortController();
    const signal = AbortSignal.any([callSignal, timeout, superseded.signal]);
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.attempts.set(experimentId, { controller: superseded, done });
    log.info({ source: source.kind }, 'experiment started');
    try {
      const measured = await runExperiment({
        experimentId,
        source,
        config,
        probe: request.probe,
        expectedSourceSha256: request.sourceSha256,
        mediaRoots: this.config.MEDIA_ROOTS,
        objects: this.objects.sources ?? undefined,
        artifactDir: this.config.ARTIFACT_DIR,
        ffmpegPath: this.config.FFMPEG_PATH,
        metricsFfmpegPath: this.config.METRICS_FFMPEG_PATH,
        vmaf: request.vmaf,
        signal,
        onProgress,
      });
      // Published before it is answered: an experiment is measured once its artifact is in the store.
      const answered = this.objects.artifacts ? await this.objects.artifacts.publish(experimentId, measured) : measured;
      this.metrics.finished(encoder, 'succeeded', answered);
      const vmaf = answered.vmaf.available ? answered.vmaf.mean : null;
      log.info({ bitrateBps: answered.bitrateBps, psnr: answered.psnr.avg, ssim: answered.ssim.all, vmaf }, 'experiment measured');
      return answered;
    } catch (error) {
      const timedOut = timeout.aborted && !callSignal.aborted;
      const status = timedOut ? 'timeout' : callSignal.aborted || superseded.signal.aborted ? 'cancelled' : 'failed';
      this.metrics.finished(encoder, status);
      // The client gets a line or two; the log keeps what ffmpeg said in full.
      const stderrTail = error instanceof FfmpegFailure ? error.stderrTail : undefined;
      log[status === 'failed' ? 'warn' : 'info']({ status, reason: (error as Error).message, stderrTail }, 'experiment did not finish');
      if (timedOut) {
        throw new DomainError('timeout', 'ERR_EXPERIMENT_TIMEOUT', `experiment exceeded ${this.config.EXPERIMENT_TIMEOUT_SECONDS} s and was stopped`);
      }
      throw error;
    } finally {
      this.active--;
      if (this.attempts.get(experimentId)?.done === done) this.attempts.delete(experimentId);
      finished();
    }
  }
}
