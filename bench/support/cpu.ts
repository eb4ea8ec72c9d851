import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

// Wall time on a shared two-core machine moves with whatever else runs. CPU time moves much less,
// so each sample also records the CPU this process and the children it reaped (ffmpeg, ffprobe)
// used, and how much the rest of the machine used meanwhile. Linux /proc only; elsewhere null.

const USER_HZ = 100; // /proc reports clock ticks of 1/100 s on every mainstream Linux.

interface Clock {
  readonly wall: number;
  /** utime + stime + cutime + cstime of this process, seconds. */
  readonly self: number | null;
  /** Busy (not idle, not iowait) seconds of all cores, steal included. */
  readonly machine: number | null;
}

function read(): Clock {
  const wall = performance.now() / 1000;
  try {
    // Fields after the `(comm)` field, which may itself hold spaces: utime is the 12th of them.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const self = (fields[11]! + fields[12]! + fields[13]! + fields[14]!) / USER_HZ;
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
    return { wall, self, machine: (user + nice + system + irq + softirq + steal) / USER_HZ };
  } catch {
    return { wall, self: null, machine: null };
  }
}

export interface Sample<T> {
  readonly value: T;
  readonly wall: number;
  /** CPU seconds of this process and its children during the call; null without /proc. */
  readonly cpu: number | null;
  /** CPU seconds of this Node process alone (gRPC, fluent-ffmpeg, parsing, hashing), children left out. */
  readonly node: number;
  /** CPU seconds everything else on the machine used during the call; null without /proc. */
  readonly others: number | null;
}

/** Runs `fn` and says how long it took, in wall time and in CPU time, and what else ran. */
export async function sample<T>(fn: () => Promise<T>): Promise<Sample<T>> {
  const before = read();
  const nodeBefore = process.cpuUsage();
  const value = await fn();
  const { user, system } = process.cpuUsage(nodeBefore);
  const after = read();
  const cpu = before.self === null || after.self === null ? null : after.self - before.self;
  const busy = before.machine === null || after.machine === null ? null : after.machine - before.machine;
  const others = cpu === null || busy === null ? null : Math.max(0, busy - cpu);
  return { value, wall: after.wall - before.wall, cpu, node: (user + system) / 1e6, others };
}
