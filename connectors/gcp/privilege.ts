// GCP "Privileged" (docs/rules.md): roles/owner, roles/editor, any roles/iam.*Admin.
export function isPrivilegedRole(role: string): boolean {
  return role === 'roles/owner' || role === 'roles/editor' || /^roles\/iam\.[A-Za-z]*Admin$/.test(role);
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Emails written in a service account's description: its declared owners (never a service account itself). */
export function descriptionEmails(description: string | null): string[] {
  if (!description) return [];
  const found = (description.match(EMAIL) ?? []).map((e) => e.toLowerCase().replace(/\.$/, ''));
  return [...new Set(found.filter((e) => !e.endsWith('.gserviceaccount.com')))];
}

/** `user:Ana@Example.com` -> kind `user`, email lower case; `deleted:...` members are gone principals. */
export function parseMember(member: string): { kind: string; value: string } {
  const i = member.indexOf(':');
  if (i < 0) return { kind: member, value: '' };
  const kind = member.slice(0, i);
  const value = member.slice(i + 1);
  if (kind === 'user' || kind === 'serviceAccount' || kind === 'group') return { kind, value: value.toLowerCase() };
  return { kind, value };
}
