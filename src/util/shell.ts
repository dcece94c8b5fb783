// Every value put into a shell command a person may paste (remediations,
// tickets, reports) goes through this one function: a provider value is data,
// never code. POSIX single quotes make every byte literal; a quote inside is
// closed, escaped and reopened.
const SAFE = /^[A-Za-z0-9_+=,.@%\/:-]+$/;

export function shellQuote(value: unknown): string {
  const s = String(value ?? '');
  if (s !== '' && SAFE.test(s) && !s.startsWith('-')) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
