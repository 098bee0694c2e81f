// A password is stored only as a slow, salted, self-describing hash, computed off the event loop:
// argon2id in PHC form ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"), so the parameters can be
// raised later while every stored hash keeps verifying with its own. @node-rs/argon2 runs each hash
// and check as a native task on libuv's thread pool: a web process keeps serving requests while
// sign-ins are checked, and several sign-ins use both cores. Hashes from before (bcrypt, cost 11,
// computed by bcryptjs on the event loop) still verify, and are reported as due for a rehash so the
// sign-in replaces them (lib/accounts.ts). Both libraries compare digests in constant time.
import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

// OWASP Password Storage Cheat Sheet, argon2id: "m=19456 (19 MiB), t=2, p=1" is its second
// configuration, of the same cost as its first (m=47104 (46 MiB), t=1, p=1) and the others it lists
// (m=12288 t=3, m=9216 t=4, m=7168 t=5). About 10 ms of one core per hash or check on the
// development machine (`npm run bench:auth`), against about 150 ms for bcrypt cost 11: 500
// sign-ins cost 5 s of CPU, spread over the cores, where bcrypt cost 75 s on one thread.
// Algorithm.Argon2id and Version.V0x13: ambient const enums, which isolatedModules cannot read.
const ARGON2ID = 2 as Algorithm;
const V19 = 1 as Version;
export const PASSWORD_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const OPTIONS: Options = { algorithm: ARGON2ID, version: V19, ...PASSWORD_PARAMS };

const BCRYPT = /^\$2[aby]\$\d\d\$/;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A right password, and whether its stored hash should be replaced by one of hashPassword's. */
export type PasswordMatch = { rehash: boolean };

/**
 * `false` for a wrong password (or no hash, or one in a format this code never wrote), otherwise
 * whether the hash is outdated: bcrypt, another argon2 variant, or weaker parameters than today's.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<false | PasswordMatch> {
  if (!stored) return false;
  if (BCRYPT.test(stored)) return (await bcrypt.compare(password, stored)) ? { rehash: true } : false;
  if (!stored.startsWith('$argon2')) return false;
  let ok: boolean;
  try {
    ok = await verify(stored, password);
  } catch {
    return false; // a malformed hash matches no password
  }
  return ok ? { rehash: outdated(stored) } : false;
}

function outdated(stored: string): boolean {
  const p = parseOptions(stored);
  return (
    p.algorithm !== ARGON2ID || p.version !== V19 || p.memoryCost < PASSWORD_PARAMS.memoryCost || p.timeCost < PASSWORD_PARAMS.timeCost
  );
}
