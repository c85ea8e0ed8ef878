-- Products that sold more than 5 units on a day, from a windowed table of daily sales (as a
-- TUMBLING 1 DAY aggregation writes it): windowed in, windowed out, stateless.
CREATE TABLE daily (product STRING PRIMARY KEY, units INT, revenue DOUBLE)
  WITH (kafka_topic='daily', value_format='JSON', window_type='TUMBLING', window_size='1 DAY');

CREATE TABLE daily_top AS
  SELECT product, units, revenue / units AS avg_price
  FROM daily
  WHERE units > 5;
