// One owner team's view of the report, for its own mail: the finding lists
// and the open/new/resolved counts hold only the team's findings; freshness
// and standing risk stay company-wide (the mail says so).
import type { StoredFinding } from '../../src/findings/finding-store.js';
import type { ReportData } from '../report-data.js';
import { zeroSeverities } from '../figures/findings.js';

export function teamsOfFinding(data: ReportData, f: StoredFinding): string[] {
  return data.teamsOf.get(f.id) ?? f.owners.filter((o) => o.kind === 'team').map((o) => o.id);
}

export function teamView(data: ReportData, team: string): ReportData {
  // Entity refs are lower case in the graph; the config may not be.
  const ref = team.toLowerCase();
  const mine = (list: StoredFinding[]) => list.filter((f) => teamsOfFinding(data, f).includes(ref));
  const lists = {
    open: mine(data.lists.open),
    new: mine(data.lists.new),
    resolved: mine(data.lists.resolved),
    reopened: mine(data.lists.reopened),
    exceptionExpired: mine(data.lists.exceptionExpired),
  };
  const open = { ...zeroSeverities(), total: lists.open.length };
  for (const f of lists.open) open[f.severity]++;
  const newBySeverity = zeroSeverities();
  for (const f of lists.new) newBySeverity[f.severity]++;
  const f = data.figures;
  return {
    ...data,
    lists,
    figures: {
      ...f,
      findings: {
        ...f.findings,
        open,
        openByRule: Object.fromEntries(
          [...new Set(lists.open.map((x) => x.ruleId))].map((r) => [r, lists.open.filter((x) => x.ruleId === r).length]),
        ),
        new: lists.new.length,
        newBySeverity,
        resolved: lists.resolved.length,
        reopened: lists.reopened.length,
      },
      byTeam: f.byTeam.filter((t) => t.team === ref),
      byContainer: [],
    },
  };
}
