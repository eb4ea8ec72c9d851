import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

function breaker(failureThreshold = 3, cooldownMs = 1000) {
  const clock = { t: 0 };
  return { clock, cb: new CircuitBreaker({ failureThreshold, cooldownMs, now: () => clock.t }) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and after a success resets the count', () => {
    const { cb } = breaker(3);
    cb.failure();
    cb.failure();
    cb.success();
    cb.failure();
    cb.failure();
    expect(cb.state).toBe('closed');
    expect(cb.tryAcquire()).toBe(true);
  });

  it('opens after consecutive failures and refuses requests for the cooldown', () => {
    const { cb, clock } = breaker(3, 1000);
    for (let i = 0; i < 3; i++) cb.failure();
    expect(cb.state).toBe('open');
    expect(cb.tryAcquire()).toBe(false);
    clock.t = 999;
    expect(cb.tryAcquire()).toBe(false);
  });

  it('lets exactly one trial through when half-open; its success closes the circuit', () => {
    const { cb, clock } = breaker(2, 1000);
    cb.failure();
    cb.failure();
    clock.t = 1000;
    expect(cb.state).toBe('half_open');
    expect(cb.tryAcquire()).toBe(true);
    expect(cb.tryAcquire()).toBe(false);
    cb.success();
    expect(cb.state).toBe('closed');
    expect(cb.tryAcquire()).toBe(true);
    expect(cb.tryAcquire()).toBe(true);
  });

  it('re-opens for a full cooldown when the trial fails', () => {
    const { cb, clock } = breaker(2, 1000);
    cb.failure();
    cb.failure();
    clock.t = 1500;
    expect(cb.tryAcquire()).toBe(true);
    cb.failure();
    expect(cb.state).toBe('open');
    clock.t = 2499;
    expect(cb.tryAcquire()).toBe(false);
    clock.t = 2500;
    expect(cb.tryAcquire()).toBe(true);
  });
});
