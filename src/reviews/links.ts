// Reviewer access. Each reviewer gets a personal link: a token signed with
// the review key (HMAC-SHA256), naming one reviewer and one campaign, that
// expires and can be exchanged for a session once (its use is recorded in
// the campaign's events before the session is handed out). The session is a
// signed cookie naming the same reviewer and campaign, with its own expiry;
// every decision form carries the view's anti-forgery token of that session
// (src/web/csrf.ts, keyed with this key), so a page elsewhere cannot post a
// decision with the reviewer's cookie.
// The key: DRIFTGRAPH_REVIEW_SECRET, else a random key kept in the reviews
// folder (secret.key, readable by its owner only). Tokens are never logged
// or stored: the events hold their ids.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const REVIEW_SECRET_ENV = 'DRIFTGRAPH_REVIEW_SECRET';
export const REVIEW_COOKIE = 'driftgraph_review';

export async function reviewSecret(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env[REVIEW_SECRET_ENV]?.trim();
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error(`${REVIEW_SECRET_ENV} is shorter than 32 characters: use a long random value`);
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = join(dir, 'secret.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  mkdirSync(dir, { recursive: true });
  try {
    // wx: two processes starting at once keep the first key.
    await writeFile(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
}

interface Signed {
  /** token or session id */
  t: string;
  /** campaign */
  c: string;
  /** reviewer email */
  r: string;
  /** expires (ISO) */
  e: string;
}

function mac(secret: Buffer, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}.${payload}`).digest('base64url');
}

function sign(secret: Buffer, purpose: string, v: Signed): string {
  const payload = Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${payload}.${mac(secret, purpose, payload)}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type Verified = { ok: true; tokenId: string; campaignId: string; reviewer: string; expires: string } | { ok: false; why: string };

function verify(secret: Buffer, purpose: string, token: string, now: string): Verified {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined || token.length > 2_000) return { ok: false, why: 'not a driftgraph review link' };
  if (!same(sig, mac(secret, purpose, payload))) return { ok: false, why: 'the link is not valid (its signature does not match)' };
  let v: Signed;
  try {
    v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Signed;
  } catch {
    return { ok: false, why: 'not a driftgraph review link' };
  }
  if (typeof v.t !== 'string' || typeof v.c !== 'string' || typeof v.r !== 'string' || typeof v.e !== 'string') return { ok: false, why: 'not a driftgraph review link' };
  if (!(v.e > now)) return { ok: false, why: `the ${purpose === 'link' ? 'link' : 'session'} expired at ${v.e}` };
  return { ok: true, tokenId: v.t, campaignId: v.c, reviewer: v.r, expires: v.e };
}

export function makeLink(secret: Buffer, campaignId: string, reviewer: string, expires: string): { token: string; tokenId: string } {
  const tokenId = randomUUID();
  return { token: sign(secret, 'link', { t: tokenId, c: campaignId, r: reviewer.toLowerCase(), e: expires }), tokenId };
}

export const verifyLink = (secret: Buffer, token: string, now: string) => verify(secret, 'link', token, now);

export function makeSession(secret: Buffer, campaignId: string, reviewer: string, expires: string): string {
  return sign(secret, 'session', { t: randomUUID(), c: campaignId, r: reviewer, e: expires });
}

export const verifySession = (secret: Buffer, cookie: string, now: string) => verify(secret, 'session', cookie, now);
