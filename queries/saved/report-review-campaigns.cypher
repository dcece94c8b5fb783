// name: report-review-campaigns
// title: Access review campaigns still open
// params: (none)
// description: The weekly report's reviews figures: each access review campaign not closed, with its items by status as the latest scan or review command copied them from the campaign's files (open, decided, answered by another reviewer, not mine).
MATCH (c:ReviewCampaign)
WHERE c.closedAt IS NULL
MATCH (i:ReviewItem)
WHERE i.campaignId = c.id
RETURN c.id AS campaign, c.scope AS scope, c.due AS due, i.status AS status, count(i) AS items
ORDER BY campaign, status
