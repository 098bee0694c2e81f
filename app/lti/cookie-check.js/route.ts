// The login cookie check's script (lib/lti/cookie-check.ts), a static file of our origin: the
// check page's CSP runs scripts from 'self' only.
import { COOKIE_CHECK_SCRIPT } from '../../../lib/lti/cookie-check.ts';

export const dynamic = 'force-static';

export function GET(): Response {
  return new Response(COOKIE_CHECK_SCRIPT, { headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
}
