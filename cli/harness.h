/*
 * harness.h - private to cli/: an in-process engine for the tools that drive one
 * (`sluice test`, `sluice verify`).
 *
 *   fresh temp data dir -> synchronous engine (no threads: queries run only inside
 *   sl_engine_run_until_idle) -> topics created as a test driver would -> ... ->
 *   close: engine closed, data dir removed
 *
 * Nothing here is shared between two harnesses, so several may live in one process.
 */
#ifndef SL_CLI_HARNESS_H
#define SL_CLI_HARNESS_H

#include "common/error.h"
#include "server/config.h"
#include "server/engine.h"

typedef struct sl_cli_harness {
    sl_engine *eng;
    sl_conf *conf;
    char dir[64]; /* the temp data dir; "" when none was made */
} sl_cli_harness;

/* Makes a temp data dir and opens a synchronous engine over it with the given service id.
 * On failure h still needs sl_cli_harness_close (it removes what was made). */
sl_error *sl_cli_harness_open(sl_cli_harness *h, const char *service_id);
/* Closes the engine and removes the data dir; safe on a zeroed or half-opened harness. */
void sl_cli_harness_close(sl_cli_harness *h);

/* Creates a topic of partitions partitions (1 when <= 0) unless it exists. Errors are
 * ignored on purpose: the statement that needs the topic reports its absence. */
void sl_cli_harness_topic_create(sl_cli_harness *h, const char *name, int partitions);
/* When text is a CREATE STREAM/TABLE naming KAFKA_TOPIC, creates that topic (with its
 * PARTITIONS) first, as ksqlDB's test driver does; other statements are left alone. */
void sl_cli_harness_topic_for(sl_cli_harness *h, const char *text);

#endif
