-- sessions in batch: a user's events more than 20 s apart start a new session
-- (gaps and islands), one row per session keyed by its first event's time.
WITH marked AS (
  SELECT user, rowtime, amount,
         CASE WHEN rowtime - LAG(rowtime) OVER (PARTITION BY user ORDER BY rowtime) > 20000
              THEN 1 ELSE 0 END AS starts
  FROM events),
numbered AS (
  SELECT user, rowtime, amount,
         SUM(starts) OVER (PARTITION BY user ORDER BY rowtime ROWS UNBOUNDED PRECEDING) AS session
  FROM marked)
SELECT user, MIN(rowtime) AS windowstart, COUNT(*) AS n, SUM(amount) AS total
FROM numbered GROUP BY user, session;
