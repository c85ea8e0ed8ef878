/*
 * mock_kafka.h - librdkafka's mock Kafka cluster, with a way to create topics.
 *
 * librdkafka 2.0.2 ships an in-process mock cluster that speaks the Kafka
 * protocol on loopback (see ../shared/notes/kafka-mock.md), but it has no
 * controller, so CreateTopics, DeleteTopics and DescribeConfigs time out.
 * This wrapper creates topics through rd_kafka_mock_topic_create instead and
 * remembers the configs it was given, and can serve that on a control socket
 * so that sl_log (with sluice.mock.control set) creates topics against a mock
 * running in another process (tests/tools/sl_mock_kafka) or thread (benches).
 *
 * Control protocol: one request line, one reply line, per connection any
 * number of them.
 *   create <topic> <partitions> [<replicas> [<retention_ms> [compact|delete]]]
 *                                    -> "ok" | "error <message>"
 *   config <topic>                   -> "ok <retention_ms> <0|1 compacted>"
 *                                       (-1 0 for a topic it did not create)
 *   bootstrap                        -> "ok <host:port,...>"
 *   broker <id> down|up              -> "ok" (fault injection: a broker
 *                                       drops its connections and refuses
 *                                       new ones until up again)
 *
 * Threads: an sl_mock may be used from any thread; the control socket is
 * served by a thread of its own.
 */
#ifndef SL_TESTS_MOCK_KAFKA_H
#define SL_TESTS_MOCK_KAFKA_H

#include "common/buf.h"
#include "common/error.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sl_mock sl_mock;

/* Starts a mock cluster of brokers brokers (1..16). SL_E_KAFKA on failure. */
sl_error *sl_mock_start(int brokers, sl_mock **out);
/* Stops the control socket, if served, and the cluster. NULL is a no-op. */
void sl_mock_stop(sl_mock *m);
/* "127.0.0.1:port,..." valid until sl_mock_stop. */
const char *sl_mock_bootstraps(const sl_mock *m);
/* Creates a topic; SL_E_STATEMENT when it exists, SL_E_KAFKA on other errors. */
sl_error *sl_mock_topic_create(sl_mock *m, const char *topic, int partitions, int replicas,
                               int64_t retention_ms, bool compacted);
/* Runs one control request line and puts the reply (no newline) into reply. */
void sl_mock_command(sl_mock *m, const char *line, sl_buf *reply);
/* Serves the control protocol on a unix socket at path (replaced if present). */
sl_error *sl_mock_serve(sl_mock *m, const char *path);

#endif
