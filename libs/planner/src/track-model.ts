import { qualityOf, type HistoryEntry, type QualityMetric } from '@codec-lab/domain';
import { combineEstimates, lineFit } from './normal.ts';
import { loosePrior, METRIC_UNIT, priorOf, type PlannerPriors, type TrackPrior } from './priors.ts';
import { describeTrack, trackKey, trackOf, type Track } from './tracks.ts';

/** A Gaussian estimate: its mean and one standard deviation. */
export interface Gauss {
  readonly mean: number;
  readonly sigma: number;
}

/** One measured experiment of a track, in the units the models use. */
export interface TrackPoint {
  readonly seq: number;
  readonly crf: number;
  readonly lnRate: number;
  readonly quality: number;
  readonly encodeSeconds: number;
}

// A fitted rate slope outside these bounds (bitrate halving faster than every 3 CRF steps or slower
// than every 14) comes from noise on tiny sources, not from the encoder.
const SLOPE_BOUNDS = { min: -Math.LN2 / 3, max: -Math.LN2 / 14 };
/** Rate noise between encodes of the same track one CRF apart, in ln(bitrate). */
const RATE_FLOOR = 0.02;
/** How much less certain a fitted curve grows per CRF step (or per unit of ln bitrate) away from its points. */
const EXTRAPOLATION = { crf: 0.012, lnRate: 0.15 };

/** Measured points of one track, in the steering metric. */
export function trackHistory(history: readonly HistoryEntry[], track: Track, metric: QualityMetric): TrackPoint[] {
  const key = trackKey(track);
  return history.flatMap((e) => {
    const t = e.status === 'succeeded' && e.result ? trackOf(e.config) : undefined;
    if (!t || !e.result || trackKey(t) !== key || e.config.strategy !== 'codec' || e.config.rateControl.mode !== 'crf' || e.result.bitrateBps <= 0) return [];
    return [{ seq: e.seq, crf: e.config.rateControl.crf, lnRate: Math.log(e.result.bitrateBps), quality: qualityOf(e.result, metric).value, encodeSeconds: Math.max(0.01, e.result.encodeSeconds) }];
  });
}

/** The nearest `n` points to `x` by `key`. */
function nearest(points: readonly TrackPoint[], n: number, distance: (p: TrackPoint) => number): TrackPoint[] {
  return [...points].sort((a, b) => distance(a) - distance(b) || a.seq - b.seq).slice(0, n);
}

/**
 * Rate and quality of one track on this campaign's source: fitted on its own measurements where it
 * has them, placed from other measured tracks and the priors where it has none, always with an
 * uncertainty. Quality is modelled against ln(bitrate), the way rate-distortion curves are compared.
 */
export class TrackModel {
  constructor(
    readonly track: Track,
    readonly prior: TrackPrior | undefined,
    readonly points: readonly TrackPoint[],
    readonly metric: QualityMetric,
    /** Measured tracks this one is placed from when it has no points of its own. */
    private readonly anchors: readonly TrackModel[],
  ) {}

  /** The track's prior: fitted or learned, else loose (`loosePrior`). */
  private get assumed(): TrackPrior {
    return this.prior ?? loosePrior(this.track.encoder, this.track.preset);
  }

  private priorValue(field: 'equivalentCrf' | 'rateSlope' | 'logCost'): Gauss {
    const { mean, sd } = this.assumed[field];
    return { mean, sigma: sd };
  }

  private priorQuality(field: 'gain' | 'qualitySlope'): Gauss {
    const { mean, sd } = this.assumed[field][this.metric];
    return { mean, sigma: sd };
  }

  /** ln(bitrate) this track is expected to give at `crf`. */
  lnRateAt(crf: number): Gauss {
    const own = this.points;
    if (new Set(own.map((p) => p.crf)).size >= 2) {
      const local = nearest(own, 3, (p) => Math.abs(p.crf - crf));
      const fit = lineFit(local.map((p) => p.crf), local.map((p) => p.lnRate));
      if (fit) {
        const slope = Math.min(SLOPE_BOUNDS.max, Math.max(SLOPE_BOUNDS.min, fit.slope));
        const centre = local.reduce((a, p) => a + p.crf, 0) / local.length;
        const meanLn = local.reduce((a, p) => a + p.lnRate, 0) / local.length;
        const gap = Math.min(...local.map((p) => Math.abs(p.crf - crf)));
        return { mean: meanLn + slope * (crf - centre), sigma: Math.max(RATE_FLOOR, fit.residualSd) + EXTRAPOLATION.crf * gap };
      }
    }
    const slope = this.priorValue('rateSlope');
    if (own.length > 0) {
      const mean = own.reduce((a, p) => a + p.lnRate, 0) / own.length;
      const at = own[0]!.crf;
      return { mean: mean + slope.mean * (crf - at), sigma: RATE_FLOOR + slope.sigma * Math.abs(crf - at) };
    }
    // Placed from the source's level: every measured track says what the reference spends at its
    // reference CRF (its bitrate at its own equivalent CRF); this track spends that at its own.
    const equivalent = this.priorValue('equivalentCrf');
    const levels = this.anchors.map((m) => {
      const at = m.priorValue('equivalentCrf');
      const rate = m.lnRateAt(at.mean);
      return { mean: rate.mean, sigma: Math.hypot(rate.sigma, at.sigma * Math.abs(m.slopeEstimate())) };
    });
    const level = combineEstimates(levels) ?? { mean: Math.log(1e6), sigma: 2 };
    return {
      mean: level.mean + slope.mean * (crf - equivalent.mean),
      sigma: Math.hypot(level.sigma, equivalent.sigma * Math.abs(slope.mean), slope.sigma * Math.abs(crf - equivalent.mean)),
    };
  }

  /** The fitted (or prior) rate slope, for carrying a CRF uncertainty into ln(bitrate). */
  slopeEstimate(): number {
    const own = this.points;
    if (new Set(own.map((p) => p.crf)).size >= 2) {
      const fit = lineFit(own.map((p) => p.crf), own.map((p) => p.lnRate));
      if (fit) return Math.min(SLOPE_BOUNDS.max, Math.max(SLOPE_BOUNDS.min, fit.slope));
    }
    return this.priorValue('rateSlope').mean;
  }

  /** Quality this track is expected to reach at ln(bitrate) `lnRate`. */
  qualityAt(lnRate: number): Gauss {
    const own = this.points;
    const floor = 0.03 * METRIC_UNIT[this.metric];
    const slope = this.priorQuality('qualitySlope');
    if (new Set(own.map((p) => p.crf)).size >= 2) {
      const local = nearest(own, 3, (p) => Math.abs(p.lnRate - lnRate));
      const fit = lineFit(local.map((p) => p.lnRate), local.map((p) => p.quality));
      if (fit) {
        // Quality rises with bitrate; a fitted slope far from the prior is noise of close points.
        const fitted = Math.min(3 * Math.abs(slope.mean), Math.max(0.25 * Math.abs(slope.mean), fit.slope));
        const centre = local.reduce((a, p) => a + p.lnRate, 0) / local.length;
        const meanQ = local.reduce((a, p) => a + p.quality, 0) / local.length;
        const gap = Math.min(...local.map((p) => Math.abs(p.lnRate - lnRate)));
        return { mean: meanQ + fitted * (lnRate - centre), sigma: Math.max(floor, fit.residualSd) + EXTRAPOLATION.lnRate * slope.mean * gap };
      }
    }
    if (own.length > 0) {
      const p = nearest(own, 1, (q) => Math.abs(q.lnRate - lnRate))[0]!;
      return { mean: p.quality + slope.mean * (lnRate - p.lnRate), sigma: floor + slope.sigma * Math.abs(lnRate - p.lnRate) };
    }
    // Another track's curve at the same bitrate, shifted by the difference of their measured gains.
    const gain = this.priorQuality('gain');
    const estimates = this.anchors.map((m) => {
      const theirs = m.qualityAt(lnRate);
      const theirGain = m.priorQuality('gain');
      return { mean: theirs.mean + gain.mean - theirGain.mean, sigma: Math.hypot(theirs.sigma, gain.sigma, theirGain.sigma) };
    });
    return combineEstimates(estimates) ?? { mean: 0, sigma: 10 * METRIC_UNIT[this.metric] };
  }

  /** ln(encode seconds) of one experiment on this track. */
  logEncodeSeconds(): Gauss {
    if (this.points.length > 0) {
      const logs = this.points.map((p) => Math.log(p.encodeSeconds));
      return { mean: logs.reduce((a, b) => a + b, 0) / logs.length, sigma: 0.15 };
    }
    const own = this.priorValue('logCost');
    const estimates = this.anchors.map((m) => {
      const theirs = m.logEncodeSeconds();
      const theirCost = m.priorValue('logCost');
      return { mean: theirs.mean + own.mean - theirCost.mean, sigma: Math.hypot(theirs.sigma, own.sigma, theirCost.sigma) };
    });
    return combineEstimates(estimates) ?? { mean: 0, sigma: 2 };
  }

  /** Seconds one experiment on this track is expected to take to encode (the mean of the lognormal). */
  expectedEncodeSeconds(): number {
    const { mean, sigma } = this.logEncodeSeconds();
    return Math.exp(mean + (sigma * sigma) / 2);
  }

  /** Where the numbers come from, for a proposal's rationale. */
  basis(): string {
    const name = describeTrack(this.track);
    if (this.points.length >= 2) return `fitted on ${this.points.length} measured points of ${name}`;
    if (this.points.length === 1) return `one measured point of ${name} and its prior slopes`;
    const from = this.anchors.map((m) => describeTrack(m.track)).join(', ');
    return `${this.prior ? 'priors' : 'loose defaults (no fitted prior)'} for ${name}, placed from the measured ${from || 'nothing'}`;
  }
}

/**
 * Models for the given tracks: the measured ones first, then the rest placed from them. A track is
 * placed from the measured tracks of its own encoder where there are any (another preset of the
 * same encoder knows how that encoder does on this source better than a cross-encoder prior), else
 * from every measured track.
 */
export function buildModels(history: readonly HistoryEntry[], tracks: readonly Track[], metric: QualityMetric, priors: PlannerPriors): TrackModel[] {
  const measured: TrackModel[] = [];
  const pending: Track[] = [];
  for (const track of tracks) {
    const points = trackHistory(history, track, metric);
    if (points.length > 0) measured.push(new TrackModel(track, priorOf(track.encoder, track.preset, priors), points, metric, []));
    else pending.push(track);
  }
  const anchorsOf = (track: Track) => {
    const siblings = measured.filter((m) => m.track.encoder === track.encoder);
    return siblings.length > 0 ? siblings : measured;
  };
  return [...measured, ...pending.map((track) => new TrackModel(track, priorOf(track.encoder, track.preset, priors), [], metric, anchorsOf(track)))];
}
