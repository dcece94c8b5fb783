// Error messages name the place (file, line, JSON path), never the content:
// a value in a snapshot may be a secret (a key cut mid-file, a password in
// the wrong column). Library messages that quote the text they choke on are
// cut before the quote.

/** `not an ISO 8601 timestamp: "2026-13-..."` -> `not an ISO 8601 timestamp`. */
export function withoutQuotedText(message: string): string {
  const cut = message.search(/:?\s*["'`]/);
  return (cut >= 0 ? message.slice(0, cut) : message).split('\n')[0]!.trim() || 'unreadable value';
}

/** A yaml library error code (`BAD_INDENT`) in words (`bad indent`); its message carries a code frame of the file. */
export function yamlProblem(code: string | undefined): string {
  return code ? code.toLowerCase().replace(/_/g, ' ') : 'unreadable';
}
