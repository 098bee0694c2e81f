// npm run -s bench:auth -- [--json]
// What a sign-in costs the web process, and what the shared limits cost PostgreSQL:
// - password hashing: ms per hash and per check (wall and CPU of the whole process, thread pool
//   included), sequential, for bcrypt cost 11 (the scheme before) and argon2id (lib/passwords.ts);
// - the event loop while checks run: 50 concurrent argon2id checks (10 for bcrypt, whose checks
//   take the loop itself), timer delay p50/p99/max and the checks' throughput;
// - the limiter (lib/rate-limit.ts) against PostgreSQL: decisions per second with 32 in flight on
//   one client (10 connections): consume on distinct keys, check, and consume on one hot key
//   (every decision waits for that row's lock), with p50/p99 latency.
// The limiter part runs in a scratch database created on DATABASE_URL's server and dropped
// afterwards (the npm script starts an embedded PostgreSQL when DATABASE_URL is unset).
// With --json the last line is the report as JSON. Bounded: about 20 s on 2 cores.
import crypto from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { createDb } from '../lib/db.ts';
import { migrate } from '../lib/migrate.ts';
import { hashPassword, PASSWORD_PARAMS, verifyPassword } from '../lib/passwords.ts';
import { databaseUrl, pgConfigFromUrl } from '../lib/pg-config.ts';
import { RateLimiter } from '../lib/rate-limit.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean' } } });
const log = (line: string) => process.stdout.write(`${line}\n`);
const PASSWORD = 'correct horse battery staple';
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** Wall and CPU ms per call of `fn`, run `n` times one after another (after one warm-up call). */
async function perCall(n: number, fn: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  await fn();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: round(wall / n), cpuMs: round((cpu.user + cpu.system) / 1000 / n) };
}

/** Timer delay while `n` checks run at once, and how many checks a second they amount to. */
async function loopDuring(n: number, check: () => Promise<unknown>) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, check));
  const wall = performance.now() - t0;
  h.disable();
  const ms = (ns: number) => round(ns / 1e6);
  return { concurrent: n, wallMs: Math.round(wall), perSec: Math.round((n / wall) * 1000), delayP50Ms: ms(h.percentile(50)), delayP99Ms: ms(h.percentile(99)), delayMaxMs: ms(h.max) };
}

async function passwords() {
  const legacy = await bcrypt.hash(PASSWORD, 11);
  const current = await hashPassword(PASSWORD);
  const report = {
    bcrypt11: {
      hash: await perCall(5, () => bcrypt.hash(PASSWORD, 11)),
      verify: await perCall(5, () => verifyPassword(PASSWORD, legacy)),
      loop: await loopDuring(10, () => verifyPassword(PASSWORD, legacy)),
    },
    argon2id: {
      params: PASSWORD_PARAMS,
      hash: await perCall(30, () => hashPassword(PASSWORD)),
      verify: await perCall(30, () => verifyPassword(PASSWORD, current)),
      loop: await loopDuring(50, () => verifyPassword(PASSWORD, current)),
    },
  };
  const line = (name: string, r: (typeof report)['bcrypt11']) =>
    `${name}: hash ${r.hash.wallMs} ms (cpu ${r.hash.cpuMs} ms), verify ${r.verify.wallMs} ms (cpu ${r.verify.cpuMs} ms); ` +
    `${r.loop.concurrent} concurrent verifies: ${r.loop.perSec}/s, event-loop delay p50 ${r.loop.delayP50Ms} ms, p99 ${r.loop.delayP99Ms} ms, max ${r.loop.delayMaxMs} ms`;
  log(line('bcrypt cost 11 (bcryptjs)', report.bcrypt11));
  const { memoryCost: m, timeCost: t, parallelism: p } = PASSWORD_PARAMS;
  log(line(`argon2id m=${m} t=${t} p=${p} (@node-rs/argon2)`, report.argon2id));
  return report;
}

/** `total` decisions, `inFlight` at a time: decisions per second and latency. */
async function decisions(total: number, inFlight: number, decide: (i: number) => Promise<unknown>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        const i = next++;
        const s = performance.now();
        await decide(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  return { perSec: Math.round((total / wall) * 1000), p50Ms: round(pct(lat, 50), 2), p99Ms: round(pct(lat, 99), 2) };
}

async function limiter() {
  const server = databaseUrl();
  const name = `bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(pgConfigFromUrl(server, { database: 'postgres' }));
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const db = createDb(u.toString(), 10);
  try {
    await migrate(u.toString());
    const lim = new RateLimiter(db, 'bench', { limit: 60, windowMs: 60_000 }) // Run's limit, the largest default;
    const keys = 2000;
    await decisions(500, 32, (i) => lim.consume(`warm-${i}`)); // connections opened, plans cached
    const consume = await decisions(4000, 32, (i) => lim.consume(`key-${i % keys}`));
    const check = await decisions(4000, 32, (i) => lim.check(`key-${i % keys}`));
    const hotKey = await decisions(2000, 32, () => lim.consume('hot'));
    log(
      `limiter on PostgreSQL (32 in flight, 10 connections): consume ${consume.perSec}/s (p50 ${consume.p50Ms} ms, p99 ${consume.p99Ms} ms), ` +
        `check ${check.perSec}/s (p50 ${check.p50Ms} ms, p99 ${check.p99Ms} ms), one hot key ${hotKey.perSec}/s (p50 ${hotKey.p50Ms} ms, p99 ${hotKey.p99Ms} ms)`,
    );
    return { consume, check, hotKey };
  } finally {
    await db.$disconnect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const report = { passwords: await passwords(), limiter: await limiter() };
if (values.json) log(JSON.stringify(report));
