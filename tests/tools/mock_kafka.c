/*
 * mock_kafka.c - librdkafka's mock cluster with topic creation and a control
 * socket (see mock_kafka.h for the protocol and why it exists).
 */
#include "mock_kafka.h"

#include "common/mem.h"

#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct topic_conf {
    char *name;
    int64_t retention_ms;
    bool compacted;
} topic_conf;

struct sl_mock {
    rd_kafka_t *host; /* the client instance the cluster lives in */
    rd_kafka_mock_cluster_t *mc;
    pthread_mutex_t mu; /* guards confs */
    topic_conf *confs;
    size_t nconfs, capconfs;
    int listen_fd;
    char *path;
    pthread_t server;
    bool serving;
};

sl_error *sl_mock_start(int brokers, sl_mock **out)
{
    char errstr[256];
    *out = NULL;
    if (brokers < 1 || brokers > 16)
        return sl_error_new(SL_E_KAFKA, "a mock cluster has 1 to 16 brokers, not %d", brokers);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* the host needs no brokers of its own: silence the warning about it */
    rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
    rd_kafka_t *host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!host) {
        rd_kafka_conf_destroy(conf);
        return sl_error_new(SL_E_KAFKA, "cannot start the mock cluster: %s", errstr);
    }
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(host, brokers);
    if (!mc) {
        rd_kafka_destroy(host);
        return sl_error_new(SL_E_KAFKA, "cannot start the mock cluster");
    }
    sl_mock *m = sl_calloc(1, sizeof *m);
    m->host = host;
    m->mc = mc;
    m->listen_fd = -1;
    pthread_mutex_init(&m->mu, NULL);
    *out = m;
    return NULL;
}

void sl_mock_stop(sl_mock *m)
{
    if (!m) return;
    if (m->serving) {
        shutdown(m->listen_fd, SHUT_RDWR); /* wakes the accept() of the server thread */
        pthread_join(m->server, NULL);
        unlink(m->path);
    }
    if (m->listen_fd >= 0) close(m->listen_fd);
    free(m->path);
    rd_kafka_mock_cluster_destroy(m->mc);
    rd_kafka_destroy(m->host);
    for (size_t i = 0; i < m->nconfs; i++)
        free(m->confs[i].name);
    free(m->confs);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

const char *sl_mock_bootstraps(const sl_mock *m)
{
    return rd_kafka_mock_cluster_bootstraps(m->mc);
}

sl_error *sl_mock_topic_create(sl_mock *m, const char *topic, int partitions, int replicas,
                               int64_t retention_ms, bool compacted)
{
    if (partitions < 1) return sl_error_new(SL_E_STATEMENT, "invalid partitions %d", partitions);
    rd_kafka_resp_err_t e =
        rd_kafka_mock_topic_create(m->mc, topic, partitions, replicas > 0 ? replicas : 1);
    if (e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        return sl_error_new(SL_E_STATEMENT, "topic '%s' already exists", topic);
    if (e)
        return sl_error_new(SL_E_KAFKA, "cannot create topic '%s': %s", topic, rd_kafka_err2str(e));
    pthread_mutex_lock(&m->mu);
    SL_GROW(m->confs, m->capconfs, m->nconfs + 1);
    m->confs[m->nconfs++] = (topic_conf){sl_strdup(topic), retention_ms, compacted};
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

static void topic_config(sl_mock *m, const char *topic, int64_t *retention_ms, bool *compacted)
{
    *retention_ms = -1;
    *compacted = false;
    pthread_mutex_lock(&m->mu);
    for (size_t i = 0; i < m->nconfs; i++) {
        if (strcmp(m->confs[i].name, topic) == 0) {
            *retention_ms = m->confs[i].retention_ms;
            *compacted = m->confs[i].compacted;
        }
    }
    pthread_mutex_unlock(&m->mu);
}

static void cmd_create(sl_mock *m, const char *args, sl_buf *reply)
{
    char topic[256], policy[16] = "delete";
    int partitions = 0, replicas = 1;
    long long retention = -1;
    if (sscanf(args, "%255s %d %d %lld %15s", topic, &partitions, &replicas, &retention, policy) <
        2) {
        sl_buf_puts(reply, "error usage: create <topic> <partitions> [<replicas> "
                           "[<retention_ms> [compact|delete]]]");
        return;
    }
    sl_error *err = sl_mock_topic_create(m, topic, partitions, replicas, retention,
                                         strcmp(policy, "compact") == 0);
    sl_buf_puts(reply, err ? "error " : "ok");
    if (err) sl_buf_puts(reply, err->msg);
    sl_error_free(err);
}

static void cmd_broker(sl_mock *m, const char *args, sl_buf *reply)
{
    int id;
    char state[8];
    rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR__INVALID_ARG;
    if (sscanf(args, "%d %7s", &id, state) == 2 && strcmp(state, "down") == 0)
        e = rd_kafka_mock_broker_set_down(m->mc, id);
    else if (sscanf(args, "%d %7s", &id, state) == 2 && strcmp(state, "up") == 0)
        e = rd_kafka_mock_broker_set_up(m->mc, id);
    sl_buf_puts(reply, e ? "error " : "ok");
    if (e) sl_buf_puts(reply, rd_kafka_err2str(e));
}

void sl_mock_command(sl_mock *m, const char *line, sl_buf *reply)
{
    char cmd[16] = "", topic[256];
    int used = 0;
    sl_buf_reset(reply);
    sscanf(line, "%15s %n", cmd, &used);
    const char *args = line + used;
    if (strcmp(cmd, "bootstrap") == 0) {
        sl_buf_printf(reply, "ok %s", sl_mock_bootstraps(m));
    } else if (strcmp(cmd, "create") == 0) {
        cmd_create(m, args, reply);
    } else if (strcmp(cmd, "broker") == 0) {
        cmd_broker(m, args, reply);
    } else if (strcmp(cmd, "config") == 0 && sscanf(args, "%255s", topic) == 1) {
        int64_t ret;
        bool compacted;
        topic_config(m, topic, &ret, &compacted);
        sl_buf_printf(reply, "ok %lld %d", (long long)ret, compacted);
    } else {
        sl_buf_puts(reply, "error unknown request; expected create, config, bootstrap or broker");
    }
}

/* Answers the request lines of one connection until it closes. */
static void serve_conn(sl_mock *m, int fd)
{
    FILE *in = fdopen(fd, "r");
    if (!in) {
        close(fd);
        return;
    }
    char line[1024];
    sl_buf reply = SL_BUF_INIT;
    while (fgets(line, sizeof line, in)) {
        sl_mock_command(m, line, &reply);
        sl_buf_putc(&reply, '\n');
        if (write(fd, reply.p, reply.len) != (ssize_t)reply.len) break;
    }
    sl_buf_free(&reply);
    fclose(in);
}

static void *server_main(void *arg)
{
    sl_mock *m = arg;
    for (;;) {
        int fd = accept(m->listen_fd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return NULL; /* shut down */
        }
        serve_conn(m, fd);
    }
}

sl_error *sl_mock_serve(sl_mock *m, const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (m->serving) return sl_error_new(SL_E_INTERNAL, "the mock already serves a control socket");
    if (strlen(path) >= sizeof sa.sun_path)
        return sl_error_new(SL_E_IO, "control socket path too long: %s", path);
    strcpy(sa.sun_path, path);
    unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 16) != 0) {
        sl_error *err = sl_error_new(SL_E_IO, "cannot listen on %s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return err;
    }
    m->listen_fd = fd;
    m->path = sl_strdup(path);
    if (pthread_create(&m->server, NULL, server_main, m) != 0)
        return sl_error_new(SL_E_INTERNAL, "cannot start the control socket thread");
    m->serving = true;
    return NULL;
}
