// Whether webhook requests (ticket events, the scheduler's job failures) will
// be signed. The secret comes from the environment only, from the variable
// `tickets.webhook.secretEnv` names (DRIFTGRAPH_WEBHOOK_SECRET by default).
// - The config names a variable that is unset: refused before anything runs
//   (the team asked for signed requests; sending them unsigned would be
//   silent). Exit 2, like any config error.
// - No variable named and the default unset: requests go unsigned, said once
//   at start, so nobody finds out from a receiver that accepts forgeries.
import type { Config } from '../config/schema.js';
import { UsageError } from '../util/errors.js';
import { DEFAULT_WEBHOOK_SECRET_ENV } from './sinks/index.js';
import { ticketsOf } from './config.js';

export interface WebhookSigning {
  /** False when there is no webhook at all. */
  configured: boolean;
  signed: boolean;
  /** Said at start when requests go unsigned. */
  warning: string | null;
}

export function webhookSigning(config: Config, env: NodeJS.ProcessEnv = process.env): WebhookSigning {
  const hook = ticketsOf(config)?.webhook;
  if (!hook) return { configured: false, signed: false, warning: null };
  const name = hook.secretEnv ?? DEFAULT_WEBHOOK_SECRET_ENV;
  if (env[name]) return { configured: true, signed: true, warning: null };
  if (hook.secretEnv) {
    throw new UsageError(
      `config tickets.webhook.secretEnv names ${name}, which is not set: webhook requests would go out unsigned. ` +
        `Set ${name} in the environment (never in the config), or remove secretEnv to send unsigned requests on purpose.`,
    );
  }
  return {
    configured: true,
    signed: false,
    warning:
      `tickets.webhook: ${DEFAULT_WEBHOOK_SECRET_ENV} is not set, so webhook requests are sent unsigned ` +
      '(no X-Driftgraph-Signature): a receiver cannot tell them from forged ones. Set it, or name another variable with tickets.webhook.secretEnv.',
  };
}
