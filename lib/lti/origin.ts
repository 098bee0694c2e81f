// This site's origin as the browser sees it (the LTI redirect_uri and target links must match what
// the platform registered): AUTH_URL when set (a deployment behind a proxy sets it), else the
// request's forwarded or own host and protocol.
export function publicOrigin(request: Request, env: Record<string, string | undefined> = process.env): string {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}
