// Lists written in annotations: one per line, comma-separated or
// space-separated (docs/rules.md "Lists in tags and annotations").

export function splitList(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
