// The real command line without blocking this process: the local sink
// servers live here and must answer while the command runs.
import { cliAsync as cliAsyncAt, type CliResult } from '../helpers/cli.js';

export function cliAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return cliAsyncAt(args, { env });
}
