// LTI Dynamic Registration against the platform simulator: with a registration URL an admin made,
// the tool reads the platform's configuration, registers itself there and records the platform
// with the client id and deployment it got; without a valid URL, or with a configuration whose
// issuer does not match, nothing is registered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { startPlatform, type SimPlatform } from '../../support/lti-platform.ts';
import { checkRegistrationToken, registerDynamically, registrationToken } from '../../../lib/lti/dynamic-registration.ts';

const BASE = 'https://lab.example.edu';
let t: TestDatabase;
let lms: SimPlatform;

beforeAll(async () => {
  t = await freshDatabase();
  lms = await startPlatform();
});
afterAll(async () => {
  await lms?.close();
  await t?.drop();
});

describe('dynamic registration', () => {
  it('registers the tool at the platform and records the platform, with an admin-made URL', async () => {
    const r = await registerDynamically(t.db, { toolToken: registrationToken('admin-1'), openidConfiguration: `${lms.issuer}/.well-known/openid-configuration`, registrationToken: 'sim-registration-token' }, BASE);
    expect(r).toEqual({ ok: true, issuer: lms.issuer, clientId: lms.clientId, deploymentId: lms.deploymentId });
    expect(await t.db.ltiPlatform.findFirstOrThrow()).toMatchObject({ issuer: lms.issuer, clientId: lms.clientId, deploymentIds: [lms.deploymentId], authUrl: lms.authUrl, tokenUrl: lms.tokenUrl, jwksUrl: lms.jwksUrl, name: 'simulator' });
    expect(lms.registrations[0]).toMatchObject({ initiate_login_uri: `${BASE}/lti/login`, redirect_uris: [`${BASE}/lti/launch`], jwks_uri: `${BASE}/lti/jwks`, token_endpoint_auth_method: 'private_key_jwt' });
    expect(String(lms.registrations[0].scope)).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
  });

  it('refuses without a valid registration URL, or with a mismatched issuer, registering nothing', async () => {
    const before = await t.db.ltiPlatform.count();
    const config = `${lms.issuer}/.well-known/openid-configuration`;
    expect(await registerDynamically(t.db, { toolToken: 'forged.token', openidConfiguration: config, registrationToken: 'sim-registration-token' }, BASE)).toMatchObject({ ok: false, error: expect.stringMatching(/not valid or has expired/) });
    expect(checkRegistrationToken(registrationToken('a', Date.now() - 25 * 3600_000))).toBe(false);
    // a configuration claiming an issuer that does not prefix the URL it was served from
    const impostor = (async () => Response.json({ issuer: 'https://canvas.instructure.com', authorization_endpoint: `${lms.issuer}/auth`, token_endpoint: `${lms.issuer}/token`, jwks_uri: `${lms.issuer}/jwks`, registration_endpoint: `${lms.issuer}/register` })) as unknown as typeof fetch;
    expect(await registerDynamically(t.db, { toolToken: registrationToken('a'), openidConfiguration: config, registrationToken: 'sim-registration-token' }, BASE, impostor)).toMatchObject({ ok: false, error: expect.stringMatching(/issuer does not match/) });
    // the platform refusing the registration token
    expect(await registerDynamically(t.db, { toolToken: registrationToken('a'), openidConfiguration: config, registrationToken: 'wrong' }, BASE)).toMatchObject({ ok: false, error: expect.stringMatching(/refused the registration \(401\)/) });
    expect(await t.db.ltiPlatform.count()).toBe(before);
  });
});
