// `npm run -s lti`: an admin registers a platform from the command line and is told what to paste
// into it, and removes one; a bad flag is a usage error (exit 2) that registers or removes nothing.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let t: TestDatabase;

function lti(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'scripts/lti.ts', ...args], { cwd: root, timeout: 60_000, env: { ...process.env, DATABASE_URL: t.url, AUTH_URL: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const platform = ['--issuer', 'https://canvas.example.edu', '--client-id', '10000000000042', '--deployment-id', '7:abc', '--auth-url', 'https://sso.canvas.example.edu/api/lti/authorize_redirect', '--token-url', 'https://sso.canvas.example.edu/login/oauth2/token', '--jwks-url', 'https://sso.canvas.example.edu/api/lti/security/jwks'];

beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('npm run lti', () => {
  it('registers a platform and prints the tool configuration to paste into it', async () => {
    const r = await lti('add-platform', ...platform, '--base-url', 'https://lab.example.edu');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('OIDC login initiation URL  https://lab.example.edu/lti/login');
    expect(r.stdout).toContain('Public keyset (JWKS) URL   https://lab.example.edu/lti/jwks');
    expect(await t.db.ltiPlatform.findFirstOrThrow()).toMatchObject({ issuer: 'https://canvas.example.edu', clientId: '10000000000042', deploymentIds: ['7:abc'] });
    // again, with another deployment: the same registration, one more deployment
    const again = await lti('add-platform', ...platform.map((x) => (x === '7:abc' ? '8:def' : x)), '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, tool: { launchUrl: 'http://localhost:3000/lti/launch' } });
    expect((await t.db.ltiPlatform.findFirstOrThrow()).deploymentIds).toEqual(['7:abc', '8:def']);
    expect((await lti('list')).stdout).toMatch(/canvas\.example\.edu {2}client 10000000000042 {2}deployments 7:abc, 8:def/);
  });

  it('refuses a bad URL or a missing flag with exit 2, registering nothing', async () => {
    const before = await t.db.ltiPlatform.count();
    const bad = await lti('add-platform', ...platform.map((x) => (x.startsWith('https://sso.canvas.example.edu/api/lti/security') ? 'not a url' : x)));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--jwks-url: The JWKS \(public keys\) URL must be a URL/);
    const missing = await lti('add-platform', '--issuer', 'https://x.example');
    expect(missing.code).toBe(2);
    expect(await t.db.ltiPlatform.count()).toBe(before);
    expect((await lti('frobnicate')).code).toBe(2);
  });

  it('refuses remove-platform without both flags or for a platform not registered, with exit 2, removing nothing', async () => {
    const before = { platforms: await t.db.ltiPlatform.count(), audits: await t.db.auditEvent.count() };
    const noClient = await lti('remove-platform', '--issuer', 'https://canvas.example.edu');
    expect(noClient.code).toBe(2);
    expect(noClient.stderr).toContain('remove-platform needs --issuer and --client-id');
    const unknown = await lti('remove-platform', '--issuer', 'https://canvas.example.edu', '--client-id', 'not-this-one');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no platform https://canvas.example.edu with client not-this-one is registered');
    expect({ platforms: await t.db.ltiPlatform.count(), audits: await t.db.auditEvent.count() }).toEqual(before);
  });

  it('removes a platform with remove-platform, says what went and what stays, and audits it with no actor', async () => {
    const p = await t.db.ltiPlatform.findFirstOrThrow({ where: { issuer: 'https://canvas.example.edu' } });
    const r = await lti('remove-platform', '--issuer', 'https://canvas.example.edu', '--client-id', '10000000000042');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Removed the platform https://canvas.example.edu (client 10000000000042): 2 deployment(s), 0 LMS user link(s), 0 course link(s)');
    expect(r.stdout).toContain('Accounts, cohorts, submissions and grades stay.');
    expect(await t.db.ltiPlatform.count({ where: { id: p.id } })).toBe(0);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'lti_platform_remove' } })).toMatchObject({ actorId: null, details: { platformId: p.id, issuer: 'https://canvas.example.edu', deploymentIds: ['7:abc', '8:def'] } });
    expect((await lti('list')).stdout).not.toContain('canvas.example.edu');
  });
});
