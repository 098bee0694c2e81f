// Certificates made for a test run with openssl (node can make keys but not X.509 certificates):
// a test CA, a server certificate it signs for DNS:localhost only (so 127.0.0.1 is a host name that
// does not match), a client certificate it signs, and a second CA that signed none of them.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TestCertificates {
  dir: string;
  caCert: string;
  otherCaCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export const OPENSSL = process.env.OPENSSL ?? 'openssl';

export function opensslAvailable(): boolean {
  return spawnSync(OPENSSL, ['version'], { stdio: 'ignore' }).status === 0;
}

function openssl(dir: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

// EC P-256 keys: made in milliseconds, where RSA keys would take a noticeable share of the test.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-x509', ...NEW_KEY, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

function makeSigned(dir: string, name: string, cn: string, extensions: string): void {
  openssl(dir, ['req', ...NEW_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', String(Date.now()),
    '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`]);
}

export function makeTestCertificates(dir: string, clientUser: string): TestCertificates {
  makeCa(dir, 'ca', 'Attention Lab test CA');
  makeCa(dir, 'other-ca', 'An unrelated CA');
  makeSigned(dir, 'server', 'localhost', 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
  makeSigned(dir, 'client', clientUser, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  const at = (f: string) => path.join(dir, f);
  fs.chmodSync(at('client.key'), 0o600);
  return {
    dir,
    caCert: at('ca.crt'),
    otherCaCert: at('other-ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
  };
}
