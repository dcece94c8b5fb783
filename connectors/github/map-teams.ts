// Teams -> Entitlement nodes (`ORG/TEAM-SLUG`, the mover rule's words) and
// HOLDS edges. A member of a nested team holds its parent teams too: GitHub
// grants a parent team's access to its child teams' members.
import type { GraphBatch } from '../../src/graph/records.js';
import { baseProps, githubKey, userKey, type OrgContext } from './map-context.js';

export function mapTeams(ctx: OrgContext, out: GraphBatch): void {
  const teams = ctx.snapshot.teams ?? [];
  const bySlug = new Map(teams.map((t) => [t.slug, t]));
  for (const t of teams) {
    const id = `${ctx.org}/${t.slug}`;
    out.nodes.push({
      label: 'Entitlement',
      key: githubKey(ctx.org, 'team', t.slug),
      props: {
        ...baseProps(ctx.org, 'team', t.slug, t.name),
        entitlementId: id,
        slug: t.slug,
        teamId: t.id,
        privacy: t.privacy,
        parentTeam: t.parentSlug ? `${ctx.org}/${t.parentSlug}` : null,
        privileged: false,
      },
    });
  }
  const held = new Set<string>();
  let unknownMembers = 0;
  for (const [slug, members] of ctx.snapshot.teamMembers) {
    if (!bySlug.has(slug)) {
      ctx.warnings.push(`github/${ctx.org}/team-members/${slug}.json: no such team in teams.json, ignored`);
      continue;
    }
    for (const m of members) {
      if (!ctx.logins.has(m.login.toLowerCase())) {
        unknownMembers++;
        continue;
      }
      const seen = new Set<string>();
      // Walk up the parents; `seen` stops a cycle in a broken file from hanging the scan.
      for (let t = bySlug.get(slug); t && !seen.has(t.slug); t = t.parentSlug ? bySlug.get(t.parentSlug) : undefined) {
        seen.add(t.slug);
        const from = userKey(ctx, m.login);
        const to = githubKey(ctx.org, 'team', t.slug);
        if (held.has(from + '\n' + to)) continue;
        held.add(from + '\n' + to);
        out.edges.push({ type: 'HOLDS', from, to, props: { via: t.slug === slug ? 'member' : `child team ${slug}` } });
      }
    }
  }
  if (unknownMembers) ctx.warnings.push(`github/${ctx.org}: ${unknownMembers} team membership(s) of logins not in members.json, ignored`);
}
