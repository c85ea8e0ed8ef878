-- per_user_minute in batch: one row per user and minute.
SELECT user, (rowtime / 60000) * 60000 AS windowstart, COUNT(*) AS n, SUM(amount) AS total
FROM events GROUP BY user, windowstart;
