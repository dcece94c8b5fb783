// name: report-open-by-container
// title: Open findings by source and container
// params: (none)
// description: The weekly report's byContainer breakdown: open findings per source and container (AWS account, GCP project, GitHub org, SCIM app; empty for hr and catalog) and severity.
MATCH (f:Finding)
WHERE f.status = 'open'
RETURN f.subjectSource AS source, coalesce(f.subjectContainer, '') AS container, f.severity AS severity, count(f) AS findings
ORDER BY source, container, severity
