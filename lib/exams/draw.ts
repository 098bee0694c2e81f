// Which items a student gets in an exam. An exam is a list of pools; from each pool every student
// gets `choose` distinct items, drawn uniformly at random (each k-subset of the n items equally
// likely, in a random order). The draw is a pure function of the pools and a seed, so the same
// student sees the same exam on every reload and on every server, and it is drawn per pool (one
// generator per pool, seeded by the pool's id) so that adding or editing one pool never changes
// what another pool gave. An item may sit in one pool only, so no student gets it twice.
// Pure: no I/O, no clock.
import { createRng } from '../../engine/random.ts';

export const MAX_POOLS = 20;
export const MAX_ITEMS_PER_POOL = 100;

export interface PoolSpec {
  id: string;
  /** Order of the pool in the exam (ascending); need not be contiguous. */
  position: number;
  /** How many items each student gets from this pool, 1..exerciseIds.length. */
  choose: number;
  /** Points each drawn item of this pool is worth. */
  points: number;
  exerciseIds: string[];
}

export interface DrawnItem {
  /** 1-based order in the student's exam. */
  position: number;
  poolId: string;
  exerciseId: string;
  points: number;
}

/** The items a student gets: pools in ascending `position`, each pool's picks in shuffled order. */
export function drawItems(pools: readonly PoolSpec[], seed: string): DrawnItem[] {
  const ordered = [...pools].sort((a, b) => a.position - b.position);
  for (const pool of ordered) checkChoose(pool);
  checkUnique(ordered);
  const items: DrawnItem[] = [];
  for (const pool of ordered) {
    for (const exerciseId of drawFromPool(pool, seed)) {
      items.push({ position: items.length + 1, poolId: pool.id, exerciseId, points: pool.points });
    }
  }
  return items;
}

/** `choose` distinct ids of one pool, uniformly at random, in random order. */
function drawFromPool(pool: PoolSpec, seed: string): string[] {
  const rng = createRng(`${seed}:pool:${pool.id}`);
  // A full Fisher-Yates shuffle makes every ordering equally likely, so its first k entries are a
  // uniformly random k-subset in uniformly random order.
  return rng.shuffle([...pool.exerciseIds]).slice(0, pool.choose);
}

function checkChoose(pool: PoolSpec): void {
  const n = pool.exerciseIds.length;
  if (!Number.isInteger(pool.choose) || pool.choose < 1) {
    throw new Error(`Pool "${pool.id}" must choose a whole number of items, at least 1 (got ${pool.choose}).`);
  }
  if (pool.choose > n) {
    throw new Error(`Pool "${pool.id}" chooses ${pool.choose} items but has only ${n}.`);
  }
}

function checkUnique(pools: readonly PoolSpec[]): void {
  const seen = new Map<string, string>(); // exerciseId -> pool id
  for (const pool of pools) {
    for (const id of pool.exerciseIds) {
      const other = seen.get(id);
      if (other !== undefined) {
        const where = other === pool.id ? `twice in pool "${pool.id}"` : `in pools "${other}" and "${pool.id}"`;
        throw new Error(`${id} is ${where}: an item can appear in an exam only once.`);
      }
      seen.set(id, pool.id);
    }
  }
}

/**
 * Problems with an exam's pools as an instructor would enter them (pools numbered 1.. in the given
 * order), as sentences to show next to the form; [] when the pools can be drawn from.
 */
export function validatePools(pools: { choose: number; points: number; exerciseIds: string[] }[]): string[] {
  const problems: string[] = [];
  if (pools.length > MAX_POOLS) {
    problems.push(`An exam can have at most ${MAX_POOLS} pools; this one has ${pools.length}.`);
  }
  pools.forEach((pool, i) => problems.push(...poolProblems(pool, i + 1)));
  problems.push(...sharedItemProblems(pools));
  return problems;
}

function poolProblems(pool: { choose: number; points: number; exerciseIds: string[] }, nr: number): string[] {
  const problems: string[] = [];
  const n = pool.exerciseIds.length;
  if (n === 0) problems.push(`Pool ${nr} has no items.`);
  if (n > MAX_ITEMS_PER_POOL) {
    problems.push(`Pool ${nr} has ${n} items; a pool can have at most ${MAX_ITEMS_PER_POOL}.`);
  }
  if (!Number.isInteger(pool.choose) || pool.choose < 1) {
    problems.push(`Pool ${nr} must choose a whole number of items, at least 1.`);
  } else if (n > 0 && pool.choose > n) {
    problems.push(`Pool ${nr} chooses ${pool.choose} items but has only ${n}.`);
  }
  if (!Number.isFinite(pool.points) || pool.points <= 0) {
    problems.push(`Pool ${nr}'s points must be a positive number.`);
  }
  return problems;
}

/** One sentence per item listed more than once (in one pool or several). */
function sharedItemProblems(pools: { exerciseIds: string[] }[]): string[] {
  const where = new Map<string, number[]>(); // exerciseId -> pool numbers, one entry per listing
  pools.forEach((pool, i) => {
    for (const id of pool.exerciseIds) where.set(id, [...(where.get(id) ?? []), i + 1]);
  });
  const problems: string[] = [];
  for (const [id, nrs] of where) {
    if (nrs.length < 2) continue;
    const distinct = [...new Set(nrs)];
    problems.push(
      distinct.length === 1
        ? `${id} is in pool ${distinct[0]} more than once: an item can be in a pool only once.`
        : `${id} is in pools ${listNumbers(distinct)}: an item can be in one pool only.`,
    );
  }
  return problems;
}

/** [1, 2] -> "1 and 2"; [1, 2, 3] -> "1, 2 and 3". */
function listNumbers(nrs: number[]): string {
  return nrs.length === 1 ? String(nrs[0]) : `${nrs.slice(0, -1).join(', ')} and ${nrs[nrs.length - 1]}`;
}
