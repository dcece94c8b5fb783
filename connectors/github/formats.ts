// The formats GitHub gives its identifiers (docs/sources/github.md lists which
// field is an identifier and which is free text). A value outside them is
// not read: the org fails, naming the file and JSON path (connectors/lib/id-formats.ts).
import type { IdFormat } from '../lib/id-formats.js';

/**
 * A login: letters, digits and hyphens, starting with a letter or digit, at
 * most 39 characters; an Enterprise Managed User adds `_<shortcode>`, and an
 * app acting as itself is `<app-slug>[bot]`. Hyphens are not checked for
 * pairs or a trailing one: accounts older than that rule keep such logins.
 */
export const LOGIN: IdFormat = {
  words: 'a GitHub login (letters, digits and hyphens, at most 39 characters)',
  test: (v) => {
    const base = v.endsWith('[bot]') ? v.slice(0, -'[bot]'.length) : v;
    return base.length <= 39 && /^[A-Za-z0-9][A-Za-z0-9-]*(?:_[A-Za-z0-9]+)?$/.test(base);
  },
};

/** A repository name: letters, digits, `.`, `_`, `-`, at most 100 characters. */
export const REPO: IdFormat = { words: 'a repository name (letters, digits, ".", "_", "-")', test: (v) => /^[A-Za-z0-9._-]{1,100}$/.test(v) };

/** A team or app slug: the name GitHub derives from a team's or app's name (letters, digits, `-`, `_`, `.`). */
export const SLUG: IdFormat = { words: 'a slug (letters, digits, "-", "_", ".")', test: (v) => /^[\p{L}\p{N}._-]{1,255}$/u.test(v) };

/** An Actions secret name: letters, digits and `_`, not starting with a digit. */
export const SECRET_NAME: IdFormat = { words: 'a secret name (letters, digits and "_")', test: (v) => /^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(v) };
