// The tool's public keys, for platforms verifying what it signs (lib/lti/keys.ts).
import { db } from '../../../lib/db.ts';
import { publicJwks } from '../../../lib/lti/keys.ts';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return Response.json(await publicJwks(db()), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
