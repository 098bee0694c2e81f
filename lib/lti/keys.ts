// The tool's signing keys (RS256, for its own JWTs: deep-linking responses and client-credential
// assertions). The newest unretired key signs; a retired key stays in the published JWKS for a
// day, longer than any token it signed lives, so a platform verifying a recent token still finds it.
import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Db } from '../db.ts';

const KEEP_RETIRED_MS = 24 * 3600_000;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** The key that signs now; made on first use. */
export async function signingKey(db: Db): Promise<SigningKey> {
  let row = await db.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
  if (!row) row = await newKey(db);
  return { kid: row.kid, privateKey: (await importJWK(row.privateJwk as JWK, 'RS256')) as CryptoKey };
}

async function newKey(db: Db) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const kid = crypto.randomUUID();
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  return db.ltiKey.create({ data: { kid, publicJwk: pub, privateJwk: priv } });
}

/** Makes a new signing key and retires the others (they stay published for a day). */
export async function rotateKeys(db: Db): Promise<string> {
  await db.ltiKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
  return (await newKey(db)).kid;
}

/** The public JWKS: every unretired key, and keys retired less than a day ago. */
export async function publicJwks(db: Db, now = new Date()): Promise<{ keys: JWK[] }> {
  if ((await db.ltiKey.count({ where: { retiredAt: null } })) === 0) await newKey(db);
  const rows = await db.ltiKey.findMany({ where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(now.getTime() - KEEP_RETIRED_MS) } }] }, orderBy: { createdAt: 'desc' } });
  return { keys: rows.map((r) => r.publicJwk as JWK) };
}
