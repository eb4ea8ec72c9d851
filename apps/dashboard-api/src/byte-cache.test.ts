import { describe, expect, it } from 'vitest';
import { ByteCache } from './byte-cache.ts';

const size = (value: string) => value.length;

describe('ByteCache', () => {
  it('keeps what it made and makes it again only after it was dropped', async () => {
    const cache = new ByteCache(10);
    let made = 0;
    const make = (value: string) => async () => {
      made++;
      return value;
    };
    expect(await cache.get('a', make('aaaa'), size)).toBe('aaaa');
    expect(await cache.get('a', make('other'), size)).toBe('aaaa');
    expect(made).toBe(1);
    expect(cache.bytes).toBe(4);
  });

  it('drops the least recently used first once past its bytes', async () => {
    const cache = new ByteCache(10);
    await cache.get('a', async () => 'aaaa', size);
    await cache.get('b', async () => 'bbbb', size);
    await cache.get('a', async () => 'unused', size); // a is now the most recently used
    await cache.get('c', async () => 'cccc', size); // 12 bytes: b goes
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    expect(cache.bytes).toBe(8);
  });

  it('returns a value larger than its budget without keeping it', async () => {
    const cache = new ByteCache(3);
    await cache.get('a', async () => 'aa', size);
    expect(await cache.get('big', async () => 'bigger', size)).toBe('bigger');
    expect([cache.has('a'), cache.has('big'), cache.bytes]).toEqual([true, false, 2]);
  });

  it('folds concurrent misses into one production and keeps no failure', async () => {
    const cache = new ByteCache(100);
    let calls = 0;
    let release!: (value: string) => void;
    const slow = () => {
      calls++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const both = Promise.all([cache.get('k', slow, size), cache.get('k', slow, size)]);
    release('v');
    expect(await both).toEqual(['v', 'v']);
    expect(calls).toBe(1);

    await expect(cache.get('bad', () => Promise.reject(new Error('runner gone')), size)).rejects.toThrow('runner gone');
    expect(await cache.get('bad', async () => 'now', size)).toBe('now');
  });
});
