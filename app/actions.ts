'use server';
// Actions of the site shell (the header's sign-out button).
import { signOut } from '../lib/auth.ts';
import { clearSignedInMark } from '../lib/session.ts';
import { forgetSpace } from '../lib/current-space.ts';

export async function signOutAction(): Promise<void> {
  await clearSignedInMark();
  await forgetSpace();
  await signOut({ redirectTo: '/signin?reason=signedout' });
}
