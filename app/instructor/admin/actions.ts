'use server';
// Admin actions: on accounts (issue a one-time password reset link, disable or enable an account)
// and on LMS platforms (register, change or remove one for LTI 1.3).
// Thin: the session, then one call into lib/admin/accounts.ts or lib/lti/platforms.ts, which checks
// the caller is an admin and audits the change.
import { revalidatePath } from 'next/cache';
import { db } from '../../../lib/db.ts';
import { actionUser } from '../../../lib/session.ts';
import { isAccessDenied, isInputError } from '../../../lib/instructor/authorization.ts';
import { issueResetLink, setDisabled } from '../../../lib/admin/accounts.ts';
import { registerPlatform, removePlatform, updatePlatform } from '../../../lib/lti/platforms.ts';
import { registrationToken } from '../../../lib/lti/dynamic-registration.ts';
import { requireAdmin } from '../../../lib/instructor/authorization.ts';
import type { ActionState } from '../../../components/instructor/action-state.ts';
import { formatUtc } from '../../../components/instructor/format.ts';

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};
/** A comma- or space-separated field (deployment ids, frame origins). */
const list = (form: FormData, name: string) => text(form, name).split(/[\s,]+/).filter(Boolean);

async function asAdmin(work: (user: { id: string; role: string }) => Promise<ActionState>): Promise<ActionState> {
  const who = await actionUser();
  if (!who.ok) return { ok: false, error: who.error, message: null };
  try {
    const state = await work(who.user);
    revalidatePath('/instructor/admin', 'layout');
    return state;
  } catch (e) {
    if (isAccessDenied(e)) return { ok: false, error: e.message, message: null };
    if (isInputError(e)) return { ok: false, error: e.message, message: null, field: e.field };
    throw e;
  }
}

export async function issueResetLinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(async (user) => {
    const r = await issueResetLink(db(), user, text(form, 'userId'));
    return {
      ok: true,
      error: null,
      message: `Reset link for ${r.email}, valid once until ${formatUtc(r.expiresAt)}. It is shown only now: give it to them yourself.`,
      link: r.path,
    };
  });
}

export async function setDisabledAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(async (user) => {
    const r = await setDisabled(db(), user, text(form, 'userId'), text(form, 'disabled') === 'true');
    return { ok: true, error: null, message: r.disabled ? `${r.email} is disabled: they cannot sign in, and their sessions have ended.` : `${r.email} can sign in again.` };
  });
}

export async function registerPlatformAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(async (user) => {
    const r = await registerPlatform(db(), user, {
      issuer: text(form, 'issuer'),
      clientId: text(form, 'clientId'),
      deploymentIds: list(form, 'deploymentIds'),
      authUrl: text(form, 'authUrl'),
      tokenUrl: text(form, 'tokenUrl'),
      jwksUrl: text(form, 'jwksUrl'),
      name: text(form, 'name'),
      frameOrigins: list(form, 'frameOrigins'),
    });
    return { ok: true, error: null, message: r.created ? 'Platform registered. Paste the tool configuration above into it.' : 'Platform updated: its deployments were added.' };
  });
}

export async function updatePlatformAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(async (user) => {
    const r = await updatePlatform(db(), user, {
      platformId: text(form, 'platformId'),
      name: text(form, 'name'),
      deploymentIds: list(form, 'deploymentIds'),
      authUrl: text(form, 'authUrl'),
      tokenUrl: text(form, 'tokenUrl'),
      jwksUrl: text(form, 'jwksUrl'),
      frameOrigins: list(form, 'frameOrigins'),
    });
    return { ok: true, error: null, message: r.changed.length ? `Saved the platform ${r.issuer}: ${r.changed.length} setting${r.changed.length === 1 ? '' : 's'} changed.` : `Nothing to change for ${r.issuer}.` };
  });
}

export async function removePlatformAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(async (user) => {
    const r = await removePlatform(db(), user, { platformId: text(form, 'platformId') });
    return { ok: true, error: null, message: `Removed the platform ${r.issuer} (client ${r.clientId}). Its launches are refused from now on; accounts, cohorts, submissions and grades stay.` };
  });
}

export async function registrationUrlAction(_prev: ActionState, _form: FormData): Promise<ActionState> {
  return asAdmin(async (user) => {
    await requireAdmin(db(), user);
    const path = `/lti/register?${new URLSearchParams({ tool_token: registrationToken(user.id) })}`;
    return { ok: true, error: null, message: 'Give this URL to the LMS administrator (LTI Dynamic Registration); it works for a day:', link: path };
  });
}
