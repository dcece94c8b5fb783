// Words and number formats the HTML, Markdown and terminal outputs share.
import type { StoredFinding } from '../../src/findings/finding-store.js';

export function hours(h: number | null): string {
  if (h === null) return '–';
  if (h >= 48) return `${h} h (${Math.round((h / 24) * 10) / 10} d)`;
  return `${h} h`;
}

export const day = (t: string | null | undefined) => (t ? t.slice(0, 10) : 'never');
export const instant = (t: string | null | undefined) => (t ? t.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC') : 'never');

export function share(s: number | null): string {
  return s === null ? '–' : `${Math.round(s * 100)}%`;
}

/** Who a finding is about or owned by, in words (provider values: escape when output). */
export function findingWho(f: StoredFinding): string {
  const owners = f.owners.map((o) => o.id);
  return [f.person?.email, ...owners].filter(Boolean).join(', ');
}

export function subjectText(f: StoredFinding): string {
  const where = [f.subject.source, f.subject.container].filter(Boolean).join(' ');
  return `${where} ${f.subject.type} ${f.subject.name ?? f.subject.id}`;
}
