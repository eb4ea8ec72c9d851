/** What the breaker says about the next request. */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive endpoint failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial request is let through. */
  readonly cooldownMs: number;
  /** Injected so tests can move time; defaults to `Date.now`. */
  readonly now?: () => number;
}

/**
 * A consecutive-failure circuit breaker. While the endpoint keeps failing, every caller would
 * otherwise wait for its own timeout before falling back; open, the breaker sends them straight to
 * the planner. After the cooldown exactly one trial request goes through (half-open): its success
 * closes the circuit, its failure opens it for another cooldown.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The state as of now, without reserving anything. */
  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.options.cooldownMs ? 'half_open' : 'open';
  }

  /**
   * Asks to send one request. True when it may go; in the half-open state only the first caller
   * gets the trial, and it must report back with `success` or `failure`.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** The endpoint answered (well or badly, it is up): the circuit closes and the count starts again. */
  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** The endpoint failed; a failed trial, or one failure too many, opens the circuit. */
  failure(): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
    this.trialInFlight = false;
  }
}
