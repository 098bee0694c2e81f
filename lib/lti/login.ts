// OIDC third-party login initiation (LTI 1.3 core, section 5.1.1): the platform sends the browser
// here with its issuer and a login hint; the tool answers with a redirect to the platform's
// authorization endpoint carrying a fresh `state` and `nonce`. The state is bound to this browser
// by a cookie named after it (so two launches in two tabs do not clash) holding the nonce and the
// platform sealed for that state (seal.ts): the launch is accepted only from the browser that
// started it, with the nonce it was given, within ten minutes.
import crypto from 'node:crypto';
import type { Db } from '../db.ts';
import { seal, unseal } from './seal.ts';
import { frameSources } from './frame.ts';

export const STATE_TTL_MS = 10 * 60_000;
export const STATE_COOKIE_PREFIX = 'lti-state.';

export type LtiRefusal = { ok: false; status: 400 | 401 | 403; error: string };
const refuse = (status: LtiRefusal['status'], error: string): LtiRefusal => ({ ok: false, status, error });

/** The cookie value binding `state` to this browser: the nonce and platform, sealed for that state. */
export function stateCookieValue(state: string, nonce: string, platformId: string, now = Date.now()): string {
  return seal(`lti-state:${state}`, { nonce, platformId }, STATE_TTL_MS, now);
}

/** What the state cookie says, if it is ours, for this state, and current. */
export function readStateCookie(state: string, value: string | undefined, now = Date.now()): { nonce: string; platformId: string } | null {
  const r = unseal<{ nonce?: unknown; platformId?: unknown }>(`lti-state:${state}`, value, now);
  return r && typeof r.nonce === 'string' && typeof r.platformId === 'string' ? { nonce: r.nonce, platformId: r.platformId } : null;
}

export interface LoginRequest {
  iss?: string | null;
  login_hint?: string | null;
  target_link_uri?: string | null;
  lti_message_hint?: string | null;
  client_id?: string | null;
  lti_deployment_id?: string | null;
}

export type LoginOutcome =
  | {
      ok: true;
      redirect: string;
      state: string;
      cookie: { name: string; value: string; maxAgeSeconds: number };
      /** The sites that may frame the login (cookie-check.ts): the platform's frame origins and its issuer's. */
      frameOrigins: string[];
    }
  | LtiRefusal;

/** Where to send the browser to sign in at the platform, and the cookie that binds the launch to it. */
export async function loginRedirect(db: Db, req: LoginRequest, baseUrl: string, now = Date.now()): Promise<LoginOutcome> {
  if (!req.iss || !req.login_hint || !req.target_link_uri) return refuse(400, 'This LTI login is missing iss, login_hint or target_link_uri.');
  const platforms = await db.ltiPlatform.findMany({ where: { issuer: req.iss, ...(req.client_id ? { clientId: req.client_id } : {}) } });
  if (platforms.length === 0) return refuse(403, `The platform ${req.iss} is not registered with this tool. An administrator adds it first (npm run -s lti -- add-platform).`);
  if (platforms.length > 1) return refuse(400, `Several registrations share the issuer ${req.iss}: the login must name its client_id.`);
  const platform = platforms[0];
  if (req.lti_deployment_id && !platform.deploymentIds.includes(req.lti_deployment_id)) return refuse(403, `The deployment ${req.lti_deployment_id} is not registered for this platform.`);
  let target: URL;
  try {
    target = new URL(req.target_link_uri);
  } catch {
    return refuse(400, 'target_link_uri is not a URL.');
  }
  if (target.origin !== new URL(baseUrl).origin) return refuse(400, 'target_link_uri must point at this tool.');
  const state = crypto.randomBytes(24).toString('base64url');
  const nonce = crypto.randomBytes(24).toString('base64url');
  const auth = new URL(platform.authUrl);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: new URL('/lti/launch', baseUrl).toString(),
    login_hint: req.login_hint,
    state,
    nonce,
  };
  if (req.lti_message_hint) params.lti_message_hint = req.lti_message_hint;
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
  return { ok: true, redirect: auth.toString(), state, cookie: { name: STATE_COOKIE_PREFIX + state, value: stateCookieValue(state, nonce, platform.id, now), maxAgeSeconds: STATE_TTL_MS / 1000 }, frameOrigins: frameSources([...platform.frameOrigins, platform.issuer]) };
}
