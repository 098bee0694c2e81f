// The tool's signing keys (RS256, for its own JWTs: deep-linking responses and client-credential
// assertions). The newest unretired key signs; a retired key stays in the published JWKS for a
// day, longer than any token it signed lives, so a platform verifying a recent token still finds it.
// The private half is stored encrypted (AES-256-GCM, the key derived from AUTH_SECRET with HKDF),
// so a copy of the database alone cannot sign as the tool; if AUTH_SECRET changes, the unreadable
// key is retired and a new one made.
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
  let jwk = openPrivate(row.privateJwk);
  if (!jwk) {
    await rotateKeys(db);
    row = (await db.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } }))!;
    jwk = openPrivate(row.privateJwk)!;
  }
  return { kid: row.kid, privateKey: (await importJWK(jwk, 'RS256')) as CryptoKey };
}

function wrappingKey(): Buffer {
  const secret = process.env.AUTH_SECRET || 'attention-lab-lti';
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'attention-lab', 'lti-private-keys', 32));
}

/** The stored form of a private JWK: { v: 1, iv, tag, data }, all base64url. */
export function sealPrivate(jwk: JWK): { v: 1; iv: string; tag: string; data: string } {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', wrappingKey(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: data.toString('base64url') };
}

/** The private JWK of a stored key, or null when it cannot be read with today's AUTH_SECRET. */
export function openPrivate(stored: unknown): JWK | null {
  const s = stored as { v?: number; iv?: string; tag?: string; data?: string };
  if (s?.v !== 1 || !s.iv || !s.tag || !s.data) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', wrappingKey(), Buffer.from(s.iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(s.tag, 'base64url'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(s.data, 'base64url')), decipher.final()]).toString('utf8')) as JWK;
  } catch {
    return null;
  }
}

async function newKey(db: Db) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const kid = crypto.randomUUID();
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  return db.ltiKey.create({ data: { kid, publicJwk: pub, privateJwk: sealPrivate(priv) } });
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
