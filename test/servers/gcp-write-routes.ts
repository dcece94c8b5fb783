// The GCP calls revocation makes, over the local server's projects: IAM v1
// service account and key get/disable/enable, and Resource Manager v3
// setIamPolicy with Google's optimistic concurrency (a policy whose etag is
// not the current one is refused with 409 ABORTED). `concurrentChanges`
// makes another writer change the policy just before the next N writes.
import type { ServerResponse } from 'node:http';
import type { ServedProject } from './gcp-server.js';

type Json = Record<string, unknown>;

export interface GcpWriteState {
  /** Every change made: `disable serviceAccount a@p.iam.gserviceaccount.com`, `setIamPolicy p remove roles/x user:a`. */
  writes: string[];
  /** The next N setIamPolicy calls find the policy changed by someone else first (409). */
  concurrentChanges: number;
  /** Answer the next N write calls (POST) with this status. */
  failWrites: { status: number; times: number };
}

let etagNo = 0;
const newEtag = () => Buffer.from(`etag-${++etagNo}-${Date.now()}`).toString('base64');

/** Handles the route and returns true, or returns false when it is not a revocation route. */
export function gcpWriteRoute(
  method: string,
  path: string,
  body: Json,
  projects: ServedProject[],
  state: GcpWriteState,
  send: (status: number, body: unknown) => void,
  error: (status: number, message?: string) => void,
): boolean {
  let m = /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/:]+)(?::(disable|enable))?$/.exec(path);
  const k = /^\/v1\/(projects\/[^/]+\/serviceAccounts\/[^/]+\/keys\/[^/:]+)(?::(disable|enable))?$/.exec(path);
  const setPolicy = /^\/v3\/projects\/([^/:]+):setIamPolicy$/.exec(path);
  if (!m && !k && !setPolicy) return false;
  if (method === 'POST' && state.failWrites.times > 0) {
    state.failWrites.times--;
    error(state.failWrites.status);
    return true;
  }
  if (k) {
    const key = projects.flatMap((p) => p.keys).find((x) => x.name === k[1]);
    if (!key) return error(404, `Service account key ${k[1]} does not exist.`), true;
    if (method === 'GET' && !k[2]) return send(200, key), true;
    if (method === 'POST' && k[2]) {
      if (k[2] === 'disable') key.disabled = true;
      else delete key.disabled;
      state.writes.push(`${k[2]} key ${k[1]}`);
      return send(200, {}), true;
    }
    return error(405), true;
  }
  if (m) {
    const email = m[2]!;
    const sa = projects.flatMap((p) => p.serviceAccounts).find((s) => s.email === email || s.uniqueId === email);
    if (!sa) return error(404, `Service account projects/${m[1]}/serviceAccounts/${email} does not exist.`), true;
    if (method === 'GET' && !m[3]) return send(200, sa), true;
    if (method === 'POST' && m[3]) {
      if (m[3] === 'disable') sa.disabled = true;
      else delete sa.disabled;
      state.writes.push(`${m[3]} serviceAccount ${email}`);
      return send(200, {}), true;
    }
    return error(405), true;
  }
  m = setPolicy;
  const project = projects.find((p) => p.projectId === m![1] || p.number === m![1]);
  if (!project) return error(403, 'The caller does not have permission'), true;
  if (method !== 'POST') return error(405), true;
  if (state.concurrentChanges > 0) {
    state.concurrentChanges--;
    project.policy = { ...project.policy, etag: newEtag(), bindings: [...((project.policy.bindings as Json[]) ?? []), { role: 'roles/viewer', members: [`user:someone-else-${etagNo}@example.com`] }] };
  }
  const policy = body.policy as Json | undefined;
  if (!policy || !Array.isArray(policy.bindings)) return error(400, 'policy is required'), true;
  if (policy.etag !== undefined && policy.etag !== project.policy.etag) {
    send(409, { error: { code: 409, message: 'There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.', status: 'ABORTED' } });
    return true;
  }
  const before = new Set(((project.policy.bindings as Json[]) ?? []).flatMap((b) => (b.members as string[]).map((x) => `${b.role} ${x}`)));
  const after = new Set((policy.bindings as Json[]).flatMap((b) => ((b.members as string[]) ?? []).map((x) => `${b.role} ${x}`)));
  for (const x of before) if (!after.has(x)) state.writes.push(`setIamPolicy ${project.projectId} remove ${x}`);
  for (const x of after) if (!before.has(x)) state.writes.push(`setIamPolicy ${project.projectId} add ${x}`);
  project.policy = { ...policy, version: policy.version ?? 3, etag: newEtag() };
  send(200, project.policy);
  return true;
}

export type { ServerResponse };
