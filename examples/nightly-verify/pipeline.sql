-- The streaming replacement of the nightly revenue job: orders flow in as they happen and
-- DAILY_REVENUE keeps, per product and day, the revenue, units and order count so far.

CREATE STREAM orders (
    order_id STRING KEY,
    product  STRING,
    qty      INT,
    price    DOUBLE,
    order_ts STRING
) WITH (
    kafka_topic = 'orders',
    value_format = 'JSON',
    timestamp = 'order_ts',                            -- event time: when the order was placed
    timestamp_format = 'yyyy-MM-dd''T''HH:mm:ssX'
);

CREATE TABLE daily_revenue AS
  SELECT product,
         SUM(qty * price) AS revenue,
         SUM(qty)         AS units,
         COUNT(*)         AS orders
  FROM orders
  WINDOW TUMBLING (SIZE 1 DAY)
  GROUP BY product
  EMIT CHANGES;
