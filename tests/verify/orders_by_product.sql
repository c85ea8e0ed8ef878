-- Units and revenue per product over all orders: an unwindowed aggregation (needs GROUP BY).
CREATE STREAM orders (order_id STRING KEY, product STRING, qty INT, price DECIMAL(10, 2),
                      order_time STRING)
  WITH (kafka_topic='orders', value_format='JSON', timestamp='order_time',
        timestamp_format='yyyy-MM-dd''T''HH:mm:ssX');

CREATE TABLE by_product AS
  SELECT product, SUM(qty) AS units, SUM(qty * price) AS revenue, COUNT(*) AS orders
  FROM orders
  GROUP BY product;
