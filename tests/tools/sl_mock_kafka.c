/*
 * sl_mock_kafka.c - a mock Kafka cluster in a process of its own, for tests.
 *
 *   sl_mock_kafka [--brokers N] [--topics NAME:PARTITIONS,...] [--control PATH]
 *
 * Starts librdkafka's mock cluster (N brokers, default 1), creates the topics
 * given, serves the control socket at PATH if given (sl_log's Kafka backend
 * creates topics through it when sluice.mock.control=PATH), prints the
 * bootstrap address as one line on stdout, then answers control requests
 * read from stdin (one per line, reply on stdout; see mock_kafka.h). It lives
 * until stdin closes or it is killed, and its cluster dies with it, so a test
 * that spawns it with a pipe on stdin leaves nothing behind even if it
 * crashes.
 */
#include "mock_kafka.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: sl_mock_kafka [--brokers N] [--topics NAME:PARTITIONS,...] "
                    "[--control PATH]\n");
    return 2;
}

/* Creates each NAME:PARTITIONS of a comma-separated list. */
static sl_error *create_topics(sl_mock *m, char *list)
{
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *colon = strrchr(t, ':');
        int partitions = colon ? atoi(colon + 1) : 1;
        if (colon) *colon = 0;
        sl_error *err = sl_mock_topic_create(m, t, partitions, 1, -1, false);
        if (err) return err;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int brokers = 1;
    char *topics = NULL;
    const char *control = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc) return usage();
        if (strcmp(argv[i], "--brokers") == 0)
            brokers = atoi(argv[++i]);
        else if (strcmp(argv[i], "--topics") == 0)
            topics = argv[++i];
        else if (strcmp(argv[i], "--control") == 0)
            control = argv[++i];
        else
            return usage();
    }
    sl_mock *m;
    sl_error *err = sl_mock_start(brokers, &m);
    if (!err && topics) err = create_topics(m, topics);
    if (!err && control) err = sl_mock_serve(m, control);
    if (err) {
        fprintf(stderr, "sl_mock_kafka: %s\n", err->msg);
        sl_error_free(err);
        sl_mock_stop(m);
        return 1;
    }
    printf("%s\n", sl_mock_bootstraps(m));
    fflush(stdout);

    char line[1024];
    sl_buf reply = SL_BUF_INIT;
    while (fgets(line, sizeof line, stdin)) {
        sl_mock_command(m, line, &reply);
        printf("%s\n", reply.p);
        fflush(stdout);
    }
    sl_buf_free(&reply);
    sl_mock_stop(m);
    return 0;
}
