// `--param k=v` and `--param-json k=JSON`: query parameters from the command
// line. A value is a string unless its type is given (`--param n:int=5`), so
// an employee id `00123` stays `00123` and `true` stays text unless asked.
import { UsageError } from '../util/errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from '../util/json-depth.js';

export const PARAM_TYPES = ['string', 'int', 'float', 'bool'] as const;
type ParamType = (typeof PARAM_TYPES)[number];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function split(flag: string, pair: string, typed: boolean): { name: string; type: ParamType; raw: string } {
  const i = pair.indexOf('=');
  if (i <= 0) throw new UsageError(`${flag} ${pair}: expected name=value`);
  let name = pair.slice(0, i);
  let type: string = 'string';
  const colon = name.indexOf(':');
  if (typed && colon > 0) {
    type = name.slice(colon + 1);
    name = name.slice(0, colon);
    if (!(PARAM_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`${flag} ${name}:${type}: the type is one of ${PARAM_TYPES.join(', ')}`);
    }
  }
  if (!NAME.test(name)) throw new UsageError(`${flag} ${name}: a parameter name is letters, digits and _ (as in $name)`);
  return { name, type: type as ParamType, raw: pair.slice(i + 1) };
}

function typed(name: string, type: ParamType, raw: string): unknown {
  const bad = () => new UsageError(`--param ${name}:${type}=${raw}: not ${type === 'int' ? 'an' : 'a'} ${type}`);
  switch (type) {
    case 'string':
      return raw;
    case 'int': {
      if (!/^[-+]?\d+$/.test(raw)) throw bad();
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) throw new UsageError(`--param ${name}:int=${raw}: out of the exact integer range`);
      return n;
    }
    case 'float': {
      const n = Number(raw);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) || !Number.isFinite(n)) throw bad();
      return n;
    }
    case 'bool':
      if (raw !== 'true' && raw !== 'false') throw bad();
      return raw === 'true';
  }
}

/** The parameters of `--param` (typed by `name:type=`) and `--param-json` pairs; a name given twice is an error. */
export function queryParams(params: string[] = [], jsonParams: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    if (Object.hasOwn(out, name)) throw new UsageError(`the parameter ${name} is given twice`);
    out[name] = value;
  };
  for (const pair of params) {
    const { name, type, raw } = split('--param', pair, true);
    put(name, typed(name, type, raw));
  }
  for (const pair of jsonParams) {
    const { name, raw } = split('--param-json', pair, false);
    if (jsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new UsageError(`--param-json ${name}: nested deeper than ${MAX_JSON_DEPTH} levels`);
    try {
      put(name, JSON.parse(raw));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--param-json ${name}: not JSON (${(e as Error).message})`);
    }
  }
  return out;
}
