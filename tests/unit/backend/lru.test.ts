import { describe, expect, it } from 'vitest';
import { Lru } from '../../../electron/backend/lru';

describe('Lru', () => {
  it('keeps at most its limit, forgetting the least recently used first', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recently used
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    lru.delete('a');
    expect(lru.get('a')).toBeUndefined();
  });
});
