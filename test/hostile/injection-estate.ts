// An estate whose every provider-controlled name carries shell, markup and
// terminal payloads, shaped so that most rules fire on them: the input of the
// remediation, output and ticket injection tests.
import { ADMIN, ago, dateAgo, type Estate } from '../helpers/estate.js';

export const NOW = '2026-11-20T02:00:00Z';
export const ACCT = '111111111111';
export const PROJECT = 'inj-project';

/** Each payload tries to run `touch <marker>` when pasted into a shell. */
export const SHELL_PAYLOADS = [
  'a;touch PWNED1',
  'b$(touch PWNED2)',
  'c`touch PWNED3`',
  "d'$(touch PWNED4)'",
  'e"$(touch PWNED5)"',
  'f|touch PWNED6',
  'g&&touch PWNED7',
  'h\ntouch PWNED8',
  '-i --output=PWNED9',
];

// SCIM ids hold no whitespace (an id with a space fails its app), so the
// payloads' spaces are the shell's ${IFS} there: still a command if pasted.
export function injectionEstate(): Estate {
  const users = SHELL_PAYLOADS.map((name, i) => ({
    name,
    password: true,
    mfa: false,
    policies: i % 2 ? [ADMIN] : [],
    groups: ['devs'],
    tags: (i === 0 ? { email: 'leaver@example.com' } : i === 1 ? { owner: 'nobody@example.com' } : {}) as Record<string, string>,
    keys: [{ id: `AKIAINJ${String(i).padStart(13, '0')}`, created: ago(NOW, 400), lastUsed: i % 3 ? ago(NOW, 200) : undefined }],
  }));
  const roles = SHELL_PAYLOADS.map((name) => ({
    name: `role-${name}`,
    lastUsed: ago(NOW, 1),
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/*' } },
        },
      ],
    },
  }));
  return {
    collectedAt: NOW,
    people: [
      { id: 'E1', email: 'leaver@example.com', status: 'terminated', endDate: dateAgo(NOW, 30), name: 'Left <script>alert(1)</script>' },
      { id: 'E2', email: 'stay@example.com' },
    ],
    catalog: {
      services: [
        { name: 'retired-svc', lifecycle: 'retired', owner: 'group:default/gone', identities: roles.slice(0, 3).map((r) => `arn:aws:iam::${ACCT}:role/${r.name}`) },
      ],
    },
    aws: [{ id: ACCT, root: { mfa: false }, users, roles, groups: [{ name: 'devs' }] }],
    gcp: [
      {
        id: PROJECT,
        serviceAccounts: SHELL_PAYLOADS.slice(0, 4).map((p, i) => ({
          id: `sa-${i}`,
          displayName: p,
          keys: [{ id: `k${i}${'0'.repeat(38)}`, validAfter: ago(NOW, 300) }],
        })),
        bindings: [{ role: 'roles/editor', members: SHELL_PAYLOADS.slice(0, 3).map((p) => `user:${p.replace(/\s/g, '')}@evil.example`) }],
      },
    ],
    scim: [{ name: 'app', users: SHELL_PAYLOADS.slice(0, 4).map((p, i) => ({ id: `id-${p.replace(/\s/g, '${IFS}')}`, userName: `user${i}@nowhere.example` })) }],
  };
}
