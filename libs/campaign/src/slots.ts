// The rules of the global experiment slots (shared by every orchestrator replica); taking and
// renewing a slot is the orchestrator's I/O.

/** Waits between tries while every slot is taken: 200 ms, doubling, at most 5 s. */
export const SLOT_WAIT = { firstMs: 200, maxMs: 5_000 } as const;

export function nextSlotWait(waitMs: number): number {
  return Math.min(waitMs * 2, SLOT_WAIT.maxMs);
}

/** A wait with jitter (half to all of it), so that drivers waiting together do not retry together; `random` in [0, 1). */
export function jitteredWait(waitMs: number, random: number): number {
  return waitMs * (0.5 + random / 2);
}

/** A held slot's lease is renewed three times per lease. */
export function slotRenewMs(ttlMs: number): number {
  return ttlMs / 3;
}
