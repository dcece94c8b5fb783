// "did you mean": the candidate closest to a misspelled name, when close enough.

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate and how far it is, when close enough to be a typo of it. */
export function closestMatch(name: string, candidates: Iterable<string>): { name: string; distance: number } | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? { name: best, distance: bestD } : null;
}

export function closest(name: string, candidates: Iterable<string>): string | null {
  return closestMatch(name, candidates)?.name ?? null;
}

/** `; did you mean "x"?` or nothing: the tail of an error about an unknown name. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c ? `; did you mean "${c}"?` : '';
}
