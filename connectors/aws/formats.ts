// The formats IAM gives its identifiers (the IAM API reference's patterns).
// A value outside them is not read: the account fails, naming the file and
// JSON path or line, never the value (connectors/lib/id-formats.ts).
import type { IdFormat } from '../lib/id-formats.js';

/** A user, group or role name: letters, digits and `+=,.@_-`, at most 128 characters. */
export const IAM_NAME: IdFormat = { words: 'an IAM name (letters, digits and +=,.@_-)', test: (v) => /^[\w+=,.@-]{1,128}$/.test(v) };

/** A unique id (AIDA..., AROA..., AGPA...) or an access key id (AKIA..., ASIA...): letters and digits. */
export const IAM_ID: IdFormat = { words: 'an IAM id (letters and digits)', test: (v) => /^\w{1,128}$/.test(v) };

/** An ARN: `arn:` and then no whitespace. */
export const ARN: IdFormat = { words: 'an ARN (arn:..., no spaces)', test: (v) => /^arn:[^\s\p{Cc}]{1,2040}$/u.test(v) };
