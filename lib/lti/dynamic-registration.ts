// LTI Dynamic Registration (IMS LTI Dynamic Registration 1.0): an LMS administrator adds the tool
// from one URL. That URL is made by one of our admins (a registration token HMAC'd with
// AUTH_SECRET, good for a day): a platform is trusted with the emails it asserts, so registering
// one is an admin's decision, never anybody's who can reach the URL. The tool reads the platform's
// OpenID configuration (its issuer must prefix the configuration URL), registers itself at the
// platform's registration endpoint (login, launch and JWKS URLs, the AGS and NRPS scopes, deep
// linking) and records the platform with the client id and deployment it was given.
import type { Db } from '../db.ts';
import { seal, unseal } from './seal.ts';
import { addPlatform, toolConfiguration } from './platforms.ts';
import { AGS_SCORE_SCOPE } from './launch.ts';
import { NRPS_SCOPE } from './roster.ts';

const TTL_MS = 24 * 3600_000;
/** A registration URL's token, made by an admin. */
export function registrationToken(adminId: string, now = Date.now()): string {
  return seal('lti-register', { a: adminId }, TTL_MS, now);
}

export function checkRegistrationToken(token: unknown, now = Date.now()): boolean {
  return unseal('lti-register', token, now) !== null;
}

interface OpenIdConfiguration {
  issuer?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  jwks_uri?: string;
  registration_endpoint?: string;
  'https://purl.imsglobal.org/spec/lti-platform-configuration'?: { product_family_code?: string };
}

export type RegistrationOutcome = { ok: true; issuer: string; clientId: string; deploymentId: string | null } | { ok: false; error: string };

const isUrl = (u: unknown): u is string => typeof u === 'string' && /^https?:\/\//.test(u);

export async function registerDynamically(db: Db, input: { toolToken: unknown; openidConfiguration: unknown; registrationToken: unknown }, baseUrl: string, fetcher: typeof fetch = fetch): Promise<RegistrationOutcome> {
  if (!checkRegistrationToken(input.toolToken)) return { ok: false, error: 'This registration URL is not valid or has expired: ask an Attention Lab administrator for a new one.' };
  if (!isUrl(input.openidConfiguration)) return { ok: false, error: 'The platform sent no openid_configuration URL.' };
  let config: OpenIdConfiguration;
  try {
    const res = await fetcher(input.openidConfiguration, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return { ok: false, error: `The platform's configuration could not be read (${res.status}).` };
    config = (await res.json()) as OpenIdConfiguration;
  } catch (e) {
    return { ok: false, error: `The platform's configuration could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!config.issuer || !input.openidConfiguration.startsWith(config.issuer)) return { ok: false, error: "The platform's issuer does not match its configuration URL." };
  if (!isUrl(config.authorization_endpoint) || !isUrl(config.token_endpoint) || !isUrl(config.jwks_uri) || !isUrl(config.registration_endpoint)) {
    return { ok: false, error: "The platform's configuration lacks an authorization, token, JWKS or registration endpoint." };
  }
  const tool = toolConfiguration(baseUrl);
  const registration = {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: tool.loginUrl,
    redirect_uris: [tool.launchUrl],
    client_name: 'Attention Lab',
    jwks_uri: tool.jwksUrl,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: [AGS_SCORE_SCOPE, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', NRPS_SCOPE].join(' '),
    'https://purl.imsglobal.org/spec/lti-tool-configuration': {
      domain: new URL(baseUrl).host,
      target_link_uri: new URL('/', baseUrl).toString(),
      claims: ['iss', 'sub', 'name', 'email'],
      messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: tool.deepLinkingUrl, label: 'Attention Lab exercises' }],
    },
  };
  let created: { client_id?: string; 'https://purl.imsglobal.org/spec/lti-tool-configuration'?: { deployment_id?: string } };
  try {
    const res = await fetcher(config.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(typeof input.registrationToken === 'string' && input.registrationToken ? { authorization: `Bearer ${input.registrationToken}` } : {}) },
      body: JSON.stringify(registration),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return { ok: false, error: `The platform refused the registration (${res.status}): ${(await res.text()).slice(0, 200)}` };
    created = (await res.json()) as typeof created;
  } catch (e) {
    return { ok: false, error: `The platform could not be reached to register: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!created.client_id) return { ok: false, error: 'The platform sent no client id back.' };
  const deploymentId = created['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id ?? null;
  if (!deploymentId) return { ok: false, error: 'The platform sent no deployment id back: add the deployment with npm run -s lti -- add-platform.' };
  await addPlatform(db, { issuer: config.issuer, clientId: created.client_id, deploymentIds: [deploymentId], authUrl: config.authorization_endpoint, tokenUrl: config.token_endpoint, jwksUrl: config.jwks_uri, name: config['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code ?? '' });
  return { ok: true, issuer: config.issuer, clientId: created.client_id, deploymentId };
}
