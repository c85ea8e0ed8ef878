-- Large orders with their amounts: a stream derived from a stream (stateless). The order
-- time is text, read with TIMESTAMP_FORMAT; prices are DECIMAL.
CREATE STREAM orders (order_id STRING KEY, product STRING, qty INT, price DECIMAL(10, 2),
                      order_time STRING)
  WITH (kafka_topic='orders', value_format='JSON', timestamp='order_time',
        timestamp_format='yyyy-MM-dd''T''HH:mm:ssX');

CREATE STREAM big_orders AS
  SELECT order_id, product, qty, qty * price AS amount
  FROM orders
  WHERE qty >= 3;
