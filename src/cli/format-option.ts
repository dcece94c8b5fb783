import { UsageError } from '../util/errors.js';
import type { Format } from './output.js';

export function parseFormat(value: string | undefined): Format {
  const f = (value ?? 'table').toLowerCase();
  if (f !== 'table' && f !== 'json' && f !== 'csv') throw new UsageError(`--format ${value}: one of table, json, csv`);
  return f;
}
