import { describe, expect, it } from 'vitest';
import { ResponseCache, weakEtag } from './response-cache.ts';

describe('ResponseCache', () => {
  it('reuses a body until it expires, then reads again', async () => {
    let clock = 0;
    let reads = 0;
    const cache = new ResponseCache(1000, 10, () => clock);
    const produce = async () => ({ reads: ++reads });
    expect((await cache.get('/a', produce)).body).toBe('{"reads":1}');
    clock = 999;
    expect((await cache.get('/a', produce)).body).toBe('{"reads":1}');
    clock = 1000;
    const fresh = await cache.get('/a', produce);
    expect(fresh.body).toBe('{"reads":2}');
    expect(fresh.etag).toBe(weakEtag('{"reads":2}'));
  });

  it('folds concurrent misses into one read, and keeps no failure', async () => {
    let reads = 0;
    const cache = new ResponseCache(1000);
    const slow = () => new Promise((resolve) => setTimeout(() => resolve({ reads: ++reads }), 10));
    const bodies = await Promise.all([cache.get('/a', slow), cache.get('/a', slow), cache.get('/b', slow)]);
    expect(bodies.map((b) => b.body)).toEqual(['{"reads":1}', '{"reads":1}', '{"reads":2}']);
    await expect(cache.get('/c', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('/c', async () => 'up')).body).toBe('"up"');
  });

  it('reads every time when disabled, and drops the oldest entries beyond its bound', async () => {
    let reads = 0;
    const off = new ResponseCache(0);
    await off.get('/a', async () => ++reads);
    await off.get('/a', async () => ++reads);
    expect(reads).toBe(2);
    const small = new ResponseCache(1000, 2);
    for (const key of ['/1', '/2', '/3']) await small.get(key, async () => key);
    expect((await small.get('/1', async () => 'again')).body).toBe('"again"');
    expect((await small.get('/3', async () => 'again')).body).toBe('"/3"');
  });
});
