-- A deliberately wrong in_stock: the filter is off by one.
CREATE TABLE products (id STRING PRIMARY KEY, name STRING, price DOUBLE, stock INT)
  WITH (kafka_topic='products', value_format='JSON');

CREATE TABLE in_stock AS
  SELECT id, UCASE(name) AS label, price * 1.2 AS gross, stock
  FROM products
  WHERE stock > 1;  -- off by one: drops the last item of a product
