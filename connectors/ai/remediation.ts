// The exact admin API call per action on an AI provider subject, as `curl`.
// The admin key is read from an environment variable by the shell
// (`$OPENAI_ADMIN_KEY`, `$ANTHROPIC_ADMIN_KEY`): a command never holds a key.
// Every provider value is a URL-encoded path segment inside a shell-quoted
// URL, so a hostile id stays one literal word.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';
import { ANTHROPIC_VERSION, DEFAULT_URLS } from './files.js';
import { ANTHROPIC_TYPES } from './map-anthropic.js';
import { OPENAI_TYPES } from './map-openai.js';

const seg = (v: unknown) => encodeURIComponent(String(v ?? ''));
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const own = (i: RemediationInput) => i.subject.source === 'ai';

function openai(method: string, parts: unknown[]): string {
  const url = `${DEFAULT_URLS.openai}/v1/organization/${parts.map(seg).join('/')}`;
  return `curl -sS -X ${method} ${q(url)} -H "Authorization: Bearer $OPENAI_ADMIN_KEY"`;
}

function anthropic(method: string, parts: unknown[], body?: unknown): string {
  const url = `${DEFAULT_URLS.anthropic}/v1/organizations/${parts.map(seg).join('/')}`;
  const data = body === undefined ? '' : ` -H 'content-type: application/json' -d ${q(JSON.stringify(body))}`;
  return `curl -sS -X ${method} ${q(url)} -H "x-api-key: $ANTHROPIC_ADMIN_KEY" -H ${q(`anthropic-version: ${ANTHROPIC_VERSION}`)}${data}`;
}

/** Remove a member from the organization: their OpenAI keys stop working with them. */
function removeUser(i: RemediationInput): string | null {
  if (!own(i)) return null;
  if (i.subject.type === OPENAI_TYPES.user) return openai('DELETE', ['users', i.subject.id]);
  if (i.subject.type === ANTHROPIC_TYPES.user) return anthropic('DELETE', ['users', i.subject.id]);
  return null;
}

/** Delete an OpenAI key (they cannot be paused); set an Anthropic key inactive (reversible). */
function revokeKey(i: RemediationInput): string | null {
  if (!own(i)) return null;
  const { type, id } = i.subject;
  if (type === OPENAI_TYPES.adminKey) return openai('DELETE', ['admin_api_keys', id]);
  if (type === OPENAI_TYPES.projectKey) {
    const project = str(i.props.projectId);
    return project ? openai('DELETE', ['projects', project, 'api_keys', id]) : null;
  }
  if (type === ANTHROPIC_TYPES.apiKey) return anthropic('POST', ['api_keys', id], { status: 'inactive' });
  return null;
}

/** Retire an NHI: an OpenAI service account is deleted with its key; an Anthropic key is set inactive. */
function decommission(i: RemediationInput): string | null {
  if (!own(i)) return null;
  if (i.subject.type === OPENAI_TYPES.serviceAccount) {
    const project = str(i.props.projectId);
    return project ? openai('DELETE', ['projects', project, 'service_accounts', i.subject.id]) : null;
  }
  return revokeKey(i);
}

export const aiRemediations: Partial<Record<string, RemediationTemplate>> = {
  'disable-account': removeUser,
  'deactivate-credential': revokeKey,
  'rotate-credential': revokeKey,
  'decommission-identity': decommission,
};
