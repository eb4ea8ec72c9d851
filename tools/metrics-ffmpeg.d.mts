// Types of tools/metrics-ffmpeg.mjs (plain JavaScript, so that Node 18 runs it) for the tests.

/** tools/metrics-ffmpeg.json */
export interface MetricsFfmpegDescription {
  readonly package: string;
  readonly version: string;
  readonly platform: string;
  readonly wheel: string;
  readonly wheelSha256: string;
  readonly member: string;
  readonly binarySha256: string;
  readonly ffmpegVersion: string;
  /** Relative to the repository. */
  readonly installPath: string;
}

export interface EnsureOptions {
  /** Install into this folder (the install path's file name in it) instead of the repository's `.cache`. */
  readonly cacheDir?: string;
  readonly description?: MetricsFfmpegDescription;
  /** Default python3. */
  readonly python?: string;
  readonly host?: { readonly platform: string; readonly arch: string };
  readonly log?: (line: string) => void;
}

export interface EnsureResult {
  readonly path: string;
  /** Fetched by this call (false: it was there already). */
  readonly installed: boolean;
  readonly seconds: number;
}

export declare const DESCRIPTION_PATH: string;
export declare class MetricsFfmpegError extends Error {}
export declare function readDescription(path?: string): MetricsFfmpegDescription;
export declare function installedPath(options?: { cacheDir?: string; description?: MetricsFfmpegDescription }): string;
export declare function supportedHost(host?: { platform: string; arch: string }): boolean;
export declare function pipAvailable(python?: string): Promise<boolean>;
export declare function ensureMetricsFfmpeg(options?: EnsureOptions): Promise<EnsureResult>;
