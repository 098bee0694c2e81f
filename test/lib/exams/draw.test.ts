// Drawing a student's exam items: k distinct items of each pool, uniformly at random, reproducible
// from a seed, and one pool's draw independent of the others.
import { describe, expect, it } from 'vitest';
import { drawItems, validatePools, type PoolSpec } from '../../../lib/exams/draw.ts';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}/${i + 1}`);

const attention: PoolSpec = { id: 'pool-a', position: 1, choose: 2, points: 5, exerciseIds: ids('attention', 5) };
const norms: PoolSpec = { id: 'pool-b', position: 2, choose: 1, points: 10, exerciseIds: ids('norms', 3) };
const optim: PoolSpec = { id: 'pool-c', position: 3, choose: 3, points: 2, exerciseIds: ids('optim', 4) };

const picksOf = (pools: PoolSpec[], seed: string, poolId: string) =>
  drawItems(pools, seed).filter((d) => d.poolId === poolId).map((d) => d.exerciseId);

describe('drawItems', () => {
  it('gives the same items in the same order for the same seed', () => {
    const pools = [attention, norms, optim];
    expect(drawItems(pools, 'exam-1:student-7')).toEqual(drawItems(pools, 'exam-1:student-7'));
  });

  it('gives different picks or orders for different seeds (usually)', () => {
    const draws = new Set<string>();
    for (let s = 0; s < 20; s++) draws.add(JSON.stringify(drawItems([attention, norms, optim], `seed-${s}`)));
    expect(draws.size).toBeGreaterThan(10);
  });

  it('draws `choose` distinct items from each pool, only from that pool, with its points', () => {
    for (let s = 0; s < 50; s++) {
      const drawn = drawItems([attention, norms, optim], `seed-${s}`);
      for (const pool of [attention, norms, optim]) {
        const mine = drawn.filter((d) => d.poolId === pool.id);
        expect(mine).toHaveLength(pool.choose);
        expect(new Set(mine.map((d) => d.exerciseId)).size).toBe(pool.choose);
        for (const d of mine) {
          expect(pool.exerciseIds).toContain(d.exerciseId);
          expect(d.points).toBe(pool.points);
        }
      }
    }
  });

  it('numbers positions 1..N across pools in ascending pool position, whatever order they are given in', () => {
    const drawn = drawItems([optim, attention, norms], 'order');
    expect(drawn.map((d) => d.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(drawn.map((d) => d.poolId)).toEqual(['pool-a', 'pool-a', 'pool-b', 'pool-c', 'pool-c', 'pool-c']);
  });

  it("does not change a pool's draw when another pool is added, before or after it", () => {
    for (let s = 0; s < 20; s++) {
      const seed = `seed-${s}`;
      const alone = picksOf([norms], seed, 'pool-b');
      expect(picksOf([attention, norms], seed, 'pool-b')).toEqual(alone);
      expect(picksOf([norms, optim], seed, 'pool-b')).toEqual(alone);
    }
  });

  it('shuffles the chosen items: choosing all of a pool gives every item, in varying order', () => {
    const all = { ...optim, choose: 4 };
    const orders = new Set<string>();
    for (let s = 0; s < 30; s++) {
      const picks = picksOf([all], `seed-${s}`, 'pool-c');
      expect([...picks].sort()).toEqual([...all.exerciseIds].sort());
      orders.add(picks.join());
    }
    expect(orders.size).toBeGreaterThan(5);
  });

  it('draws every item of a pool about equally often over many seeds (1 of 4, 200 seeds: each at least 20 times)', () => {
    const pool: PoolSpec = { id: 'p', position: 1, choose: 1, points: 1, exerciseIds: ids('x', 4) };
    const counts = new Map<string, number>();
    for (let s = 0; s < 200; s++) {
      const [d] = drawItems([pool], `student-${s}`);
      counts.set(d.exerciseId, (counts.get(d.exerciseId) ?? 0) + 1);
    }
    for (const id of pool.exerciseIds) expect(counts.get(id) ?? 0).toBeGreaterThanOrEqual(20);
  });

  it('returns nothing for an exam without pools', () => {
    expect(drawItems([], 'seed')).toEqual([]);
  });

  it('refuses a pool that chooses fewer than 1 item, a fraction, or more items than it has', () => {
    expect(() => drawItems([{ ...norms, choose: 0 }], 's')).toThrow(/pool-b.*at least 1/);
    expect(() => drawItems([{ ...norms, choose: 1.5 }], 's')).toThrow(/whole number/);
    expect(() => drawItems([{ ...norms, choose: 4 }], 's')).toThrow('Pool "pool-b" chooses 4 items but has only 3.');
  });

  it('refuses an item that appears twice in the exam, across pools or within one', () => {
    const clash = { ...norms, exerciseIds: ['norms/1', 'attention/2'] };
    expect(() => drawItems([attention, clash], 's')).toThrow(/attention\/2 is in pools "pool-a" and "pool-b"/);
    const twice = { ...norms, exerciseIds: ['norms/1', 'norms/1'] };
    expect(() => drawItems([twice], 's')).toThrow(/norms\/1 is twice in pool "pool-b"/);
  });

  it('does not modify the pools it is given', () => {
    const pools = [optim, attention];
    const before = JSON.stringify(pools);
    drawItems(pools, 'seed');
    expect(JSON.stringify(pools)).toBe(before);
  });
});

describe('validatePools', () => {
  const ok = { choose: 1, points: 5, exerciseIds: ['attention/x', 'attention/y'] };

  it('finds nothing wrong with valid pools', () => {
    expect(validatePools([ok, { choose: 2, points: 1.5, exerciseIds: ['norms/a', 'norms/b'] }])).toEqual([]);
    expect(validatePools([])).toEqual([]);
  });

  it('says when a pool chooses more items than it has', () => {
    expect(validatePools([ok, { choose: 3, points: 5, exerciseIds: ['a', 'b'] }])).toEqual([
      'Pool 2 chooses 3 items but has only 2.',
    ]);
  });

  it('says when a pool has no items (and not also that it chooses too many)', () => {
    expect(validatePools([{ choose: 1, points: 5, exerciseIds: [] }])).toEqual(['Pool 1 has no items.']);
  });

  it('says when an item is in more than one pool, or twice in one', () => {
    expect(validatePools([ok, { choose: 1, points: 5, exerciseIds: ['attention/x'] }])).toEqual([
      'attention/x is in pools 1 and 2: an item can be in one pool only.',
    ]);
    expect(validatePools([ok, { ...ok }, { ...ok }])).toContain(
      'attention/x is in pools 1, 2 and 3: an item can be in one pool only.',
    );
    expect(validatePools([{ choose: 1, points: 5, exerciseIds: ['a', 'a'] }])).toEqual([
      'a is in pool 1 more than once: an item can be in a pool only once.',
    ]);
  });

  it('requires positive points', () => {
    for (const points of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(validatePools([{ ...ok, points }])).toEqual(["Pool 1's points must be a positive number."]);
    }
  });

  it('requires choose to be a whole number of at least 1', () => {
    for (const choose of [0, -2, 1.5, Number.NaN]) {
      expect(validatePools([{ ...ok, choose }])).toEqual(['Pool 1 must choose a whole number of items, at least 1.']);
    }
  });

  it('allows at most 20 pools and at most 100 items per pool', () => {
    const pools = Array.from({ length: 21 }, (_, i) => ({ choose: 1, points: 1, exerciseIds: [`e/${i}`] }));
    expect(validatePools(pools.slice(0, 20))).toEqual([]);
    expect(validatePools(pools)).toEqual(['An exam can have at most 20 pools; this one has 21.']);
    expect(validatePools([{ choose: 1, points: 1, exerciseIds: ids('e', 100) }])).toEqual([]);
    expect(validatePools([{ choose: 1, points: 1, exerciseIds: ids('e', 101) }])).toEqual([
      'Pool 1 has 101 items; a pool can have at most 100.',
    ]);
  });

  it('lists every problem at once', () => {
    const problems = validatePools([{ choose: 0, points: 0, exerciseIds: [] }, { choose: 5, points: 1, exerciseIds: ['a'] }]);
    expect(problems).toEqual([
      'Pool 1 has no items.',
      'Pool 1 must choose a whole number of items, at least 1.',
      "Pool 1's points must be a positive number.",
      'Pool 2 chooses 5 items but has only 1.',
    ]);
  });
});
