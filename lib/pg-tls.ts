// The rule: TLS to PostgreSQL follows libpq's `sslmode` and `sslrootcert` (from DATABASE_URL, else
// PGSSLMODE / PGSSLROOTCERT ...), decided here and nowhere else. Every connection is given an
// explicit `ssl` (false or node tls options): left undefined, pg would read PGSSLMODE itself and
// turn `require` into full verification against the system's CAs, which is not what libpq does.
//
//   disable      no TLS
//   allow        no TLS (libpq tries plaintext first; pg cannot retry a refused connection with TLS,
//                so a server that demands TLS refuses it: use require or stronger there)
//   prefer       TLS, certificate not checked (libpq tries TLS first; pg cannot fall back to
//                plaintext, so a server without TLS refuses it: use disable there)
//   require      TLS, certificate not checked; with sslrootcert it is checked like verify-ca (as libpq)
//   verify-ca    TLS, the certificate must chain to sslrootcert; the host name is not checked
//   verify-full  TLS, chain to sslrootcert and the certificate must name the host connected to
//   (unset)      no TLS: unlike libpq's default (prefer), which pg cannot honour on a server without
//                TLS. sslrootcert=system alone means verify-full against the system's CAs (libpq 16).
//
// Unix sockets never use TLS (libpq ignores sslmode there). sslcert + sslkey (PGSSLCERT, PGSSLKEY)
// present a client certificate; sslpassword unlocks an encrypted key. No file is read implicitly
// (libpq's ~/.postgresql/root.crt is not looked for): name each one.
import fs from 'node:fs';
import type tls from 'node:tls';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** A connection setting that can never work (bad value, unreadable file): retrying will not help. */
export class DbSettingError extends Error {
  override name = 'DbSettingError';
}

type Env = Record<string, string | undefined>;

interface Setting {
  value: string;
  from: string; // where it came from, for error messages: "DATABASE_URL sslmode" or "PGSSLMODE"
}

/** URL parameter first, then the libpq environment variable (per setting, as libpq does). */
function setting(params: URLSearchParams, env: Env, name: string, envName: string): Setting | undefined {
  const fromUrl = params.get(name);
  if (fromUrl !== null && fromUrl !== '') return { value: fromUrl, from: `DATABASE_URL ${name}` };
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: envName };
  return undefined;
}

function readFile(s: Setting, what: string): string {
  try {
    return fs.readFileSync(s.value, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new DbSettingError(`${s.from} names ${what} "${s.value}" that cannot be read (${reason})`);
  }
}

/** The `ssl` pg option (false, or node tls options) for a connection to `host`, from the URL's
 *  query parameters and the environment. */
export function sslFromSettings(params: URLSearchParams, env: Env, host: string): false | tls.ConnectionOptions {
  const modeSetting = setting(params, env, 'sslmode', 'PGSSLMODE');
  const rootcert = setting(params, env, 'sslrootcert', 'PGSSLROOTCERT');
  const cert = setting(params, env, 'sslcert', 'PGSSLCERT');
  const key = setting(params, env, 'sslkey', 'PGSSLKEY');
  const password = params.get('sslpassword') || undefined;

  if (modeSetting && !(SSL_MODES as readonly string[]).includes(modeSetting.value)) {
    throw new DbSettingError(`${modeSetting.from}="${modeSetting.value}" is not a valid sslmode (one of ${SSL_MODES.join(', ')})`);
  }
  const system = rootcert?.value === 'system';
  // libpq 16: sslrootcert=system makes verify-full the default and refuses anything weaker, since
  // trusting every public CA without checking the host name would let any certificate through.
  let mode: SslMode | 'unset' = (modeSetting?.value as SslMode | undefined) ?? (system ? 'verify-full' : 'unset');
  if (system && mode !== 'verify-full') {
    throw new DbSettingError(`${modeSetting!.from}="${mode}" cannot be used with sslrootcert=system (${rootcert!.from}): use sslmode=verify-full`);
  }
  if ((mode === 'verify-ca' || mode === 'verify-full') && !rootcert) {
    throw new DbSettingError(
      `${modeSetting!.from}="${mode}" needs sslrootcert (or PGSSLROOTCERT): the CA file that signed the server's certificate, or "system" for the system's trusted CAs`,
    );
  }
  if (!!cert !== !!key) {
    throw new DbSettingError(cert ? `${cert.from} is set but sslkey (PGSSLKEY) is not: a client certificate needs its key` : `${key!.from} is set but sslcert (PGSSLCERT) is not: a client key needs its certificate`);
  }
  // Read the files even when they end up unused (a socket, disable), so a wrong path shows at once.
  const ca = rootcert && !system ? readFile(rootcert, 'a root certificate file') : undefined;
  const client = cert && key ? { cert: readFile(cert, 'a client certificate file'), key: readFile(key, 'a client key file') } : {};

  if (host.startsWith('/') || mode === 'unset' || mode === 'disable' || mode === 'allow') return false;

  // libpq: "if a root CA file exists, sslmode=require behaves like verify-ca".
  if (mode === 'require' && rootcert) mode = 'verify-ca';
  const base: tls.ConnectionOptions = { ...client, ...(password ? { passphrase: password } : {}) };
  if (mode === 'prefer' || mode === 'require') return { ...base, rejectUnauthorized: false };
  const verify: tls.ConnectionOptions = { ...base, rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  // verify-ca: the chain is checked by node before this is called; only the host name check is skipped.
  if (mode === 'verify-ca') return { ...verify, checkServerIdentity: () => undefined };
  return verify;
}
