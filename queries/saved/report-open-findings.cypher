// name: report-open-findings
// title: Open findings by severity and rule
// params: (none)
// description: The weekly report's "open" figures (findings.open, findings.openByRule): findings whose status is open now, i.e. after the latest scan. Excepted findings are not open.
MATCH (f:Finding)
WHERE f.status = 'open'
RETURN f.severity AS severity, f.ruleId AS rule, count(f) AS findings
ORDER BY severity, rule
