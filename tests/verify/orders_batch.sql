-- The batch job big_orders replaces, in SQLite's dialect.
SELECT order_id, product, qty, qty * price AS amount
FROM orders
WHERE qty >= 3;
