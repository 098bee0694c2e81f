// DATABASE_URL + the PG* environment -> the pg driver's settings, TLS included, without a server:
// libpq's sslmode semantics, URL parameters over environment variables, clear errors for bad settings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { pgConfigFromUrl } from '../../lib/pg-config.ts';
import { DbSettingError } from '../../lib/pg-tls.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-config-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
// Only their text is read here; node parses them when it connects.
const CA = file('ca.crt', 'CA PEM');
const OTHER = file('other.crt', 'OTHER PEM');
const CERT = file('client.crt', 'CLIENT CERT PEM');
const KEY = file('client.key', 'CLIENT KEY PEM');
const MISSING = path.join(dir, 'nope.crt');

const BASE = 'postgresql://app:s%40cret@db.example.test:6543/attention_lab';
const q = (params: Record<string, string>) => `${BASE}?${new URLSearchParams(params)}`;
const ssl = (url: string, env: Record<string, string> = {}) => pgConfigFromUrl(url, {}, env).ssl as false | tls.ConnectionOptions;

describe('pgConfigFromUrl', () => {
  it('takes the URL apart into separate settings', () => {
    expect(pgConfigFromUrl(BASE, {}, {})).toEqual({ host: 'db.example.test', port: 6543, user: 'app', password: 's@cret', database: 'attention_lab', ssl: false });
    expect(pgConfigFromUrl('postgresql://u@[::1]/x', {}, {})).toMatchObject({ host: '::1', port: 5432 });
    expect(pgConfigFromUrl(BASE, { max: 3, database: 'postgres' }, {})).toMatchObject({ max: 3, database: 'postgres' });
  });

  it('always gives pg an explicit ssl, so pg never reads PGSSLMODE itself', () => {
    // pg left to itself turns PGSSLMODE=require into full verification against the system's CAs.
    expect(pgConfigFromUrl(BASE, {}, {})).toHaveProperty('ssl', false);
    expect(pgConfigFromUrl(q({ sslmode: 'disable' }), {}, { PGSSLMODE: 'require' })).toHaveProperty('ssl', false);
  });
});

describe('sslmode (libpq semantics)', () => {
  it('unset, disable and allow: no TLS', () => {
    expect(ssl(BASE)).toBe(false);
    expect(ssl(q({ sslmode: 'disable' }))).toBe(false);
    expect(ssl(q({ sslmode: 'allow' }))).toBe(false);
  });

  it('prefer and require: TLS without checking the certificate', () => {
    expect(ssl(q({ sslmode: 'prefer' }))).toEqual({ rejectUnauthorized: false });
    expect(ssl(q({ sslmode: 'require' }))).toEqual({ rejectUnauthorized: false });
  });

  it('require with sslrootcert checks the chain like verify-ca, as libpq does', () => {
    const o = ssl(q({ sslmode: 'require', sslrootcert: CA })) as tls.ConnectionOptions;
    expect(o).toMatchObject({ rejectUnauthorized: true, ca: 'CA PEM' });
    expect(o.checkServerIdentity!('anything', {} as tls.PeerCertificate)).toBeUndefined();
  });

  it('verify-ca: the chain against sslrootcert, not the host name', () => {
    const o = ssl(q({ sslmode: 'verify-ca', sslrootcert: CA })) as tls.ConnectionOptions;
    expect(o).toMatchObject({ rejectUnauthorized: true, ca: 'CA PEM' });
    expect(o.checkServerIdentity!('db.example.test', {} as tls.PeerCertificate)).toBeUndefined();
  });

  it("verify-full: the chain and node's host name check", () => {
    const o = ssl(q({ sslmode: 'verify-full', sslrootcert: CA })) as tls.ConnectionOptions;
    expect(o).toEqual({ rejectUnauthorized: true, ca: 'CA PEM' });
  });

  it('sslrootcert=system: the system CAs, verify-full by default, nothing weaker', () => {
    expect(ssl(q({ sslrootcert: 'system' }))).toEqual({ rejectUnauthorized: true });
    expect(ssl(q({ sslmode: 'verify-full', sslrootcert: 'system' }))).toEqual({ rejectUnauthorized: true });
    expect(() => ssl(q({ sslmode: 'require', sslrootcert: 'system' }))).toThrow(/DATABASE_URL sslmode="require" cannot be used with sslrootcert=system.*verify-full/);
  });

  it('never uses TLS on a Unix socket (libpq ignores sslmode there)', () => {
    expect(ssl(`postgresql://u@x/db?host=/var/run/postgresql&sslmode=verify-full&sslrootcert=${CA}`)).toBe(false);
  });

  it('presents a client certificate from sslcert and sslkey, unlocked by sslpassword', () => {
    expect(ssl(q({ sslmode: 'verify-full', sslrootcert: CA, sslcert: CERT, sslkey: KEY, sslpassword: 'pw' }))).toEqual({
      rejectUnauthorized: true, ca: 'CA PEM', cert: 'CLIENT CERT PEM', key: 'CLIENT KEY PEM', passphrase: 'pw',
    });
    expect(ssl(q({ sslmode: 'require' }), { PGSSLCERT: CERT, PGSSLKEY: KEY })).toMatchObject({ cert: 'CLIENT CERT PEM', key: 'CLIENT KEY PEM' });
  });
});

describe('URL parameters and the PG* environment', () => {
  it('PGSSLMODE and PGSSLROOTCERT alone are enough', () => {
    expect(ssl(BASE, { PGSSLMODE: 'verify-full', PGSSLROOTCERT: CA })).toEqual({ rejectUnauthorized: true, ca: 'CA PEM' });
    expect(ssl(BASE, { PGSSLMODE: 'require' })).toEqual({ rejectUnauthorized: false });
  });

  it('a URL parameter wins over its variable, setting by setting', () => {
    expect(ssl(q({ sslmode: 'disable' }), { PGSSLMODE: 'verify-full', PGSSLROOTCERT: CA })).toBe(false);
    expect(ssl(q({ sslmode: 'verify-ca', sslrootcert: CA }), { PGSSLROOTCERT: OTHER })).toMatchObject({ ca: 'CA PEM' });
    // sslmode from the URL, sslrootcert from the environment: each setting falls back on its own.
    expect(ssl(q({ sslmode: 'verify-full' }), { PGSSLMODE: 'disable', PGSSLROOTCERT: OTHER })).toEqual({ rejectUnauthorized: true, ca: 'OTHER PEM' });
    expect(ssl(q({ sslmode: '' }), { PGSSLMODE: 'require' })).toEqual({ rejectUnauthorized: false }); // empty means unset, as in libpq
  });
});

describe('settings that can never work fail at once, naming the setting', () => {
  const fails = (url: string, env: Record<string, string>, message: RegExp) => {
    let error: unknown;
    try {
      ssl(url, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DbSettingError);
    expect((error as Error).message).toMatch(message);
  };

  it('a bad sslmode value, from the URL or the environment', () => {
    fails(q({ sslmode: 'verify' }), {}, /^DATABASE_URL sslmode="verify" is not a valid sslmode \(one of disable, allow, prefer, require, verify-ca, verify-full\)$/);
    fails(BASE, { PGSSLMODE: 'on' }, /^PGSSLMODE="on" is not a valid sslmode/);
  });

  it('a missing or unreadable file', () => {
    fails(q({ sslmode: 'verify-full', sslrootcert: MISSING }), {}, new RegExp(`^DATABASE_URL sslrootcert names a root certificate file "${MISSING}" that cannot be read \\(no such file\\)$`));
    fails(q({ sslmode: 'verify-full' }), { PGSSLROOTCERT: MISSING }, /^PGSSLROOTCERT names a root certificate file/);
    fails(q({ sslmode: 'require', sslcert: MISSING, sslkey: KEY }), {}, /^DATABASE_URL sslcert names a client certificate file/);
    fails(q({ sslmode: 'disable', sslrootcert: MISSING }), {}, /cannot be read/); // a wrong path shows even while TLS is off
  });

  it('verification without a CA to verify against', () => {
    fails(q({ sslmode: 'verify-full' }), {}, /^DATABASE_URL sslmode="verify-full" needs sslrootcert \(or PGSSLROOTCERT\)/);
    fails(BASE, { PGSSLMODE: 'verify-ca' }, /^PGSSLMODE="verify-ca" needs sslrootcert/);
  });

  it('a client certificate without its key, or a key without its certificate', () => {
    fails(q({ sslmode: 'require', sslcert: CERT }), {}, /^DATABASE_URL sslcert is set but sslkey \(PGSSLKEY\) is not/);
    fails(q({ sslmode: 'require' }), { PGSSLKEY: KEY }, /^PGSSLKEY is set but sslcert \(PGSSLCERT\) is not/);
  });
});
