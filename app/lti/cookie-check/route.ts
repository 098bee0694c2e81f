// Whether the login's test cookie came back to us (lib/lti/cookie-check.ts): asked by the check
// page's script from inside the LMS's frame.
import { cookies } from 'next/headers';
import { COOKIE_CHECK_COOKIE } from '../../../lib/lti/cookie-check.ts';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const back = (await cookies()).get(COOKIE_CHECK_COOKIE)?.value === '1';
  return Response.json({ cookies: back }, { headers: { 'Cache-Control': 'no-store' } });
}
