// The report's charts as declarative vega-lite specs, from the weekly trends.
// Fixed pixel size (autosize fit), a white background of their own and
// mid-tone colours, so a PNG reads the same in light and dark mail clients.
import type { TopLevelSpec } from 'vega-lite';
import type { TrendWeek } from '../report-data.js';

export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 240;

export const SEVERITY_COLOURS = { critical: '#b42318', high: '#dc6803', medium: '#eaaa08', low: '#667085' } as const;
const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

export interface ChartDef {
  /** File and Content-ID name. */
  id: string;
  title: string;
  /** Text for the <img alt> (what the chart says, for readers without images). */
  alt: string;
  spec: TopLevelSpec;
}

const week = (t: TrendWeek) => t.weekEnd.slice(0, 10);

function base(title: string): Partial<TopLevelSpec> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    background: '#ffffff',
    padding: 12,
    title: { text: title, anchor: 'start', font: FONT, fontSize: 14, color: '#101828' },
    config: {
      font: FONT,
      axis: { labelColor: '#344054', titleColor: '#344054', gridColor: '#eaecf0', labelFont: FONT, titleFont: FONT },
      legend: { labelColor: '#344054', titleColor: '#344054', labelFont: FONT, titleFont: FONT, orient: 'top' },
      view: { stroke: null },
    },
  } as Partial<TopLevelSpec>;
}

/** A chart with nothing to draw says so, at the same size. */
function emptyChart(title: string, message: string): TopLevelSpec {
  return {
    ...base(title),
    data: { values: [{ message }] },
    mark: { type: 'text', fontSize: 14, color: '#475467' },
    encoding: { text: { field: 'message', type: 'nominal' } },
  } as TopLevelSpec;
}

export function openBySeverityChart(trends: TrendWeek[]): ChartDef {
  const values = trends.flatMap((t) =>
    (['critical', 'high', 'medium', 'low'] as const).map((s) => ({ week: week(t), severity: s, findings: t.open?.[s] ?? 0, order: ['critical', 'high', 'medium', 'low'].indexOf(s) })),
  );
  const last = trends.at(-1)?.open;
  return {
    id: 'open-by-severity',
    title: 'Open findings by severity',
    alt: last
      ? `Open findings by severity, week by week; now ${last.critical} critical, ${last.high} high, ${last.medium} medium, ${last.low} low.`
      : 'Open findings by severity, week by week.',
    spec: {
      ...base('Open findings by severity, per week'),
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'week', type: 'ordinal', title: 'week ending', axis: { labelAngle: 0 } },
        y: { field: 'findings', type: 'quantitative', stack: 'zero', title: 'open findings' },
        color: {
          field: 'severity',
          type: 'nominal',
          scale: { domain: Object.keys(SEVERITY_COLOURS), range: Object.values(SEVERITY_COLOURS) },
          title: null,
        },
        order: { field: 'order', type: 'quantitative' },
      },
    } as TopLevelSpec,
  };
}

export function newVsResolvedChart(trends: TrendWeek[]): ChartDef {
  const values = trends.flatMap((t) => [
    { week: week(t), kind: 'new', findings: t.new },
    { week: week(t), kind: 'resolved', findings: t.resolved },
  ]);
  const last = trends.at(-1);
  return {
    id: 'new-vs-resolved',
    title: 'New vs resolved findings',
    alt: last ? `New vs resolved findings per week; last week ${last.new} new and ${last.resolved} resolved.` : 'New vs resolved findings per week.',
    spec: {
      ...base('New vs resolved findings, per week'),
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'week', type: 'ordinal', title: 'week ending', axis: { labelAngle: 0 } },
        xOffset: { field: 'kind' },
        y: { field: 'findings', type: 'quantitative', title: 'findings' },
        color: { field: 'kind', type: 'nominal', scale: { domain: ['new', 'resolved'], range: ['#c4320a', '#12b76a'] }, title: null },
      },
    } as TopLevelSpec,
  };
}

export function timeToRevokeChart(trends: TrendWeek[]): ChartDef {
  const values = trends.flatMap((t) => [
    { week: week(t), measure: 'median', hours: t.timeToRevokeMedian },
    { week: week(t), measure: 'p90', hours: t.timeToRevokeP90 },
  ]);
  const last = trends.at(-1);
  return {
    id: 'time-to-revoke',
    title: 'Time to revoke leavers (hours)',
    alt:
      last && last.timeToRevokeMedian !== null
        ? `Time to revoke leavers' access per week; last week median ${last.timeToRevokeMedian} h, p90 ${last.timeToRevokeP90} h.`
        : 'Time to revoke leavers\' access per week, median and p90, in hours.',
    spec: !values.some((v) => v.hours !== null)
      ? emptyChart('Time to revoke leavers, median and p90 (hours)', 'No leaver lost their last access in these weeks.')
      : ({
      ...base('Time to revoke leavers, median and p90 (hours)'),
      data: { values: values.filter((v) => v.hours !== null) },
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { field: 'week', type: 'ordinal', title: 'week ending', axis: { labelAngle: 0 }, scale: { domain: trends.map(week) } },
        y: { field: 'hours', type: 'quantitative', title: 'hours', scale: { zero: true } },
        color: { field: 'measure', type: 'nominal', scale: { domain: ['median', 'p90'], range: ['#1570ef', '#7a5af8'] }, title: null },
      },
    } as TopLevelSpec),
  };
}

export function reportCharts(trends: TrendWeek[]): ChartDef[] {
  return [openBySeverityChart(trends), newVsResolvedChart(trends), timeToRevokeChart(trends)];
}
