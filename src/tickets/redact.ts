// Findings carry metadata only, but a ticket leaves the product: evidence
// values that look like secret material are replaced before rendering, so a
// connector's mistake cannot put a key or token into a tracker.
const SECRET_KEY = /(secret(value)?|password|passwd|private_?key|privatekey|api_?key|access_?token|client_?secret|secretaccesskey)$/i;
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}/,
  /\bgithub_pat_[A-Za-z0-9_]{40,}/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/,
  /"private_key"\s*:/,
];

export const REDACTED = '[redacted: looks like a secret]';

export function looksSecret(key: string, value: unknown): boolean {
  if (typeof value === 'string' && SECRET_VALUE.some((re) => re.test(value))) return true;
  return SECRET_KEY.test(key) && typeof value === 'string' && value.length >= 16 && !/^\d{4}-\d\d-\d\dT/.test(value);
}

export function redactSecrets(evidence: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(evidence)) {
    if (looksSecret(k, val)) out[k] = REDACTED;
    else if (val && typeof val === 'object' && !Array.isArray(val)) out[k] = redactSecrets(val as Record<string, unknown>);
    else if (Array.isArray(val)) out[k] = val.map((x) => (looksSecret(k, x) ? REDACTED : x));
    else out[k] = val;
  }
  return out;
}
