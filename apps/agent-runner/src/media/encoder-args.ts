import { CodecConfigSchema, DomainError, ENCODERS, formatIssues, type ArgStyle, type CodecConfig } from '@codec-lab/domain';

// Every ffmpeg argument below comes from the encoder registry (ENCODERS, libs/domain) or from this
// file's constants, with values that are the config's validated enums and bounded numbers. Nothing
// free-form reaches the command line.

/**
 * The ffmpeg name of each of the config's options, from the encoder registry (ENCODERS[encoder]
 * .options[key].ffmpeg). The config has been validated, so every key is allowlisted; one without a
 * registry entry is a bug, and never becomes an argument.
 */
function optionArgs(c: CodecConfig): [string, number][] {
  const allowed = ENCODERS[c.encoder].options;
  return Object.entries(c.options ?? {}).map(([key, value]): [string, number] => {
    const option = allowed[key];
    if (!option) throw new DomainError('internal', 'ERR_INVALID_CONFIG', `${c.encoder} has no option ${key} in the encoder registry`);
    return [option.ffmpeg, value];
  });
}

/** Which pass of a two-pass encode, and where its statistics go. */
export interface PassSpec {
  readonly pass: 1 | 2;
  /** Path prefix for the encoder's first-pass statistics; chosen by the runner, never by a user. */
  readonly statsPrefix: string;
}

function parse(config: CodecConfig): CodecConfig {
  const parsed = CodecConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const details = formatIssues(parsed.error.issues);
  throw new DomainError('invalid', 'ERR_INVALID_CONFIG', `invalid codec config: ${details.join('; ')}`, { details });
}

function presetArgs(family: ArgStyle, preset: string): string[] {
  if (family === 'aom') return ['-cpu-used', preset, '-row-mt', '1'];
  if (family === 'vpx') return ['-deadline', 'good', '-cpu-used', preset, '-row-mt', '1'];
  return ['-preset', preset];
}

function rateArgs(family: ArgStyle, config: CodecConfig): string[] {
  const rc = config.rateControl;
  if (rc.mode === 'bitrate') return [...(family === 'nvenc' ? ['-rc', 'vbr'] : []), '-b:v', `${rc.kbps}k`];
  if (family === 'nvenc') return ['-rc', 'vbr', '-cq', String(rc.crf), '-b:v', '0'];
  // libaom and libvpx are in constrained quality unless the bitrate is 0: then CRF is pure quality.
  if (family === 'aom' || family === 'vpx') return ['-crf', String(rc.crf), '-b:v', '0'];
  return ['-crf', String(rc.crf)];
}

/** `key=value:key=value` for x265/SVT-AV1 parameter strings; the stats path must not break the syntax. */
function paramString(entries: [string, string | number][]): string {
  for (const [, value] of entries) {
    if (/[:=]/.test(String(value))) throw new DomainError('internal', 'ERR_BAD_WORK_PATH', 'work paths must not contain ":" or "="');
  }
  return entries.map(([key, value]) => `${key}=${value}`).join(':');
}

/**
 * ffmpeg output options for a config (and, for two-pass encodes, one of its passes). The config is
 * parsed again first, so only enum members and bounded numbers reach the command line.
 */
export function encoderArgs(config: CodecConfig, pass?: PassSpec): string[] {
  const c = parse(config);
  const family = ENCODERS[c.encoder].args;
  const options = optionArgs(c);
  const args = ['-map', '0:v:0', '-an', '-sn', '-dn'];
  if (c.resolution) args.push('-vf', `scale=${c.resolution.width}:${c.resolution.height}:flags=lanczos`);
  args.push('-c:v', c.encoder, ...presetArgs(family, c.preset), ...rateArgs(family, c));
  if (c.gop !== undefined) args.push('-g', String(c.gop));
  if (c.bFrames !== undefined) args.push('-bf', String(c.bFrames));
  if (c.tune !== undefined) args.push('-tune', c.tune);
  args.push('-pix_fmt', c.pixelFormat);

  if (family === 'x265') {
    // ffmpeg 5.1's libx265 ignores -pass; x265 takes its passes and stats file as parameters.
    const passParams: [string, string | number][] = pass ? [['pass', pass.pass], ['stats', `${pass.statsPrefix}.x265`]] : [];
    // hvc1 is the tag Apple players require for HEVC in MP4; x265 is silenced to its errors.
    args.push('-tag:v', 'hvc1', '-x265-params', paramString([['log-level', 'error'], ...options, ...passParams]));
  } else if (family === 'svt') {
    const params: [string, string | number][] = [...options, ...(c.filmGrain !== undefined ? [['film-grain', c.filmGrain] as [string, number]] : [])];
    if (params.length) args.push('-svtav1-params', paramString(params));
  } else {
    for (const [name, value] of options) args.push(`-${name}`, String(value));
    if (pass) args.push('-pass', String(pass.pass), '-passlogfile', pass.statsPrefix);
  }
  // One output frame per decoded frame with its own timestamp: the default (cfr for MP4) would
  // duplicate or drop frames of a variable-rate source, and the frame counts must match.
  args.push('-fps_mode', 'passthrough');
  // The first pass only gathers statistics.
  args.push('-f', pass?.pass === 1 ? 'null' : 'mp4');
  return args;
}
