// Stored passwords: argon2id in PHC form, checked off the event loop; bcrypt hashes from before
// still verify and are flagged so the sign-in replaces them; anything else matches nothing.
import { describe, expect, it } from 'vitest';
import bcrypt from 'bcryptjs';
import { hashPassword, PASSWORD_PARAMS, verifyPassword } from '../../lib/passwords.ts';

describe('hashPassword', () => {
  it('writes argon2id with its parameters and a fresh salt into the hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    const { memoryCost: m, timeCost: t, parallelism: p } = PASSWORD_PARAMS;
    expect(a).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${m},t=${t},p=${p}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
  });

  it('keeps the OWASP minimum for argon2id (19 MiB, 2 passes, or a costlier equivalent)', () => {
    expect(PASSWORD_PARAMS.memoryCost * PASSWORD_PARAMS.timeCost).toBeGreaterThanOrEqual(19_456 * 2);
    expect(PASSWORD_PARAMS.memoryCost).toBeGreaterThanOrEqual(7_168);
  });
});

describe('verifyPassword', () => {
  it('accepts the password of a current hash, with nothing to redo, and refuses any other', async () => {
    const h = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', h)).toEqual({ rehash: false });
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('accepts a bcrypt hash from before and asks for it to be replaced', async () => {
    const legacy = await bcrypt.hash('an old password', 4);
    expect(await verifyPassword('an old password', legacy)).toEqual({ rehash: true });
    expect(await verifyPassword('another password', legacy)).toBe(false);
  });

  it('asks to replace an argon2 hash of weaker parameters or another variant, which still verifies', async () => {
    const { hash } = await import('@node-rs/argon2');
    const weaker = await hash('pw-weaker', { memoryCost: 4096, timeCost: 1, parallelism: 1, algorithm: 2 });
    expect(weaker).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    expect(await verifyPassword('pw-weaker', weaker)).toEqual({ rehash: true });
    const argon2i = await hash('pw-i', { ...PASSWORD_PARAMS, algorithm: 1 });
    expect(argon2i).toMatch(/^\$argon2i\$/);
    expect(await verifyPassword('pw-i', argon2i)).toEqual({ rehash: true });
    const stronger = await hash('pw-strong', { memoryCost: 2 * PASSWORD_PARAMS.memoryCost, timeCost: PASSWORD_PARAMS.timeCost, parallelism: 1, algorithm: 2 });
    expect(await verifyPassword('pw-strong', stronger)).toEqual({ rehash: false }); // raised parameters are never lowered
  });

  it('matches nothing against no hash, a malformed one or a format it never wrote', async () => {
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', undefined)).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
    expect(await verifyPassword('x', '$argon2id$v=19$m=19456,t=2,p=1$bm90IGEgaGFzaA')).toBe(false);
    expect(await verifyPassword('x', 'x')).toBe(false);
    expect(await verifyPassword('x', '$pbkdf2-sha256$29000$c2FsdA$aGFzaA')).toBe(false);
  });

  it('checks off the event loop: a timer set during 20 checks fires long before they finish', async () => {
    const h = await hashPassword('correct horse battery');
    const t0 = performance.now();
    let timerAt = 0;
    const timer = new Promise<void>((resolve) => setTimeout(() => resolve(void (timerAt = performance.now() - t0)), 1));
    const checks = Promise.all(Array.from({ length: 20 }, () => verifyPassword('correct horse battery', h)));
    await timer;
    const all = await checks;
    const doneAt = performance.now() - t0;
    expect(all.every((m) => m && !m.rehash)).toBe(true);
    expect(timerAt).toBeLessThan(doneAt / 2);
  });
});
