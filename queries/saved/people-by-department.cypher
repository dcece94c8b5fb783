// name: people-by-department
// title: People by department
// params: (none)
// description: How many current people (not removed from HR) each department has, largest first.
MATCH (p:Person) WHERE p.removedAt IS NULL RETURN p.department AS department, count(p) AS people ORDER BY people DESC
