-- The nightly batch job, in SQLite's dialect: revenue, units and orders per product and day.
-- `sluice verify` loads orders.jsonl into a table ORDERS with the stream's columns (plus
-- ROWTIME, the event time in ms) and runs this query over it.
SELECT product,
       unixepoch(date(order_ts)) * 1000 AS day_start,   -- the day, as the window's start in ms
       SUM(qty * price)                 AS revenue,
       SUM(qty)                         AS units,
       COUNT(*)                         AS orders
FROM orders
GROUP BY product, day_start
ORDER BY day_start, product;
