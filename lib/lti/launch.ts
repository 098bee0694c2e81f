// An LTI 1.3 resource-link launch (LTI 1.3 core, section 5.1.2; the IMS security framework): the
// platform posts an id_token to /lti/launch. It is accepted only when every check passes, and then
// links what it names to ours in one transaction; a refusal says why and creates nothing.
//   - the state is the one this browser was given at login (login.ts), and the nonce the one bound to it
//   - the signature verifies against the platform's JWKS (RS256); iss is the registered issuer;
//     aud is (or contains) our client id, with azp naming us when there are several; exp, iat current
//   - the nonce has not been used before (kept until the token expires: a replay is refused)
//   - the deployment is one registered for the platform; the LTI version is 1.3.0; the message is a
//     resource-link request
// Then: the platform user (iss + sub) is linked to an account (made on first launch; an account with
// the email the platform asserts is the same person, the platform being registered by an admin); the
// context to a cohort (made on the first instructor launch; a learner before that is told to wait);
// roles to ours (Instructor, TeachingAssistant, Administrator -> instructor of that cohort; anything
// else -> student). The launch lands on the linked exercise (custom parameter `exercise`, or the
// target link's path) or the cohort's course map; a launch that carries an AGS line item with the
// score scope ties that line item to the exercise in the cohort, for grade passback (ags.ts).
import crypto from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Db } from '../db.ts';
import { generateJoinCode } from '../instructor/cohorts.ts';
import { getExercise } from '../../exercises/catalog.ts';
import { getQuestion } from '../../exercises/questions.ts';
import { readStateCookie, type LtiRefusal } from './login.ts';
import type { DeepLinkRequest } from './deep-linking.ts';
import { frameSources } from './frame.ts';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const AGS_ENDPOINT = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const AGS_SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
export const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
export const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
export const STAFF_ROLES = [/membership#Instructor$/, /membership\/Instructor#TeachingAssistant$/, /membership#TeachingAssistant$/, /membership#ContentDeveloper$/, /institution\/person#Administrator$/, /membership#Administrator$/];

const refuse = (status: LtiRefusal['status'], error: string): LtiRefusal => ({ ok: false, status, error });

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function jwksOf(url: string) {
  let set = jwksCache.get(url);
  if (!set) jwksCache.set(url, (set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 })));
  return set;
}

export interface LaunchInput {
  idToken: unknown;
  state: unknown;
  /** The value of the state's cookie in this browser (login.ts), if any. */
  stateCookie: string | undefined;
}

export type LaunchOutcome =
  | {
      ok: true;
      user: { id: string; email: string; role: string; sessionVersion: number };
      cohortId: string;
      staff: boolean;
      redirectTo: string;
      context: { platformId: string; contextId: string; membershipsUrl: string | null };
      /** Sites that may frame the tool for this browser now: the platform's frame origins and its issuer's (frame.ts). */
      frameOrigins: string[];
      /** A deep-linking request: where to send the chosen links back (deep-linking.ts). */
      deepLink?: DeepLinkRequest;
    }
  | LtiRefusal;

interface Claims extends JWTPayload {
  nonce?: string;
  azp?: string;
  name?: string;
  email?: string;
  given_name?: string;
  family_name?: string;
}

function claim<T>(p: JWTPayload, name: string): T | undefined {
  return (p as Record<string, unknown>)[LTI + name] as T | undefined;
}

/** Verifies a launch and links its user and context; see the header for every rule. */
export async function acceptLaunch(db: Db, input: LaunchInput, now = new Date()): Promise<LaunchOutcome> {
  if (typeof input.idToken !== 'string' || input.idToken.length > 64_000 || typeof input.state !== 'string' || input.state.length > 200) {
    return refuse(400, 'This LTI launch is missing its id_token or state.');
  }
  const bound = readStateCookie(input.state, input.stateCookie, now.getTime());
  if (!bound) return refuse(401, 'This launch did not start in this browser, or took longer than ten minutes. Open the tool again from your course.');
  const platform = await db.ltiPlatform.findUnique({ where: { id: bound.platformId } });
  if (!platform) return refuse(403, 'The platform of this launch is no longer registered with this tool.');

  let payload: Claims;
  try {
    ({ payload } = await jwtVerify<Claims>(input.idToken, jwksOf(platform.jwksUrl), { issuer: platform.issuer, audience: platform.clientId, algorithms: ['RS256'], currentDate: now, clockTolerance: 5, maxTokenAge: '1h' }));
  } catch (e) {
    return refuse(401, `The launch's token was refused: ${tokenError(e)}`);
  }
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== platform.clientId) return refuse(401, "The launch's token was refused: azp does not name this tool.");
  if (payload.nonce !== bound.nonce) return refuse(401, "The launch's nonce is not the one this browser was given.");
  const deployment = claim<string>(payload, 'deployment_id');
  if (!deployment || !platform.deploymentIds.includes(deployment)) return refuse(403, `The deployment ${deployment ?? '(none)'} is not registered for this platform.`);
  if (claim<string>(payload, 'version') !== '1.3.0') return refuse(400, 'Only LTI 1.3.0 launches are supported.');
  const messageType = claim<string>(payload, 'message_type');
  if (messageType !== 'LtiResourceLinkRequest' && messageType !== 'LtiDeepLinkingRequest') return refuse(400, `This tool does not handle ${messageType ?? 'this'} messages.`);
  const deepLinking = (payload as Record<string, unknown>)[DL_SETTINGS] as { deep_link_return_url?: unknown; accept_types?: unknown; accept_multiple?: unknown; data?: unknown } | undefined;
  if (messageType === 'LtiDeepLinkingRequest') {
    if (typeof deepLinking?.deep_link_return_url !== 'string' || !/^https?:\/\//.test(deepLinking.deep_link_return_url)) return refuse(400, 'This deep-linking request names no return URL.');
    if (Array.isArray(deepLinking.accept_types) && !deepLinking.accept_types.includes('ltiResourceLink')) return refuse(400, 'This deep-linking request does not accept LTI resource links.');
  }
  const sub = payload.sub;
  if (!sub) return refuse(400, 'The launch names no user (sub).');
  const context = claim<{ id?: string; title?: string; label?: string }>(payload, 'context');
  if (!context?.id) return refuse(400, 'The launch names no course (context).');
  const roles = claim<string[]>(payload, 'roles') ?? [];
  const staff = roles.some((r) => STAFF_ROLES.some((re) => re.test(r)));
  if (messageType === 'LtiDeepLinkingRequest' && !staff) return refuse(403, 'Only instructors choose what the course links to.');
  const email = typeof payload.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(payload.email) ? payload.email.trim().toLowerCase() : null;
  const name = (typeof payload.name === 'string' && payload.name) || [payload.given_name, payload.family_name].filter((x) => typeof x === 'string').join(' ') || null;
  const expiresAt = new Date((payload.exp ?? Math.floor(now.getTime() / 1000) + 3600) * 1000);

  try {
    return await db.$transaction(async (tx) => {
      const used = await tx.$executeRaw`insert into "LtiNonce" ("platformId", nonce, "expiresAt") values (${platform.id}, ${payload.nonce!}, ${expiresAt}) on conflict do nothing`;
      if (used === 0) throw new Refusal(refuse(401, 'This launch was already used (a replayed nonce). Open the tool again from your course.'));
      // the course: its cohort, made on the first instructor launch
      let link = await tx.ltiContext.findUnique({ where: { platformId_contextId: { platformId: platform.id, contextId: context.id! } } });
      if (!link) {
        if (!staff) throw new Refusal(refuse(403, 'Your instructor has not opened this tool from the course yet. Try again once they have.'));
        const cohort = await tx.cohort.create({ data: { name: (context.title || context.label || 'LTI course').slice(0, 120), joinCode: generateJoinCode() } });
        link = await tx.ltiContext.create({ data: { platformId: platform.id, contextId: context.id!, deploymentId: deployment, cohortId: cohort.id, title: context.title ?? '' } });
      }
      // the course's membership service, for roster sync (roster.ts)
      const nrps = (payload as Record<string, unknown>)[NRPS_CLAIM] as { context_memberships_url?: unknown } | undefined;
      const memberships = typeof nrps?.context_memberships_url === 'string' && /^https?:\/\//.test(nrps.context_memberships_url) ? nrps.context_memberships_url : null;
      if (memberships && memberships !== link.membershipsUrl) link = await tx.ltiContext.update({ where: { platformId_contextId: { platformId: platform.id, contextId: link.contextId } }, data: { membershipsUrl: memberships } });
      // the person: linked once, by the platform's sub (and the email it asserts, on the first launch)
      const linked = await tx.ltiUser.findUnique({ where: { platformId_sub: { platformId: platform.id, sub } }, include: { user: true } });
      let user = linked?.user ?? (email ? await tx.user.findUnique({ where: { email } }) : null);
      if (user?.disabledAt || user?.deletedAt) throw new Refusal(refuse(403, 'This account is disabled. Ask an administrator.'));
      if (!user) {
        user = await tx.user.create({ data: { email: email ?? `lti-${crypto.createHash('sha256').update(`${platform.id}:${sub}`).digest('hex').slice(0, 24)}@lti.invalid`, name, role: staff ? 'instructor' : 'student' } });
      } else if (staff && user.role === 'student') {
        user = await tx.user.update({ where: { id: user.id }, data: { role: 'instructor' } });
      }
      if (!linked) await tx.ltiUser.create({ data: { platformId: platform.id, sub, userId: user.id } });
      await tx.enrollment.upsert({
        where: { cohortId_userId: { cohortId: link.cohortId, userId: user.id } },
        create: { cohortId: link.cohortId, userId: user.id, role: staff ? 'instructor' : 'student' },
        update: staff ? { role: 'instructor' } : {},
      });
      const exerciseId = await linkedExercise(tx, payload);
      // the platform's gradebook column for this link: scores on the exercise go there (ags.ts)
      const ags = (payload as Record<string, unknown>)[AGS_ENDPOINT] as { scope?: unknown; lineitem?: unknown } | undefined;
      if (exerciseId && typeof ags?.lineitem === 'string' && /^https?:\/\//.test(ags.lineitem) && Array.isArray(ags.scope) && ags.scope.includes(AGS_SCORE_SCOPE)) {
        await tx.ltiLineItem.upsert({
          where: { platformId_url: { platformId: platform.id, url: ags.lineitem } },
          create: { platformId: platform.id, cohortId: link.cohortId, exerciseId, url: ags.lineitem },
          update: {},
        });
      }
      const deepLink: DeepLinkRequest | undefined =
        messageType === 'LtiDeepLinkingRequest'
          ? { platformId: platform.id, deploymentId: deployment, cohortId: link.cohortId, returnUrl: deepLinking!.deep_link_return_url as string, data: typeof deepLinking!.data === 'string' ? deepLinking!.data : null, acceptMultiple: deepLinking!.accept_multiple !== false }
          : undefined;
      const redirectTo = deepLink ? '/lti/deep-link' : exerciseId ? `/exercises/${exerciseId}` : staff ? `/instructor/cohorts/${link.cohortId}` : '/';
      return {
        ok: true as const,
        user: { id: user.id, email: user.email, role: user.role, sessionVersion: user.sessionVersion },
        cohortId: link.cohortId,
        staff,
        redirectTo,
        context: { platformId: platform.id, contextId: link.contextId, membershipsUrl: link.membershipsUrl },
        frameOrigins: frameSources([...platform.frameOrigins, platform.issuer]),
        ...(deepLink ? { deepLink } : {}),
      };
    });
  } catch (e) {
    if (e instanceof Refusal) return e.refusal;
    throw e;
  }
}

class Refusal extends Error {
  readonly refusal: LtiRefusal;
  constructor(refusal: LtiRefusal) {
    super(refusal.error);
    this.refusal = refusal;
  }
}

function tokenError(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'it has expired.';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify against the platform’s keys.';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no key of the platform matches its signature.';
  if (e instanceof errors.JWTClaimValidationFailed) return `its ${e.claim} claim is not valid (${e.reason}).`;
  if (e instanceof errors.JOSEError) return `${e.code}.`;
  return 'it could not be read.';
}

/** The exercise or question a launch links to: the custom parameter `exercise`, or the target link's path; null for none (or one not in the catalog). */
async function linkedExercise(db: Pick<Db, 'exercise'>, p: JWTPayload): Promise<string | null> {
  const custom = claim<Record<string, unknown>>(p, 'custom') ?? {};
  let candidate: unknown = custom.exercise;
  if (typeof candidate !== 'string') {
    try {
      candidate = /^\/exercises\/([a-z0-9-]+\/[a-z0-9-]+)$/.exec(new URL(claim<string>(p, 'target_link_uri') ?? '').pathname)?.[1];
    } catch {
      candidate = undefined;
    }
  }
  if (typeof candidate !== 'string' || candidate.length > 200) return null;
  if (getExercise(candidate) || getQuestion(candidate)) return candidate;
  // a published authored exercise or question (the deep-link picker offers them too)
  return (await db.exercise.count({ where: { id: candidate, source: 'authored' } })) > 0 ? candidate : null;
}

/** Deletes nonces whose tokens have expired; returns how many. */
export function sweepNonces(db: Db, now = new Date()): Promise<number> {
  return db.ltiNonce.deleteMany({ where: { expiresAt: { lt: now } } }).then((r) => r.count);
}
