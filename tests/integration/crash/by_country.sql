-- by_country in batch: every event joined to its user's country.
SELECT u.country AS country, COUNT(*) AS n, SUM(e.amount) AS total
FROM events e JOIN users u ON e.user = u.id GROUP BY u.country;
