// Free-form metadata (an entity's and an alias's `metadata`, a token's
// `meta`, a secret ID's `metadata`, a KV secret's `custom_metadata`) is
// written by people and may hold anything, a token or a secret ID included.
// Only the keys the model uses are kept: owner declarations, email
// addresses and an AppRole login's `role_name`. A value shaped like a Vault
// token (`hvs.`, `hvb.`, `hvr.`, or the older `s.`/`b.`/`r.` forms) or like
// a UUID (the shape of a secret ID: no owner, email or role name looks like
// one) is dropped, and so is anything the shared redaction calls secret.
import { looksSecretValue, REDACTED } from '../../src/util/redact.js';
import type { KeptMetadata } from './model.js';

/** Keys that declare an owner (case-insensitive), as the other sources' owner tags. */
export const OWNER_KEYS = ['owner', 'owner-email', 'owner_email', 'contact', 'created-by', 'created_by', 'team'];
const EMAIL_KEYS = ['email', 'mail'];
const ROLE_KEYS = ['role_name'];

const VAULT_TOKEN = /\b(?:hv[sbr]\.[A-Za-z0-9_-]{20,}|[sbr]\.[A-Za-z0-9]{24}(?:\.[A-Za-z0-9]{5})?)\b/;
const VAULT_TOKEN_G = new RegExp(VAULT_TOKEN.source, 'g');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const UUID_G = new RegExp(UUID.source, 'gi');
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for a value that is, or holds, something shaped like a Vault token or a secret ID. */
export function looksLikeVaultSecret(value: string): boolean {
  return VAULT_TOKEN.test(value) || UUID.test(value) || looksSecretValue(value);
}

/** Free text (a display name) with token- and secret-ID-shaped parts replaced. */
export function scrubText(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(VAULT_TOKEN_G, REDACTED).replace(UUID_G, REDACTED);
}

export const EMPTY_METADATA: KeptMetadata = { pairs: [], owners: [], emails: [], roleName: null };

export function keepMetadata(map: Record<string, string>): KeptMetadata {
  const out: KeptMetadata = { pairs: [], owners: [], emails: [], roleName: null };
  for (const [rawKey, rawValue] of Object.entries(map)) {
    const key = rawKey.trim().toLowerCase();
    const value = rawValue.trim();
    // `vault:<entity id>` names the person an entity is linked to: the one UUID an owner may hold.
    const entityRef = OWNER_KEYS.includes(key) && /^vault:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(value);
    if (!value || (!entityRef && looksLikeVaultSecret(value))) continue;
    if (OWNER_KEYS.includes(key)) {
      out.owners.push({ value, key });
      out.pairs.push(`${key}=${value}`);
    } else if (EMAIL_KEYS.includes(key)) {
      if (!EMAIL.test(value)) continue;
      out.emails.push(value.toLowerCase());
      out.pairs.push(`${key}=${value}`);
    } else if (ROLE_KEYS.includes(key)) {
      if (!/^[\w.@-]+$/.test(value)) continue;
      out.roleName = value;
      out.pairs.push(`${key}=${value}`);
    }
  }
  out.pairs.sort();
  return out;
}
