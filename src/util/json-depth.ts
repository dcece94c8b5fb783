// How deeply a JSON text nests, measured without recursion. Query parameters
// (the web console's body, `query --param-json`) are values: past a few
// levels they are an attempt to make something recursive (a parser, the
// engine's value conversion) run out of stack, which in native code ends the
// process. So deep JSON is refused before anything walks it.

/** The deepest nesting accepted. */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a JSON text, counted without recursion (so a text
 * nested 100,000 deep is measured, not a stack overflow); strings are skipped.
 */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) max = depth;
      if (max > stopAbove) return max;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return max;
}

