-- The batch job daily_top replaces: the day comes as day_start.
SELECT product, windowstart AS day_start, units, revenue / units AS avg_price
FROM daily
WHERE units > 5;
