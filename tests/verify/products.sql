-- Products in stock, with a gross price: a table derived from a table (stateless).
CREATE TABLE products (id STRING PRIMARY KEY, name STRING, price DOUBLE, stock INT)
  WITH (kafka_topic='products', value_format='JSON');

CREATE TABLE in_stock AS
  SELECT id, UCASE(name) AS label, price * 1.2 AS gross, stock
  FROM products
  WHERE stock > 0;
