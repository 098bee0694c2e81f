// npm run -s lti -- add-platform --issuer <url> --client-id <id> --deployment-id <id> --auth-url <url> --token-url <url> --jwks-url <url> [--frame-origin <url>]... [--name <text>] [--base-url <url>] [--json]
// npm run -s lti -- list [--json]
// npm run -s lti -- remove-platform --issuer <url> --client-id <id> [--json]
// npm run -s lti -- rotate-keys
// Registers LTI 1.3 platforms (an LMS) in DATABASE_URL, or the embedded cluster of a running
// `npm start`, and prints what to paste into the platform: the tool's login, launch, deep-linking
// and JWKS URLs (--base-url, else AUTH_URL, else http://localhost:3000). remove-platform removes
// one with its deployments and LTI links (lib/lti/platforms.ts deletePlatform: accounts, cohorts,
// submissions and grades stay), audited with no actor. Exit 2 for usage errors, which change nothing.
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createDb } from '../lib/db.ts';
import { embeddedDevUrl } from '../lib/embedded-postgres.ts';
import { addPlatform, deletePlatform, toolConfiguration } from '../lib/lti/platforms.ts';
import { rotateKeys } from '../lib/lti/keys.ts';
import { projectRoot } from '../exercises/files.ts';

const USAGE = `usage: npm run -s lti -- add-platform --issuer <url> --client-id <id> --deployment-id <id> --auth-url <url> --token-url <url> --jwks-url <url> [--frame-origin <url>]... [--name <text>] [--base-url <url>] [--json]
       npm run -s lti -- list [--json]
       npm run -s lti -- remove-platform --issuer <url> --client-id <id> [--json]
       npm run -s lti -- rotate-keys`;

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'deployment-id': { type: 'string', multiple: true },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
      name: { type: 'string' },
      'frame-origin': { type: 'string', multiple: true },
      'base-url': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
} catch (e) {
  usage(e instanceof Error ? e.message : String(e));
}
const [command, ...extra] = parsed.positionals;
if (!command) usage('name a command');
if (extra.length) usage(`unexpected ${extra.join(' ')}`);
const v = parsed.values;
const url = process.env.DATABASE_URL || embeddedDevUrl(projectRoot());
if (!url) usage('set DATABASE_URL (no running embedded cluster of `npm start` was found)');
const db = createDb(url, 2);
const base = v['base-url'] || process.env.AUTH_URL || 'http://localhost:3000';

try {
  if (command === 'add-platform') {
    let r;
    try {
      r = await addPlatform(db, { issuer: v.issuer, clientId: v['client-id'], deploymentIds: v['deployment-id'] ?? [], authUrl: v['auth-url'], tokenUrl: v['token-url'], jwksUrl: v['jwks-url'], name: v.name, frameOrigins: v['frame-origin'] ?? [] });
    } catch (e) {
      if (e instanceof ZodError) usage(e.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('deployment-ids', 'deployment-id')}: ${i.message}`).join('\n'));
      throw e;
    }
    const config = toolConfiguration(base);
    if (v.json) process.stdout.write(`${JSON.stringify({ platformId: r.id, created: r.created, tool: config })}\n`);
    else {
      process.stdout.write(`${r.created ? 'Registered' : 'Updated'} the platform ${v.issuer} (client ${v['client-id']}).\n\nIn the platform, configure the tool with:\n`);
      process.stdout.write(`  OIDC login initiation URL  ${config.loginUrl}\n  Target link / redirect URL  ${config.launchUrl}\n  Deep linking URL           ${config.deepLinkingUrl}\n  Public keyset (JWKS) URL   ${config.jwksUrl}\n`);
    }
  } else if (command === 'list') {
    const rows = await db.ltiPlatform.findMany({ orderBy: { createdAt: 'asc' } });
    if (v.json) process.stdout.write(`${JSON.stringify(rows.map(({ id, issuer, clientId, deploymentIds, name }) => ({ id, issuer, clientId, deploymentIds, name })))}\n`);
    else for (const p of rows) process.stdout.write(`${p.issuer}  client ${p.clientId}  deployments ${p.deploymentIds.join(', ')}${p.name ? `  (${p.name})` : ''}\n`);
  } else if (command === 'remove-platform') {
    if (!v.issuer || !v['client-id']) usage('remove-platform needs --issuer and --client-id');
    const platform = await db.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: v.issuer, clientId: v['client-id'] } } });
    if (!platform) usage(`no platform ${v.issuer} with client ${v['client-id']} is registered (npm run -s lti -- list shows them)`);
    const r = await deletePlatform(db, platform.id, null);
    if (v.json) process.stdout.write(`${JSON.stringify({ platformId: platform.id, issuer: r.issuer, clientId: r.clientId, removed: r.removed })}\n`);
    else {
      const n = r.removed;
      process.stdout.write(`Removed the platform ${r.issuer} (client ${r.clientId}): ${n.deployments} deployment(s), ${n.users} LMS user link(s), ${n.courses} course link(s), ${n.lineItems} gradebook column(s), ${n.passbacks} passback record(s).\nAccounts, cohorts, submissions and grades stay. Its launches are refused from now on.\n`);
    }
  } else if (command === 'rotate-keys') {
    process.stdout.write(`New signing key ${await rotateKeys(db)}; the previous ones stay published for a day.\n`);
  } else usage(`unknown command ${command}`);
} finally {
  await db.$disconnect();
}
