-- The batch job in_stock replaces, in SQLite's dialect.
SELECT id, upper(name) AS label, price * 1.2 AS gross, stock
FROM products
WHERE stock > 0;
