// The load test's own rules, without a server: it only ever targets this machine, stays within its
// bounds, spreads submissions over students, keeps cookies as a browser would, and reads
// percentiles the usual way. (test/e2e/api-submissions.test.ts runs it against a real instance.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CookieJar, embeddedDevUrl, isLoopback, LIMITS, parseArgs, percentile, plan, UsageError } from '../../scripts/loadtest.ts';

describe('loadtest arguments', () => {
  it('defaults to 500 students, 1000 submissions on localhost:3000', () => {
    const o = parseArgs([]);
    expect(o).toMatchObject({ students: 500, submissions: 1000, exercise: 'attention/scaled-dot-product', timeoutS: 600, json: false, keep: false });
    expect(o.url.href).toBe('http://localhost:3000/');
  });

  it('reads every flag', () => {
    const o = parseArgs(['--students', '3', '--submissions', '7', '--url', 'http://127.0.0.1:4100', '--exercise', 'foundations/dot-product', '--concurrency', '5', '--timeout-s', '30', '--json', '--keep']);
    expect(o).toMatchObject({ students: 3, submissions: 7, exercise: 'foundations/dot-product', concurrency: 5, timeoutS: 30, json: true, keep: true });
    expect(o.url.origin).toBe('http://127.0.0.1:4100');
  });

  it.each(['http://example.com', 'http://10.0.0.5:3000', 'http://192.168.1.2', 'http://localhost.evil.example', 'http://[2001:db8::1]:3000', 'http://0.0.0.0:3000'])(
    'refuses a target that is not this machine: %s',
    (url) => {
      expect(() => parseArgs(['--url', url])).toThrow(/must be this machine/);
    },
  );

  it('accepts every loopback spelling', () => {
    for (const url of ['http://localhost:3000', 'http://127.0.0.1', 'http://127.1.2.3:8080', 'http://[::1]:3000', 'https://localhost']) expect(isLoopback(new URL(url)), url).toBe(true);
  });

  it('stays within its bounds and refuses what it does not know', () => {
    expect(() => parseArgs(['--students', String(LIMITS.students + 1)])).toThrow(UsageError);
    expect(() => parseArgs(['--submissions', '0'])).toThrow(UsageError);
    expect(() => parseArgs(['--timeout-s', '1.5'])).toThrow(UsageError);
    expect(() => parseArgs(['--exercise', 'attention/nope'])).toThrow(/not in the catalog/);
    expect(() => parseArgs(['--url', 'ftp://localhost'])).toThrow(/http/);
    expect(() => parseArgs(['--workers', '2'])).toThrow(/unknown argument/);
  });
});

describe('the submission plan', () => {
  it('gives every student one submission before anyone gets a second, and mixes correct and wrong code 3 to 2', () => {
    const p = plan(500, 1000);
    expect(new Set(p.slice(0, 500).map((x) => x.student)).size).toBe(500);
    const per = new Map<number, number>();
    for (const x of p) per.set(x.student, (per.get(x.student) ?? 0) + 1);
    expect([...per.values()].every((n) => n === 2)).toBe(true);
    expect(p.filter((x) => x.correct).length).toBe(600);
  });

  it('leaves students without a submission when there are fewer submissions than students', () => {
    expect(new Set(plan(10, 4).map((x) => x.student))).toEqual(new Set([0, 1, 2, 3]));
  });
});

describe('percentile (nearest rank)', () => {
  it('reads p50 and p99 of 1..100 as 50 and 99, whatever the order', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
  });

  it('gives the only value of one sample and NaN of none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('CookieJar', () => {
  const response = (...cookies: string[]) => {
    const h = new Headers();
    for (const c of cookies) h.append('set-cookie', c);
    return new Response(null, { headers: h });
  };

  it('keeps cookies set by responses and sends them back', () => {
    const jar = new CookieJar();
    jar.take(response('authjs.csrf-token=abc%7Cdef; Path=/; HttpOnly; SameSite=Lax', 'authjs.callback-url=http%3A%2F%2Flocalhost; Path=/'));
    jar.take(response('authjs.session-token=jwt.value; Path=/; Expires=Wed, 01 Jan 2098 00:00:00 GMT; HttpOnly'));
    expect(jar.header()).toBe('authjs.csrf-token=abc%7Cdef; authjs.callback-url=http%3A%2F%2Flocalhost; authjs.session-token=jwt.value');
    expect(jar.has(/^authjs\.session-token$/)).toBe(true);
  });

  it('drops a cookie the server expires', () => {
    const jar = new CookieJar();
    jar.take(response('authjs.session-token=x; Path=/'));
    jar.take(response('authjs.session-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
    jar.take(response('other=y; Max-Age=0'));
    expect(jar.header()).toBe('');
  });
});

describe('embeddedDevUrl', () => {
  const saved = process.env.ATTENTION_LAB_DATA_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.ATTENTION_LAB_DATA_DIR;
    else process.env.ATTENTION_LAB_DATA_DIR = saved;
  });

  it("finds the running cluster of `npm start` from its postmaster.pid and password file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadtest-data-'));
    try {
      process.env.ATTENTION_LAB_DATA_DIR = dir;
      expect(embeddedDevUrl('/nowhere')).toBeNull();
      fs.mkdirSync(path.join(dir, 'pg-dev'));
      fs.writeFileSync(path.join(dir, 'pg-dev', 'postmaster.pid'), `4242\n${dir}/pg-dev\n1700000000\n54321\n${dir}/pg-dev\n127.0.0.1\n`);
      fs.writeFileSync(path.join(dir, 'pg-dev.password'), 'p/w+x\n');
      expect(embeddedDevUrl('/nowhere')).toBe('postgresql://postgres:p%2Fw%2Bx@127.0.0.1:54321/attention_lab?sslmode=disable');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
