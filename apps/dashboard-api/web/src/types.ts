// The JSON shapes the page reads from dashboard-api (only the fields it shows).

export type Arm = 'analyst' | 'random';

export interface Experiment {
  id: string;
  campaignId: string;
  seq: number;
  arm: Arm;
  status: string;
  config: {
    encoder: string;
    preset?: string | number;
    rateControl: { mode: 'crf'; crf: number } | { mode: 'bitrate'; kbps: number; passes?: number };
    resolution?: { width: number; height: number };
    pixelFormat?: string;
  };
  proposal: { hypothesis: string; origin: string };
  result?: { bitrateBps: number; psnr: { avg: number; y: number }; ssim: { all: number }; encodeFps?: number };
  analysis?: { summary: string; nextStep?: string; origin: string };
  failure?: { message?: string; reason?: string };
  createdAt: string;
  finishedAt?: string;
}

export interface SourceDescription {
  width: number;
  height: number;
  fps: number;
  frames: number;
  durationSeconds: number;
  pixelFormat: string;
  bitDepth: number;
  colorRange: string;
  audio: boolean;
  codec: string;
  sizeBytes?: number;
  sha256?: string;
}

export interface Campaign {
  id: string;
  status: string;
  sourceDescription?: SourceDescription;
  objective: { targetBitrateMbps: number; metric: string };
  maxExperiments: number;
  controlArm?: boolean;
  createdAt: string;
  source: { kind: string; generator?: string; path?: string; width?: number; height?: number; seconds?: number };
}

export interface Best {
  seq: number;
  bitrateBps: number;
  psnr: number;
  ssim: number;
  label: string;
}

export interface CampaignDetail extends Campaign {
  summary?: {
    experiments: { total: number; succeeded: number; failed: number; pending: number };
    /** The best that met the objective; absent where none did (then `closest`, and metObjective false). */
    best?: Best;
    closest?: Best;
    metObjective?: boolean;
    arms?: Partial<Record<Arm, { experiments?: number; best?: Best; closest?: Best; metObjective?: boolean } | undefined>>;
  };
}

export interface TrendPoint {
  seq: number;
  arm: Arm;
  status: string;
  origin: string;
  encoder: string;
  bitrateBps: number | null;
  psnr: number | null;
  ssim: number | null;
  bestSeq: number | null;
  bestBitrateBps: number | null;
}

export interface Trend {
  campaignId: string;
  targetBitrateBps: number;
  metric: string;
  points: TrendPoint[];
}

export interface Pareto {
  campaignId: string;
  metric: string;
  targetBitrateBps: number;
  points: { seq: number; arm: Arm; origin: string; label: string; bitrateBps: number; quality: number }[];
  front: number[];
}

export interface Leaderboard {
  campaignId: string;
  baselineSeq: number | null;
  entries: {
    seq: number;
    arm: Arm;
    origin: string;
    label: string;
    bitrateBps: number;
    psnr: number;
    psnrY: number;
    ssim: number;
    bitrateChange: number;
    psnrChange: number;
    versusBaseline: string;
    meetsObjective: boolean;
  }[];
}

export interface BlogSummary {
  id: string;
  campaignId: string;
  seq: number;
  title: string;
  publishedAt: string;
  origin: string;
  excerpt: string;
}

export interface BlogPost extends BlogSummary {
  markdown: string;
}
