// The rule: a failure to reach PostgreSQL is reported in words that name the setting to change
// (sslmode, sslrootcert, sslcert/sslkey), in one place for every path that reports it (npm start,
// the workers' wait for the queue). It recognises pg's and node's errors by their codes and, since
// Prisma's driver adapter keeps only the text ("Error opening a TLS connection: <reason>"), by
// their wording too. Anything it does not recognise is reported as it came.
import { DbSettingError } from './pg-tls.ts';

interface Found {
  codes: string[];
  messages: string[]; // outermost first
  host?: string;
  certNames?: string;
}

/** The codes and messages of an error, its causes, and what Prisma keeps of the driver's error. */
function collect(e: unknown, into: Found = { codes: [], messages: [] }, depth = 0): Found {
  if (depth > 5 || e === null || e === undefined) return into;
  if (typeof e !== 'object') {
    into.messages.push(String(e));
    return into;
  }
  const o = e as Record<string, unknown>;
  for (const k of ['message', 'reason', 'originalMessage']) if (typeof o[k] === 'string' && o[k]) into.messages.push(o[k] as string);
  for (const k of ['code', 'originalCode']) if (typeof o[k] === 'string') into.codes.push(o[k] as string);
  if (typeof o.host === 'string') into.host ??= o.host;
  const cert = o.cert as { subjectaltname?: string } | undefined;
  if (typeof cert?.subjectaltname === 'string') into.certNames ??= cert.subjectaltname;
  collect(o.cause, into, depth + 1);
  const meta = o.meta as { driverAdapterError?: unknown } | undefined;
  if (meta?.driverAdapterError) collect(meta.driverAdapterError, into, depth + 1);
  return into;
}

const CHAIN_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'INVALID_CA', 'CERT_CHAIN_TOO_LONG',
]);
const CHAIN_TEXT = /self[- ]signed certificate|unable to get (local )?issuer certificate|unable to verify the first certificate|certificate signature failure|certificate not trusted|invalid CA certificate/i;
const DATES_TEXT = /certificate has expired|certificate is not yet valid/i;
const HOST_TEXT = /Hostname\/IP does not match certificate's altnames/;
const NO_TLS_HBA = /no pg_hba\.conf entry for [^\n`]*(no encryption|SSL off)/;
const CLIENT_CERT_REJECTED = /alert unknown ca|alert bad certificate|certificate required|certificate authentication failed/i;

/** One line for a log: what went wrong connecting to PostgreSQL and which setting to change. */
export function explainDbError(e: unknown): string {
  if (e instanceof DbSettingError) return e.message;
  const f = collect(e);
  const text = f.messages.join('\n');
  const has = (codes: Iterable<string>) => [...codes].some((c) => f.codes.includes(c));
  const why = (f.messages.at(-1) ?? '').trim(); // the innermost: the driver's or node's own words
  if (has(['ERR_TLS_CERT_ALTNAME_INVALID']) || HOST_TEXT.test(text)) {
    const names = f.certNames ? `; it names ${f.certNames}` : '';
    return `TLS: the server's certificate does not name the host connected to${f.host ? ` ("${f.host}")` : ''}${names}: connect with a host name the certificate names, or use sslmode=verify-ca to check the certificate without the host name (${why})`;
  }
  if (has(CHAIN_CODES) || CHAIN_TEXT.test(text)) {
    return `TLS: certificate verification failed, the server's certificate does not chain to the CA in sslrootcert: check sslrootcert (PGSSLROOTCERT) names the CA that signed the server's certificate (${why})`;
  }
  if (has(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']) || DATES_TEXT.test(text)) {
    return `TLS: the server's certificate is outside its validity dates: renew it on the server, or check this machine's clock (${why})`;
  }
  if (NO_TLS_HBA.test(text)) {
    return `the server requires TLS for this connection (pg_hba.conf has no entry for it without encryption): set sslmode=require or stronger in DATABASE_URL (verify-full with sslrootcert also checks the server's certificate) (${why})`;
  }
  if (/The server does not support SSL connections/.test(text)) {
    return `the server does not offer TLS, but sslmode asks for it: enable ssl on the server, or set sslmode=disable on a network you trust (${why})`;
  }
  if (/connection requires a valid client certificate/.test(text)) {
    return `the server requires a client certificate for this connection: set sslcert and sslkey (PGSSLCERT, PGSSLKEY) (${why})`;
  }
  if (CLIENT_CERT_REJECTED.test(text)) {
    return `the server did not accept the client certificate (sslcert): it must be signed by a CA the server trusts and, for cert authentication, name the user (${why})`;
  }
  return e instanceof Error ? e.message : why || String(e);
}
