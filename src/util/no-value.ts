// The "no value" markers providers and exports write where a field has none:
// the AWS credential report's N/A, no_information and not_supported, empty
// cells, and the null/None a script or spreadsheet writes. Where a value is
// optional a marker means "none"; where it is required, a marker is an error
// (a required timestamp given as "" must not read as "never").
export const NO_VALUE_MARKERS: ReadonlySet<string> = new Set([
  '',
  'N/A',
  'n/a',
  'no_information',
  'not_supported',
  'null',
  'NULL',
  'Null',
  'None',
]);

export function isNoValue(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && NO_VALUE_MARKERS.has(v.trim()));
}
