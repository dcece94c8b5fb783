// Identifiers a provider defines a format for (a GitHub login, an email, a
// SCIM id). An identifier names a record (it is in the record's key) and is
// matched against other sources, so it is stored as it is and no redaction
// runs on it; a value that is not in its provider's format is therefore not
// stored at all: the reader fails the file's container, naming the file and
// the JSON path or line, never the value (it may be a token pasted into the
// wrong field). Free text (a display name, a title, a description) is the
// other kind: it is stored with token-shaped parts replaced (redactText in
// src/util/redact.ts). docs/snapshot-format.md says which field is which.
import { SourceError, type ErrorPlace } from '../../src/util/errors.js';

export interface IdFormat {
  /** What the value must be, in the words an error names it with. */
  words: string;
  test(value: string): boolean;
}

const format = (words: string, re: RegExp): IdFormat => ({ words, test: (v) => re.test(v) });

/**
 * An identifier whose provider states no format (a SCIM resource id, an MDM
 * device id, a SAML NameID): any printable text without spaces, up to 256
 * characters. Ids are generated (UUIDs, numbers, base64) or logins; a space
 * is what an id never holds and what a value with a token appended does.
 */
export const OPAQUE_ID = format('an identifier (no spaces or control characters, at most 256 characters)', /^[^\s\p{Cc}\p{Cf}]{1,256}$/u);

/** An email address as directories write one: name@domain, no spaces, at most 254 characters. */
export const EMAIL = {
  words: 'an email address (name@domain, no spaces)',
  test: (v: string) => v.length <= 254 && /^[^\s@\p{Cc}\p{Cf}]+@[^\s@\p{Cc}\p{Cf}]+$/u.test(v),
} satisfies IdFormat;

/** A provider's keyword (a permission level, a scope, a visibility, an action name). */
export const KEYWORD = format('a keyword (letters, digits, "_", "-", ".", ":", at most 100 characters)', /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,99}$/);

/** The message for a value outside `fmt`; `field` names it when the place does not (a CSV line). */
export function notInFormat(fmt: IdFormat, field?: string): string {
  return `${field ? `${field} is ` : ''}not ${fmt.words}: not read (the value is not shown: it may be a secret)`;
}

/** `value` when it is in `fmt`; else throws SourceError naming `place` and `field`, never the value. */
export function checkId(source: string, value: string, fmt: IdFormat, field: string, place: ErrorPlace): string {
  if (!fmt.test(value)) throw new SourceError(source, notInFormat(fmt, field), place);
  return value;
}
