-- The batch job by_product replaces, in SQLite's dialect. ksqlDB's SUM starts at 0 and
-- skips NULLs, so a product whose prices are all NULL sums to 0; SQLite's SUM gives NULL
-- there, hence the COALESCE.
SELECT product,
       SUM(qty)                         AS units,
       COALESCE(SUM(qty * price), 0)    AS revenue,
       COUNT(*)                         AS orders
FROM orders
GROUP BY product;
