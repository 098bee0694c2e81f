// Settings every process of a running instance shares, resolved once by the launcher.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** AUTH_SECRET from the environment, or one generated once and kept beside the local data. */
export function authSecret(projectRoot: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(projectRoot, '.data', 'auth-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function withFlag(options: string | undefined, flag: string): string {
  const flags = (options ?? '').split(/\s+/).filter(Boolean);
  return (flags.includes(flag) ? flags : [...flags, flag]).join(' ');
}

/** The environment for the app and worker processes: Node 22 from node_modules first on PATH. */
export function childEnv(projectRoot: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const bin = path.join(projectRoot, 'node_modules', '.bin');
  return {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_OPTIONS: withFlag(process.env.NODE_OPTIONS, '--no-node-snapshot'),
    NEXT_TELEMETRY_DISABLED: '1',
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? 'true',
    ...extra,
  };
}
