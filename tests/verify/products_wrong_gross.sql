-- A deliberately wrong in_stock: the gross price uses 21% instead of 20%.
CREATE TABLE products (id STRING PRIMARY KEY, name STRING, price DOUBLE, stock INT)
  WITH (kafka_topic='products', value_format='JSON');

CREATE TABLE in_stock AS
  SELECT id, UCASE(name) AS label, price * 1.21 AS gross, stock
  FROM products
  WHERE stock > 0;
