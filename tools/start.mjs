// `npm start` and `npm test` begin here, possibly on a fresh clone with an old system Node: so this
// file is plain JavaScript that any Node from 18 on runs. It installs what is missing (npm
// packages, including the Node 24 the project runs on; ffmpeg from Debian when run as root; the
// metrics ffmpeg, with libvmaf, through pip: tools/metrics-ffmpeg.mjs), builds the service bundles,
// and then, for `npm start`, runs the lab on Node 24.
//   node tools/start.mjs            install, build, run the lab
//   node tools/start.mjs --prepare  install and build only (npm test's pretest)
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMetricsFfmpeg, installedPath, pipAvailable, supportedHost } from './metrics-ffmpeg.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prepareOnly = process.argv.includes('--prepare');
const say = (line) => process.stderr.write(`[codec-lab] ${line}\n`);
const underCi = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    say(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// 1. npm packages, when node_modules is missing or older than the lockfile.
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  say('installing npm packages (npm ci)...');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// 2. System packages: ffmpeg and ffprobe (agent-runner encodes and measures with them); for the
//    tests also Chromium (the dashboard's browser test) and Prometheus (the monitoring test); as
//    root, python3-pip when step 3 has to fetch the metrics ffmpeg and pip is not there.
const missing = [];
if (!onPath('ffmpeg') || !onPath('ffprobe')) missing.push('ffmpeg');
if (prepareOnly && !existsSync('/usr/bin/chromium')) missing.push('chromium');
if (prepareOnly && (!existsSync('/usr/bin/prometheus') || !existsSync('/usr/bin/promtool'))) missing.push('prometheus');
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const userMetricsFfmpeg = process.env.METRICS_FFMPEG_PATH || undefined;
if (asRoot && onPath('apt-get') && !userMetricsFfmpeg && supportedHost() && !existsSync(installedPath()) && !(await pipAvailable())) {
  missing.push('python3-pip');
}
if (missing.length > 0) {
  if (asRoot && onPath('apt-get')) {
    say(`installing ${missing.join(', ')} from Debian (apt-get)...`);
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else if (missing.includes('ffmpeg')) {
    say(`missing: ${missing.join(', ')}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}) and run this again.`);
    process.exit(1);
  } else {
    say(`missing: ${missing.join(', ')}; the tests that need them will be skipped (sudo apt-get install -y ${missing.join(' ')}).`);
  }
}

// 3. The metrics ffmpeg: agent-runner measures VMAF with it (Debian's ffmpeg has no libvmaf). It is
//    fetched once into .cache/metrics-ffmpeg and checked by sha256 (tools/metrics-ffmpeg.json);
//    METRICS_FFMPEG_PATH set by you is used instead. Without it the lab runs and agent-runner reports
//    VMAF as not available; npm test under CI (CI=true) stops here instead.
let metricsFfmpeg = userMetricsFfmpeg;
if (metricsFfmpeg) {
  say(`metrics ffmpeg: ${metricsFfmpeg} (METRICS_FFMPEG_PATH)`);
} else {
  try {
    metricsFfmpeg = (await ensureMetricsFfmpeg({ log: say })).path;
  } catch (error) {
    const reason = `no metrics ffmpeg, so VMAF will be reported as not available: ${error.message}`;
    if (prepareOnly && underCi) {
      say(`${reason}. Under CI (CI=true) this stops the tests.`);
      process.exit(1);
    }
    say(reason);
  }
}

// 4. Service bundles (Nx caches them; a rebuild after a change takes about a second).
const node24 = join(root, 'node_modules', '.bin', 'node');
run(node24, [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'run-many', '-t', 'build', '--output-style=static'], {
  env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`, NX_DAEMON: 'false' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (prepareOnly) process.exit(0);

// 5. The lab. Ctrl-C reaches it directly; this process waits and passes on its exit code.
const lab = spawn(node24, ['--enable-source-maps', join(root, 'dist', 'apps', 'lab', 'main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: metricsFfmpeg ? { ...process.env, METRICS_FFMPEG_PATH: metricsFfmpeg } : process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => lab.kill(signal));
lab.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
