// Invite links stay copyable from the People page after a reload, yet the
// database never holds a usable link in clear: the token is kept sealed
// (AES-256-GCM) under a key derived from the auth secret, beside its hash,
// which is what a link is checked against. A dump of the database without
// the secret (BETTER_AUTH_SECRET, or app_meta's) gives no working link.
import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { authSecret } from './auth';

const keys = new WeakMap<Db, { secret: string; key: Buffer }>();

async function keyFor(db: Db): Promise<Buffer> {
  const secret = await authSecret(db);
  const cached = keys.get(db);
  if (cached?.secret === secret) return cached.key;
  const key = Buffer.from(hkdfSync('sha256', secret, 'factcheck-invites', 'invite link token', 32));
  keys.set(db, { secret, key });
  return key;
}

/** "iv.tag.ciphertext", base64url. */
export async function sealToken(db: Db, token: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await keyFor(db), iv);
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** The token, or null when it was sealed under another secret (the secret changed) or is damaged. */
export async function openToken(db: Db, sealed: string): Promise<string | null> {
  try {
    const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', await keyFor(db), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
