// A JSON array file read element by element, so a System Log of millions of
// events never has to be one string in memory (V8 caps strings well below a
// large log's size). Each element is parsed on its own; an error names the
// file, the line and the element's JSON path.
import { openRegularFile } from './files.js';
import { MAX_JSON_DEPTH, errorOffset } from './json.js';
import { SourceError } from '../../src/util/errors.js';

const WS = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function fail(source: string, file: string, line: number | undefined, path: string | undefined, why: string): never {
  throw new SourceError(source, why, { file, line, path });
}

/**
 * Call `onItem` for every element of the top-level array in `path`. Throws
 * SourceError (file, line, `$[i]`) for anything that is not a JSON array of
 * valid JSON values.
 */
export async function forEachArrayItem(
  source: string,
  path: string,
  file: string,
  onItem: (value: unknown, index: number, line: number) => void,
): Promise<number> {
  let line = 1;
  let started = false; // seen the opening [
  let ended = false; // seen the closing ]
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let pending = ''; // the current element's text from earlier chunks
  let inItem = false;
  let itemLine = 1;
  let index = 0;
  let expectValue = true; // after [ or , a value must come
  let first = true;

  const finish = (text: string) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const at = errorOffset(text);
      let l = itemLine;
      for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) l++;
      fail(source, file, l, `$[${index}]`, 'not valid JSON');
    }
    onItem(value, index, itemLine);
    index++;
    inItem = false;
    pending = '';
  };

  // Regular files only (connectors/lib/files.ts): a FIFO or a device would hang the scan while it holds the store's lock.
  const handle = await openRegularFile(path, file, source);
  if (handle === null) fail(source, file, undefined, undefined, 'cannot be read: ENOENT');
  const stream = handle.createReadStream({ encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let s = chunk as string;
      if (first) {
        first = false;
        if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      }
      let itemStart = inItem ? 0 : -1;
      // Strings are most of a log: jump from quote to quote (a valid JSON
      // string holds no raw line break, so no line is skipped).
      let nextBackslash = -2;
      for (let i = 0; i < s.length; i++) {
        if (inItem && inString) {
          if (escaped) {
            escaped = false;
            continue;
          }
          if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = s.indexOf('\\', i);
          const quote = s.indexOf('"', i);
          if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
            i = nextBackslash;
            escaped = true;
            continue;
          }
          if (quote === -1) {
            i = s.length;
            continue;
          }
          i = quote;
          inString = false;
          continue;
        }
        const c = s.charCodeAt(i);
        if (c === 10) line++;
        if (inItem) {
          if (c === 34) inString = true;
          else if (c === 123 || c === 91) {
            // Deeper than any System Log event: recursive code after the parser would overflow on it.
            if (++depth > MAX_JSON_DEPTH) fail(source, file, line, `$[${index}]`, `nested deeper than ${MAX_JSON_DEPTH} levels: not a System Log event`);
          } else if (c === 125 || c === 93) {
            if (depth === 0) {
              // The array's closing bracket right after a scalar element.
              finish(pending + s.slice(itemStart, i));
              ended = true;
              continue;
            }
            depth--;
          } else if (c === 44 && depth === 0) {
            finish(pending + s.slice(itemStart, i));
            expectValue = true;
          }
          continue;
        }
        if (WS(c)) continue;
        if (ended) fail(source, file, line, undefined, 'not valid JSON: text after the closing ]');
        if (!started) {
          if (c !== 91) fail(source, file, line, '$', 'expected a JSON array of events');
          started = true;
          continue;
        }
        if (c === 93) {
          if (index > 0 && expectValue) fail(source, file, line, `$[${index}]`, 'not valid JSON: a value is missing');
          ended = true;
          continue;
        }
        if (c === 44) {
          if (expectValue) fail(source, file, line, `$[${index}]`, 'not valid JSON: a value is missing');
          expectValue = true;
          continue;
        }
        if (!expectValue) fail(source, file, line, `$[${index}]`, 'not valid JSON: a comma is missing');
        // The start of an element.
        inItem = true;
        expectValue = false;
        itemLine = line;
        itemStart = i;
        depth = 0;
        if (c === 123 || c === 91) depth = 1;
        else if (c === 34) inString = true;
      }
      if (inItem) pending += s.slice(itemStart);
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof SourceError) throw e;
    fail(source, file, line, undefined, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!started) fail(source, file, line, '$', 'expected a JSON array of events');
  if (inItem || !ended) fail(source, file, line, `$[${index}]`, 'not valid JSON: the array is not closed');
  return index;
}
