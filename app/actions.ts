'use server';
// Actions of the site shell (the header's sign-out button).
import { signOut } from '../lib/auth.ts';
import { clearSignedInMark } from '../lib/session.ts';

export async function signOutAction(): Promise<void> {
  await clearSignedInMark();
  await signOut({ redirectTo: '/signin?reason=signedout' });
}
