// Every value put into a shell command a person may paste (remediations,
// tickets, reports) goes through this one function: a provider value is data,
// never code. POSIX single quotes make every byte literal; a quote inside is
// closed, escaped and reopened. A value holding a line break or another
// control character is written in ANSI-C quotes ($'...') instead, so the
// command stays on one line: a literal new line would end a `# comment` and
// turn the rest of the value into a command.
const SAFE = /^[A-Za-z0-9_+=,.@%\/:-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function shellQuote(value: unknown): string {
  const s = String(value ?? '');
  if (s !== '' && SAFE.test(s) && !s.startsWith('-')) return s;
  if (CONTROL.test(s)) return ansiC(s);
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function ansiC(s: string): string {
  let out = "$'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}
