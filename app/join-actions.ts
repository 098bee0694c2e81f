'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { joinCohort } from '../lib/accounts.ts';
import { db } from '../lib/db.ts';
import { clientAddress } from '../lib/rate-limit.ts';
import { actionUser } from '../lib/session.ts';

export interface JoinState {
  error: string | null;
  joined: string | null;
}

export async function joinCohortAction(_prev: JoinState, form: FormData): Promise<JoinState> {
  const who = await actionUser();
  if (!who.ok) return { error: who.error, joined: null };
  const result = await joinCohort(db(), who.user.id, String(form.get('joinCode') ?? ''), clientAddress(await headers()));
  if (!result.ok) return { error: result.error, joined: null };
  revalidatePath('/');
  return { error: null, joined: result.cohortName };
}
