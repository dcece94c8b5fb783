// Okta writes `client.geographicalContext.country` as an English country name
// (from its GeoIP database); HR writes ISO 3166-1 alpha-2. The full table of
// i18n-iso-countries (every country's official and common English names)
// does the mapping; a name it lacks in that exact form ("Syria", "Moldova")
// is matched when it begins exactly one country's name.
// The library without its Node entry, which loads all of its ~80 languages at
// start (a third of a second on every command): English is the one used.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js';

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

let prefixIndex: [name: string, code: string][] | null = null;

function byPrefix(name: string): string | null {
  if (!prefixIndex) {
    prefixIndex = [];
    for (const [code, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
      for (const n of names as string[]) prefixIndex.push([fold(n), code]);
    }
  }
  const codes = new Set(prefixIndex.filter(([n]) => n.startsWith(name)).map(([, c]) => c));
  return codes.size === 1 ? [...codes][0]! : null;
}

const cache = new Map<string, string | null>();

/** An English country name (or an ISO code) -> ISO 3166-1 alpha-2; null when no country matches. */
export function countryCode(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const raw = value.trim();
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  let code: string | null = null;
  if (/^[A-Za-z]{2}$/.test(raw) && countries.isValid(raw.toUpperCase())) code = raw.toUpperCase();
  else if (/^[A-Za-z]{3}$/.test(raw) && countries.isValid(raw.toUpperCase())) code = countries.alpha3ToAlpha2(raw.toUpperCase()) ?? null;
  else code = countries.getAlpha2Code(raw, 'en') ?? (fold(raw).length >= 4 ? byPrefix(fold(raw)) : null);
  cache.set(raw, code);
  return code;
}
