// Deep linking (LTI Deep Linking 2.0): an instructor launching with LtiDeepLinkingRequest picks
// exercises here; the tool answers the platform with a signed LtiDeepLinkingResponse whose content
// items are LTI resource links, one per exercise, each with a line item (its maximum the exercise's
// points) and, when the cohort assigned the exercise, the assignment's due date. The request's
// settings travel from the launch to the picker in a cookie sealed for that instructor (seal.ts)
// and good for an hour, so nothing is stored and a request cannot be forged or reused by another.
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import type { Db } from '../db.ts';
import { signingKey } from './keys.ts';
import { LTI } from './launch.ts';
import { seal, unseal } from './seal.ts';

export const DEEP_LINK_COOKIE = 'lti-deep-link';
const TTL_MS = 3600_000;

export interface DeepLinkRequest {
  platformId: string;
  deploymentId: string;
  cohortId: string;
  returnUrl: string;
  data: string | null;
  acceptMultiple: boolean;
}

/** The cookie value carrying a request to the picker, bound to the instructor who launched. */
export function sealDeepLink(req: DeepLinkRequest, userId: string, now = Date.now()): string {
  return seal(`lti-deep-link:${userId}`, req, TTL_MS, now);
}

/** The request the cookie carries, when it is ours, current and the user's. */
export function openDeepLink(value: string | undefined, userId: string, now = Date.now()): DeepLinkRequest | null {
  return unseal<DeepLinkRequest>(`lti-deep-link:${userId}`, value, now);
}

export interface DeepLinkResponse {
  returnUrl: string;
  jwt: string;
  items: { exerciseId: string; title: string }[];
}

/** The signed response linking `exerciseIds` (each must exist; at most one unless the platform accepts several). */
export async function deepLinkingResponse(db: Db, req: DeepLinkRequest, exerciseIds: string[], baseUrl: string): Promise<DeepLinkResponse> {
  const ids = [...new Set(exerciseIds)];
  if (ids.length === 0) throw new Error('Choose at least one exercise.');
  if (ids.length > 1 && !req.acceptMultiple) throw new Error('The LMS takes one link at a time here: choose one exercise.');
  const platform = await db.ltiPlatform.findUniqueOrThrow({ where: { id: req.platformId } });
  const exercises = await db.exercise.findMany({ where: { id: { in: ids } }, select: { id: true, title: true, points: true } });
  if (exercises.length !== ids.length) throw new Error('An exercise chosen is not in the catalog.');
  const due = new Map((await db.assignment.findMany({ where: { cohortId: req.cohortId, exerciseId: { in: ids } }, select: { exerciseId: true, dueAt: true } })).map((a) => [a.exerciseId, a.dueAt]));
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const items = ids.map((id) => {
    const e = byId.get(id)!;
    const dueAt = due.get(id);
    return {
      type: 'ltiResourceLink',
      title: e.title,
      url: new URL('/lti/launch', baseUrl).toString(),
      custom: { exercise: e.id },
      lineItem: { scoreMaximum: e.points, label: e.title, resourceId: e.id, tag: 'attention-lab' },
      ...(dueAt ? { submission: { endDateTime: dueAt.toISOString() } } : {}),
    };
  });
  const key = await signingKey(db);
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({
    nonce: crypto.randomBytes(16).toString('base64url'),
    [LTI + 'message_type']: 'LtiDeepLinkingResponse',
    [LTI + 'version']: '1.3.0',
    [LTI + 'deployment_id']: req.deploymentId,
    'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': items,
    ...(req.data !== null ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/data': req.data } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(key.privateKey);
  return { returnUrl: req.returnUrl, jwt, items: exercises.map((e) => ({ exerciseId: e.id, title: e.title })) };
}
