// The report job: figures from the graph, charts, the files in --out (HTML,
// Markdown, JSON, CSV, PNG) and, when asked, the mails. The command line,
// the scheduler and the tests call this; it never exits the process.
import { withStep } from '../src/graph/internal-query-error.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphStore } from '../src/graph/store.js';
import type { ReportConfig } from '../src/config/schema.js';
import { UsageError } from '../src/util/errors.js';
import { buildReport } from './build-report.js';
import type { ReportData, ReportFigures } from './report-data.js';
import { reportCharts } from './charts/specs.js';
import { renderChart, type RenderedChart } from './charts/render-chart.js';
import { reportHtml, type HtmlChart } from './formats/html.js';
import { reportMarkdown } from './formats/markdown.js';
import { findingsCsv } from './formats/csv.js';
import { terminalSummary } from './formats/terminal.js';
import { sendReportMail, type ReportMail } from './email/send-report.js';
import { teamView } from './email/team-view.js';

export const DEFAULT_REPORT_DIR = join('.driftgraph', 'reports');

export interface ReportJobOptions {
  /** Start of the period (exclusive); default 7 days before the latest scan. */
  since?: string;
  /** Directory for the files; default config.out, else .driftgraph/reports. */
  out?: string;
  /** Send the mail(s) configured in report.email. */
  email?: boolean;
  config?: ReportConfig;
  /** Where DRIFTGRAPH_SMTP_PASSWORD is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface ReportJobResult {
  figures: ReportFigures;
  data: ReportData;
  files: { html: string; markdown: string; json: string; csv: string; charts: string[] };
  sent: { to: string[]; team: string | null; messageId: string }[];
  /** 1 when no scan ran (in the period): the report says so at the top. */
  exitCode: 0 | 1;
  /** What the command line prints by default. */
  summary: string;
}

export async function runReportJob(store: GraphStore, o: ReportJobOptions = {}): Promise<ReportJobResult> {
  const emailConfig = o.config?.email;
  if (o.email && !emailConfig) throw new UsageError('report --email needs report.email in the config (from, to, smtp: {host, port, secure})');
  // Saved queries name their figure themselves; the rest (findings, scans) name the report.
  const data = await buildReport(withStep(store, 'the report'), { since: o.since });
  const f = data.figures;
  const stamp = f.period.until.slice(0, 10);
  const dir = o.out ?? o.config?.out ?? DEFAULT_REPORT_DIR;
  await mkdir(dir, { recursive: true });
  const name = `drift-report-${stamp}`;

  const charts = await Promise.all(reportCharts(f.trends).map(renderChart));
  const htmlCharts = (c: RenderedChart): HtmlChart => ({ id: c.def.id, alt: c.def.alt, width: c.width / 2, height: c.height / 2 });
  const chartFile = (id: string) => `${name}-${id}.png`;

  const files = {
    html: join(dir, `${name}.html`),
    markdown: join(dir, `${name}.md`),
    json: join(dir, `${name}.json`),
    csv: join(dir, `open-findings-${stamp}.csv`),
    charts: charts.map((c) => join(dir, chartFile(c.def.id))),
  };
  const markdown = reportMarkdown(data, charts.map((c) => ({ id: chartFile(c.def.id).replace(/\.png$/, ''), alt: c.def.alt })));
  const csv = findingsCsv(data.lists.open, data.teamsOf);
  await Promise.all([
    writeFile(files.html, reportHtml(data, { charts: charts.map(htmlCharts), imageSrc: chartFile })),
    writeFile(files.markdown, markdown),
    writeFile(files.json, JSON.stringify(f, null, 2) + '\n'),
    writeFile(files.csv, csv),
    ...charts.map((c, i) => writeFile(files.charts[i]!, c.png)),
  ]);

  const sent: ReportJobResult['sent'] = [];
  if (o.email && emailConfig) {
    const mail = (view: ReportData, to: string[], scope?: string, withCharts = true): ReportMail => ({
      to,
      subject: subject(view.figures, scope),
      html: reportHtml(view, {
        charts: withCharts ? charts.map(htmlCharts) : [],
        imageSrc: (id) => `cid:${id}@driftgraph`,
        scope,
      }),
      text: reportMarkdown(view),
      images: withCharts ? charts.map((c) => ({ cid: `${c.def.id}@driftgraph`, filename: `${c.def.id}.png`, png: c.png })) : [],
      csv: { filename: `open-findings-${stamp}.csv`, content: findingsCsv(view.lists.open, view.teamsOf) },
    });
    const messageId = await sendReportMail(emailConfig, mail(data, emailConfig.to), o.env);
    sent.push({ to: emailConfig.to, team: null, messageId });
    for (const [team, to] of Object.entries(emailConfig.perTeam ?? {})) {
      const view = teamView(data, team);
      const id = await sendReportMail(emailConfig, mail(view, to, `findings owned by ${team}; freshness and standing risk are company-wide`, false), o.env);
      sent.push({ to, team, messageId: id });
    }
  }
  const exitCode = data.noScan ? 1 : 0;
  const written = [files.html, files.markdown, files.json, files.csv, ...files.charts];
  const summary =
    terminalSummary(f, written) + sent.map((s) => `sent to ${s.to.join(', ')}${s.team ? ` (${s.team})` : ''}\n`).join('');
  return { figures: f, data, files, sent, exitCode, summary };
}

function subject(f: ReportFigures, scope?: string): string {
  const o = f.findings.open;
  const warn = f.warnings.length ? '[DATA WARNING] ' : '';
  const team = scope ? ` (${scope.split(';')[0]})` : '';
  return (
    `${warn}Drift report ${f.period.until.slice(0, 10)}${team}: ${o.critical} critical, ${o.high} high open; ` +
    `${f.findings.new} new, ${f.findings.resolved} resolved`
  );
}
