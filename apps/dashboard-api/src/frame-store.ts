import { createHash } from 'node:crypto';
import { DomainError, type Experiment, type ExperimentResult, type QualityMetric } from '@codec-lab/domain';
import type { ReadStore } from '@codec-lab/store';
import { ByteCache } from './byte-cache.ts';
import type { FrameRunner, StillPair } from './frame-runner.ts';
import { parseExperimentId, seriesBytes, type FrameSeries } from './frames.ts';

// Per-frame quality and stills of measured experiments: the store says an experiment exists and
// succeeded, agent-runner reads its statistics and renders its stills, and the answers are kept
// in memory. A measured experiment's frames never change, so nothing here ever expires: entries
// leave only when the byte budget needs the room, and a repeated view never calls the runner.

export interface MeasuredFrames {
  readonly experiment: Experiment & { result: ExperimentResult };
  readonly objectiveMetric: QualityMetric;
  readonly series: FrameSeries;
}

export interface Png {
  readonly bytes: Buffer;
  /** Strong: the bytes of a still never change. */
  readonly etag: string;
}

export interface Still {
  readonly frame: number;
  readonly width: number;
  readonly height: number;
  readonly source: Png;
  readonly artifact: Png;
}

const png = (bytes: Buffer): Png => ({ bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` });

export class FrameStore {
  private readonly cache: ByteCache;

  constructor(
    private readonly store: ReadStore,
    private readonly runner: FrameRunner,
    maxBytes: number,
  ) {
    this.cache = new ByteCache(maxBytes);
  }

  /** Bytes the cache holds now. */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /**
   * A measured experiment's per-frame quality: 400 for a malformed id, 404 for an experiment the
   * store does not hold or that has not succeeded, 503 when no runner can answer.
   */
  frames(id: string): Promise<MeasuredFrames> {
    const { campaignId, seq } = parseExperimentId(id);
    return this.cache.get(
      `frames:${id}`,
      async () => {
        const [campaign, experiment] = await Promise.all([this.store.campaigns.get(campaignId), this.store.experiments.get(campaignId, seq)]);
        if (experiment.status !== 'succeeded' || !experiment.result) {
          throw new DomainError('not_found', 'ERR_EXPERIMENT_NOT_MEASURED', `experiment ${id} has not been measured (it is ${experiment.status}): only a succeeded experiment has frames`);
        }
        const series = await this.runner.frameQuality(id);
        return { experiment: { ...experiment, result: experiment.result }, objectiveMetric: campaign.objective.metric, series };
      },
      (value) => seriesBytes(value.series) + 4096,
    );
  }

  /** One compared frame as source and artifact PNGs: 404 for a frame the experiment did not compare. */
  async still(id: string, frame: number): Promise<Still> {
    const { series } = await this.frames(id);
    if (!series.frames.includes(frame)) {
      const first = series.frames[0];
      const last = series.frames.at(-1);
      throw new DomainError('not_found', 'ERR_FRAME_NOT_FOUND', `experiment ${id} did not compare frame ${frame} (it compared ${series.frames.length} frames, ${first} to ${last})`);
    }
    return this.cache.get(
      `still:${id}:${frame}`,
      async () => {
        const pair: StillPair = await this.runner.renderStill(id, frame);
        return { frame: pair.frame, width: pair.width, height: pair.height, source: png(pair.sourcePng), artifact: png(pair.artifactPng) };
      },
      (still) => still.source.bytes.length + still.artifact.bytes.length + 512,
    );
  }

  close(): void {
    this.runner.close();
  }
}
