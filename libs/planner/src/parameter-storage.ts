import { describeConfig, measuredEntries, ParameterStorageConfigSchema, type CampaignContext, type ExperimentConfig, type ParameterStorageConfig } from '@codec-lab/domain';

// When the planner tries parameter storage: once per campaign, right after the baseline, where the
// baseline's own measurement says the source is procedural. A computer-generated source (flat
// gradients, plasmas, moving flat shapes, title cards) is one a plain encoder compresses to almost
// nothing at a very high PSNR; camera video never is (sensor noise and texture cost bits at every
// CRF). So the rule reads the measured baseline, not how the source was made:
//   bits per pixel of the full baseline encode <= PROCEDURAL_BPP and its PSNR >= PROCEDURAL_PSNR_DB.
// A result in the history is what it learns from: one parameter-storage experiment per campaign,
// whatever it measured (a poor fit on a source that looked procedural is a finding, not a retry).

/** Baseline bits per pixel per frame at or below which a source looks procedural. */
export const PROCEDURAL_BPP = 0.02;
/** Baseline PSNR at or above which a source looks procedural. */
export const PROCEDURAL_PSNR_DB = 45;

/** The parameter-storage experiment the planner runs: the defaults (effort 2, no residual). */
export const PLANNED_PARAMETER_STORAGE: ParameterStorageConfig = ParameterStorageConfigSchema.parse({ strategy: 'parameter_storage' });

export interface ProceduralEvidence {
  readonly baseline: ReturnType<typeof measuredEntries>[number];
  /** Bits per pixel per frame of the full baseline encode, and its PSNR. */
  readonly bpp: number;
  readonly psnr: number;
  readonly procedural: boolean;
}

/** What the campaign's first full codec encode says about the source; undefined before there is one. */
export function proceduralEvidence(context: Pick<CampaignContext, 'history'>): ProceduralEvidence | undefined {
  const baseline = measuredEntries(context.history).find((e) => e.config.strategy === 'codec' && e.result.mode === 'full');
  if (!baseline) return undefined;
  const r = baseline.result;
  const bpp = (r.bytes * 8) / (r.width * r.height * Math.max(1, r.frames));
  return { baseline, bpp, psnr: r.psnr.avg, procedural: bpp <= PROCEDURAL_BPP && r.psnr.avg >= PROCEDURAL_PSNR_DB };
}

export interface ParameterStorageStep {
  readonly config: ExperimentConfig;
  readonly hypothesis: string;
  readonly rationale: string;
}

/** The parameter-storage experiment to run next, if this is the moment for it; undefined otherwise. */
export function parameterStorageStep(context: CampaignContext, fresh: (config: ExperimentConfig) => boolean): ParameterStorageStep | undefined {
  const { constraints } = context.objective;
  if (constraints?.encoders || (constraints?.pixelFormat && constraints.pixelFormat !== 'yuv420p')) return undefined;
  if (context.history.some((e) => e.config.strategy === 'parameter_storage')) return undefined;
  const evidence = proceduralEvidence(context);
  if (!evidence?.procedural || !fresh(PLANNED_PARAMETER_STORAGE)) return undefined;
  const { baseline, bpp, psnr } = evidence;
  return {
    config: PLANNED_PARAMETER_STORAGE,
    hypothesis: `The source looks procedural: the baseline (${describeConfig(baseline.config)}) spent ${bpp.toFixed(4)} bits per pixel for ${psnr.toFixed(1)} dB PSNR. A fitted scene description (gradients, sinusoids, shapes) may store it in far fewer bits at equal or better PSNR.`,
    rationale: `Procedural content compresses to under ${PROCEDURAL_BPP} bits per pixel at ${PROCEDURAL_PSNR_DB} dB or more with a plain encoder; camera video does not. If the fit's PSNR falls well short of the baseline's, or its bytes are not far below, the source is not procedural enough and the codec search goes on.`,
  };
}
