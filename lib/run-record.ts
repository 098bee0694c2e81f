// What a running `npm start` launched, kept in .data/run.json, so that a launcher killed with
// SIGKILL (which its children never hear of) does not leave a web server holding the port: the next
// start finds the dead launcher's process groups and stops them first.
import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from './process-alive.ts';

interface RunRecord {
  launcher: number;
  groups: number[]; // process group ids of the children (each started detached, as a group leader)
}

const file = (projectRoot: string) => path.join(projectRoot, '.data', 'run.json');

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Throws when another launcher of this checkout is running; stops a dead one's leftovers. */
export async function reclaimPreviousRun(projectRoot: string, log: (s: string) => void): Promise<void> {
  let record: RunRecord;
  try {
    record = JSON.parse(fs.readFileSync(file(projectRoot), 'utf8'));
  } catch {
    return;
  }
  if (record.launcher !== process.pid && processAlive(record.launcher)) {
    throw new Error(`Attention Lab is already running from this folder (pid ${record.launcher}); stop it first`);
  }
  const left = record.groups.filter(groupAlive);
  if (left.length === 0) return;
  log(`stopping what an earlier start left running (process groups ${left.join(', ')})`);
  for (const g of left) process.kill(-g, 'SIGTERM');
  const until = Date.now() + 10_000;
  while (left.some(groupAlive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  for (const g of left.filter(groupAlive)) process.kill(-g, 'SIGKILL');
}

export function writeRunRecord(projectRoot: string, groups: number[]): void {
  fs.mkdirSync(path.dirname(file(projectRoot)), { recursive: true });
  fs.writeFileSync(file(projectRoot), JSON.stringify({ launcher: process.pid, groups } satisfies RunRecord));
}

export function clearRunRecord(projectRoot: string): void {
  fs.rmSync(file(projectRoot), { force: true });
}
