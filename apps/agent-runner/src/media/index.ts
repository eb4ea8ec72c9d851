export { detectCapabilities, readFfmpegVersion, type Capabilities, type CapabilityOptions } from './capabilities.ts';
export { FfmpegFailure, killAllFfmpeg, liveFfmpegCount, type MediaProgress, type ProgressListener } from './ffmpeg-process.ts';
export { resolveInput, type InputSpec } from './input.ts';
export { PSNR_CAP_DB, VMAF_UNAVAILABLE_REASON, type Measurement, type VmafMeasurement } from './measure.ts';
export type { Rational } from './probe.ts';
export { runExperiment, type RunExperimentOptions } from './run-experiment.ts';
export { sweepAbandonedAttempts } from './attempt-dir.ts';
export { describeSource } from './describe.ts';
