// A failure to reach PostgreSQL, in words that name the setting to change: from pg's and node's
// errors (codes) and from Prisma's (only the text survives its driver adapter). The same failures
// against a real TLS server are in pg-tls.test.ts.
import { describe, expect, it } from 'vitest';
import { explainDbError } from '../../lib/db-errors.ts';
import { DbSettingError } from '../../lib/pg-tls.ts';

const nodeError = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);
/** The shape Prisma's driver adapter gives a failed connection: the driver's words, no code. */
const prismaError = (cause: Record<string, unknown>) =>
  Object.assign(new Error('\nInvalid `prisma.$queryRaw()` invocation:\n\nRaw query failed. Code: `N/A`. Message: `...`'), {
    code: 'P2010',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });

describe('explainDbError', () => {
  it('a certificate that does not chain to sslrootcert', () => {
    const expected = /^TLS: certificate verification failed.*check sslrootcert \(PGSSLROOTCERT\).*\(self-signed certificate in certificate chain\)$/;
    expect(explainDbError(nodeError('self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }))).toMatch(expected);
    expect(explainDbError(prismaError({ kind: 'TlsConnectionError', reason: 'self-signed certificate in certificate chain' }))).toMatch(expected);
    expect(explainDbError(nodeError('unable to verify the first certificate', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }))).toMatch(/certificate verification failed/);
  });

  it('a certificate for another host name', () => {
    const e = nodeError("Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ", {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID', host: '127.0.0.1', cert: { subjectaltname: 'DNS:localhost' },
    });
    expect(explainDbError(e)).toMatch(/^TLS: the server's certificate does not name the host connected to \("127\.0\.0\.1"\); it names DNS:localhost: .*sslmode=verify-ca/);
    expect(explainDbError(prismaError({ kind: 'TlsConnectionError', reason: "Hostname/IP does not match certificate's altnames: Host: db is not in the cert's altnames: DNS:x" }))).toMatch(/does not name the host connected to: /);
  });

  it('an expired certificate is not blamed on sslrootcert', () => {
    expect(explainDbError(nodeError('certificate has expired', { code: 'CERT_HAS_EXPIRED' }))).toMatch(/outside its validity dates.*clock/);
  });

  it('a server that demands TLS (pg_hba.conf hostssl only), in the words of PostgreSQL 18 and of older ones', () => {
    for (const words of ['no encryption', 'SSL off']) {
      const message = `no pg_hba.conf entry for host "10.0.0.5", user "app", database "attention_lab", ${words}`;
      const expected = /^the server requires TLS for this connection .*set sslmode=require or stronger/;
      expect(explainDbError(nodeError(message, { code: '28000' }))).toMatch(expected);
      expect(explainDbError(prismaError({ originalCode: '28000', originalMessage: message, kind: 'DatabaseAccessDenied' }))).toMatch(expected);
    }
    // Refused with TLS on: not a TLS matter, reported as it came.
    const other = 'no pg_hba.conf entry for host "10.0.0.5", user "app", database "x", SSL encryption';
    expect(explainDbError(nodeError(other, { code: '28000' }))).toBe(other);
  });

  it('a server without TLS, a missing or refused client certificate', () => {
    expect(explainDbError(new Error('The server does not support SSL connections'))).toMatch(/does not offer TLS.*sslmode=disable/);
    expect(explainDbError(nodeError('connection requires a valid client certificate', { code: '28000' }))).toMatch(/requires a client certificate.*sslcert and sslkey/);
    expect(explainDbError(new Error('certificate authentication failed for user "bob"'))).toMatch(/did not accept the client certificate/);
  });

  it('settings errors and anything else pass through as they came', () => {
    expect(explainDbError(new DbSettingError('PGSSLMODE="on" is not a valid sslmode'))).toBe('PGSSLMODE="on" is not a valid sslmode');
    expect(explainDbError(nodeError('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    expect(explainDbError('plain text')).toBe('plain text');
  });
});
