// One org, `acme`, with a case of every GitHub rule and its near misses,
// beside the HR people and catalog it refers to. Used by the GitHub rule,
// mapping and fixture tests.
import { ago, dateAgo, type Estate, type GithubOrg, type Person } from '../helpers/estate.js';

export const NOW = '2026-11-20T02:00:00Z';
export const ORG = 'acme';

const person = (id: string, name: string, department = 'engineering', extra: Partial<Person> = {}): Person => ({
  id,
  email: `${name}@example.com`,
  name,
  department,
  ...extra,
});

export const people: Person[] = [
  person('E1', 'ana'),
  person('E2', 'bob', 'engineering', { status: 'terminated', endDate: dateAgo(NOW, 60) }),
  person('E3', 'cara'),
  person('E4', 'dev'),
  person('E5', 'mo', 'data'),
  person('E6', 'p1', 'payments'),
  person('E7', 'p2', 'payments'),
  person('E8', 'p3', 'payments'),
  person('E10', 'p4', 'payments'),
  person('E9', 'mi'),
  person('E11', 'd1', 'data'),
  person('E12', 'd2', 'data'),
  person('E13', 'd3', 'data'),
  person('E14', 'newbie'),
];

const recent = ago(NOW, 1);
const saml = (name: string) => ({ nameId: `${name}@example.com` });

export function acme(): GithubOrg {
  const everyoneActive = ['ana', 'bob', 'dev', 'mo', 'mi', 'p1', 'p2', 'p3', 'p4', 'd1', 'd2', 'd3', 'ci-bot', 'build-bot', 'ext-contractor'];
  return {
    name: ORG,
    users: [
      // nameId differs from HR only in case: still linked.
      { login: 'ana', admin: true, saml: { nameId: 'ANA@Example.COM' } },
      { login: 'bob', saml: saml('bob') },
      // Emails as objects {value, primary, type}; no nameId.
      { login: 'cara', twoFactorOff: true, saml: { nameId: null, emails: [{ value: 'Cara@example.com', primary: true, type: 'work' }] } },
      { login: 'dev', twoFactorOff: true, saml: { nameId: 'dev@example.com', emails: ['dev@example.com'] } },
      ...['mo', 'mi', 'p1', 'p2', 'p3', 'p4', 'd1', 'd2', 'd3', 'newbie'].map((n) => ({ login: n, saml: saml(n) })),
      { login: 'ci-bot' },
      { login: 'build-bot' },
      { login: 'ext-contractor', outside: true },
    ],
    teams: [
      { slug: 'payments', name: 'Payments', members: ['p1', 'mo', 'mi'] },
      // Nested: its members hold `payments` too.
      { slug: 'payments-oncall', name: 'Payments on-call', parent: 'payments', members: ['p2', 'p3'] },
      { slug: 'data', name: 'Data', members: ['d1', 'd2', 'd3', 'mo'] },
    ],
    repos: [
      {
        name: 'api',
        collaborators: [
          { login: 'cara', role: 'admin' },
          { login: 'dev', role: 'maintain' },
          { login: 'ext-contractor', role: 'write' },
        ],
        deployKeys: [
          { id: 9001, title: 'bob-laptop-deploy', created: ago(NOW, 400), addedBy: 'bob', lastUsed: recent },
          { id: 9002, title: 'mystery-key', created: ago(NOW, 20), addedBy: null, lastUsed: ago(NOW, 2) },
          { id: 9003, title: 'disabled-key', created: ago(NOW, 400), addedBy: null, lastUsed: null, enabled: false },
          { id: 9004, title: 'never-used-key', created: ago(NOW, 60), addedBy: 'ana', lastUsed: null },
          { id: 9005, title: 'api-deployer', created: ago(NOW, 200), addedBy: null, lastUsed: ago(NOW, 100) },
          { id: 9006, title: 'legacy-sync-key', created: ago(NOW, 10), addedBy: null, lastUsed: recent },
        ],
      },
    ],
    installations: [
      { id: 555, slug: 'deploy-bot', created: ago(NOW, 50) },
      { id: 556, slug: 'old-app', created: ago(NOW, 50) },
      { id: 557, slug: 'gone-app', created: ago(NOW, 50), suspended: ago(NOW, 5) },
      { id: 558, slug: 'legacy-sync', created: ago(NOW, 50) },
    ],
    tokens: [
      { grantId: 71, tokenId: 7001, owner: 'bob', name: 'bob-ci', granted: ago(NOW, 20), expiresAt: ago(NOW, -30), lastUsed: recent },
      { grantId: 72, tokenId: 7002, owner: 'bob', name: 'bob-old', granted: ago(NOW, 300), expired: true, expiresAt: null, lastUsed: ago(NOW, 200) },
      { grantId: 73, tokenId: 7003, owner: 'ana', name: 'ana-forever', granted: ago(NOW, 10), expiresAt: null, lastUsed: recent },
      { grantId: 74, tokenId: 7004, owner: 'ana', name: 'ana-expiring', granted: ago(NOW, 200), expiresAt: ago(NOW, -10), lastUsed: recent },
      { grantId: 75, tokenId: 7005, owner: 'dev', name: 'dev-scripts', granted: ago(NOW, 200), expiresAt: ago(NOW, -10), lastUsed: ago(NOW, 100) },
    ],
    authorizations: [
      { credentialId: 8001, login: 'bob', authorized: ago(NOW, 10), accessed: recent, expires: ago(NOW, -60) },
      { credentialId: 8002, login: 'ana', type: 'SSH key', authorized: ago(NOW, 20), accessed: recent },
      { credentialId: 8003, login: 'cara', authorized: ago(NOW, 20), accessed: null, expires: null },
      { credentialId: 8004, login: 'p1', authorized: ago(NOW, 60), accessed: null, expires: ago(NOW, -60) },
    ],
    secrets: [
      { name: 'OLD_TOKEN', created: ago(NOW, 300), updated: ago(NOW, 200) },
      { name: 'NEW_TOKEN', created: ago(NOW, 400), updated: ago(NOW, 10) },
    ],
    auditLog: [
      // The log's first entry: members it never saw added were members before it.
      { at: ago(NOW, 200), action: 'org.update_member', actor: 'ana', user: 'dev' },
      { at: ago(NOW, 120), action: 'repo.access', actor: 'cara' },
      { at: ago(NOW, 30), action: 'org.add_member', actor: 'ana', user: 'newbie' },
      ...everyoneActive.map((actor) => ({ at: recent, action: 'git.clone', actor })),
    ],
  };
}

export function acmeEstate(org: GithubOrg = acme()): Estate {
  return {
    collectedAt: NOW,
    people,
    events: [
      { id: 'E5', event: 'mover', date: dateAgo(NOW, 45), fromDepartment: 'payments', toDepartment: 'data' },
      { id: 'E9', event: 'mover', date: dateAgo(NOW, 10), fromDepartment: 'payments', toDepartment: 'engineering' },
    ],
    catalog: {
      groups: [{ name: 'platform', members: ['ana', 'cara'] }],
      users: [
        { name: 'ana', email: 'ana@example.com' },
        { name: 'cara', email: 'cara@example.com' },
      ],
      services: [
        { name: 'api-deployer', owner: 'platform', identities: ['github-deploy-key:api/9005'] },
        { name: 'ci-secrets', kind: 'Resource', owner: 'platform', identities: ['github-secret:acme/OLD_TOKEN', 'github-secret:acme/NEW_TOKEN'] },
        { name: 'deployer', owner: 'platform', identities: ['github-app:deploy-bot'] },
        { name: 'release', owner: 'platform', identities: ['github-app:deploy-bot'] },
        { name: 'legacy', owner: 'platform', lifecycle: 'deprecated', identities: ['github-app:legacy-sync', 'github-deploy-key:api/9006'] },
      ],
    },
    github: [org],
  };
}

/** build-bot is a bot by design. */
export const CONFIG = { links: { bots: [{ source: 'github', account: 'build-bot' }] } };
