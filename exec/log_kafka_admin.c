/*
 * log_kafka_admin.c - topics and offsets of the Kafka log.
 *
 * Existence, partitions and replicas come from cluster metadata (a request
 * for all topics, so asking never auto-creates a topic); retention and
 * compaction from DescribeConfigs. Create and delete use the Admin API
 * (CreateTopics, DeleteTopics), then wait until the metadata agrees, so a
 * produce or describe right after sees the result. Offsets are watermark
 * queries: low = the oldest retained offset, high = the next to be written.
 *
 * The mock cluster (librdkafka's, see tests/tools/mock_kafka.h) has no
 * controller, so none of the Admin API works against it. When
 * sluice.mock.control names its control socket, topics are created through
 * that socket and configs read from it; deleting is refused. This is the only
 * path that differs for the mock, and only a test or bench configuration sets
 * it.
 */
#include "exec/log_kafka.h"

#include "common/buf.h"
#include "common/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* --- metadata --------------------------------------------------------------------------- */

static sl_error *metadata_all(kafka_log *log, const struct rd_kafka_metadata **md)
{
    kprod *p = sl_log_kafka_prod_get(log);
    rd_kafka_resp_err_t e =
        rd_kafka_metadata(sl_log_kafka_prod_rk(p), 1, NULL, md, log->admin_timeout_ms);
    sl_log_kafka_prod_unref(p);
    return e ? sl_log_kafka_error(e, "cannot read the Kafka cluster's metadata") : NULL;
}

static const struct rd_kafka_metadata_topic *md_find(const struct rd_kafka_metadata *md,
                                                     const char *topic)
{
    for (int i = 0; i < md->topic_cnt; i++)
        if (strcmp(md->topics[i].topic, topic) == 0 && !md->topics[i].err &&
            md->topics[i].partition_cnt > 0)
            return &md->topics[i];
    return NULL;
}

static sl_error *not_found(const char *topic)
{
    return sl_error_new(SL_E_NOT_FOUND, "topic '%s' does not exist", topic);
}

sl_error *sl_log_kafka_topics_exist(kafka_log *log, const char *const *topics, int n)
{
    const struct rd_kafka_metadata *md;
    sl_error *err = metadata_all(log, &md);
    for (int i = 0; !err && i < n; i++)
        if (!md_find(md, topics[i])) err = not_found(topics[i]);
    if (md) rd_kafka_metadata_destroy(md);
    return err;
}

/* The topic's partition count once metadata shows it (0 when absent). */
static sl_error *partitions_of(kafka_log *log, const char *topic, int *n)
{
    const struct rd_kafka_metadata *md;
    sl_error *err = metadata_all(log, &md);
    if (err) return err;
    const struct rd_kafka_metadata_topic *t = md_find(md, topic);
    *n = t ? t->partition_cnt : 0;
    rd_kafka_metadata_destroy(md);
    return NULL;
}

/* Waits until the metadata shows topic present (or absent when !present). */
static sl_error *await_metadata(kafka_log *log, const char *topic, bool present)
{
    struct timespec pause = {0, 100 * 1000000L};
    for (int waited = 0;; waited += 100) {
        int n = 0;
        sl_error *err = partitions_of(log, topic, &n);
        if (err || (n > 0) == present) return err;
        if (waited >= log->admin_timeout_ms)
            return sl_error_new(SL_E_TIMEOUT,
                                "topic '%s' did not %s the cluster metadata in "
                                "%d ms",
                                topic, present ? "appear in" : "leave", log->admin_timeout_ms);
        nanosleep(&pause, NULL);
    }
}

/* --- the mock's control socket ---------------------------------------------------------- */

/* Sends one request line, reads the reply: "ok ..." -> NULL and rest set. */
static sl_error *mock_request(kafka_log *log, const char *req, char *rest, size_t restlen)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", log->mock_control);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        sl_error *err = sl_error_new(SL_E_KAFKA, "cannot reach the mock cluster at %s: %s",
                                     log->mock_control, strerror(errno));
        if (fd >= 0) close(fd);
        return err;
    }
    char reply[512];
    size_t len = strlen(req), got = 0;
    bool ok = write(fd, req, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
    while (ok && got + 1 < sizeof reply) {
        ssize_t r = read(fd, reply + got, sizeof reply - 1 - got);
        if (r <= 0) break;
        got += (size_t)r;
        if (memchr(reply, '\n', got)) break;
    }
    close(fd);
    reply[got] = 0;
    reply[strcspn(reply, "\n")] = 0;
    if (strncmp(reply, "ok", 2) == 0) {
        const char *r = reply[2] ? reply + 3 : "";
        size_t rl = strlen(r) < restlen ? strlen(r) : restlen - 1; /* a long reply is cut */
        memcpy(rest, r, rl);
        rest[rl] = 0;
        return NULL;
    }
    if (strncmp(reply, "error ", 6) == 0 && strstr(reply, "already exists"))
        return sl_error_new(SL_E_STATEMENT, "%s", reply + 6);
    return sl_error_new(SL_E_KAFKA, "mock cluster: %s", got ? reply : "no reply");
}

static sl_error *mock_config(kafka_log *log, sl_topic_info *info)
{
    char req[300], rest[64];
    long long ret = -1;
    int compacted = 0;
    snprintf(req, sizeof req, "config %s", info->name);
    sl_error *err = mock_request(log, req, rest, sizeof rest);
    if (!err && sscanf(rest, "%lld %d", &ret, &compacted) != 2)
        err = sl_error_new(SL_E_KAFKA, "mock cluster: bad config reply '%s'", rest);
    info->retention_ms = ret;
    info->compacted = compacted != 0;
    return err;
}

/* --- the Admin API ---------------------------------------------------------------------- */

/* One Admin API request: the producer it rides on, its options and reply queue. */
typedef struct admin_call {
    kafka_log *log;
    kprod *p;
    rd_kafka_t *rk;
    rd_kafka_queue_t *q;
    rd_kafka_AdminOptions_t *o;
} admin_call;

static void admin_begin(kafka_log *log, admin_call *a)
{
    char errstr[256];
    a->log = log;
    a->p = sl_log_kafka_prod_get(log);
    a->rk = sl_log_kafka_prod_rk(a->p);
    a->q = rd_kafka_queue_new(a->rk);
    a->o = rd_kafka_AdminOptions_new(a->rk, RD_KAFKA_ADMIN_OP_ANY);
    rd_kafka_AdminOptions_set_request_timeout(a->o, log->admin_timeout_ms, errstr, sizeof errstr);
    /* how long the controller may take to carry out a create or delete */
    rd_kafka_AdminOptions_set_operation_timeout(a->o, log->admin_timeout_ms, errstr, sizeof errstr);
}

static void admin_end(admin_call *a)
{
    rd_kafka_AdminOptions_destroy(a->o);
    rd_kafka_queue_destroy(a->q);
    sl_log_kafka_prod_unref(a->p);
}

/* Waits for the result (of type want); NULL with *err set on failure. */
static rd_kafka_event_t *admin_wait(admin_call *a, rd_kafka_event_type_t want, const char *what,
                                    sl_error **err)
{
    rd_kafka_event_t *ev = rd_kafka_queue_poll(a->q, a->log->admin_timeout_ms + 5000);
    *err = NULL;
    if (!ev)
        *err = sl_error_new(SL_E_TIMEOUT, "%s: no answer from Kafka in %d ms", what,
                            a->log->admin_timeout_ms);
    else if (rd_kafka_event_type(ev) != want)
        *err = sl_error_new(SL_E_KAFKA, "%s: unexpected admin result", what);
    else if (rd_kafka_event_error(ev))
        *err = sl_error_new(SL_E_KAFKA, "%s: %s", what, rd_kafka_event_error_string(ev));
    if (*err && ev) {
        rd_kafka_event_destroy(ev);
        ev = NULL;
    }
    return ev;
}

/* The first per-topic error of a CreateTopics / DeleteTopics result. */
static sl_error *topic_result(const rd_kafka_topic_result_t **tr, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        rd_kafka_resp_err_t e = rd_kafka_topic_result_error(tr[i]);
        const char *name = rd_kafka_topic_result_name(tr[i]);
        if (e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
            return sl_error_new(SL_E_STATEMENT, "topic '%s' already exists", name);
        if (e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) return not_found(name);
        if (e)
            return sl_error_new(SL_E_KAFKA, "%s '%s': %s", what, name,
                                rd_kafka_topic_result_error_string(tr[i]));
    }
    return NULL;
}

static sl_error *admin_create(kafka_log *log, const sl_topic_info *info)
{
    char errstr[256], ret[32];
    rd_kafka_NewTopic_t *nt =
        rd_kafka_NewTopic_new(info->name, info->partitions,
                              info->replicas > 0 ? info->replicas : -1, errstr, sizeof errstr);
    if (!nt)
        return sl_error_new(SL_E_STATEMENT, "cannot create topic '%s': %s", info->name, errstr);
    if (info->retention_ms != 0) {
        snprintf(ret, sizeof ret, "%lld",
                 (long long)(info->retention_ms < 0 ? -1 : info->retention_ms));
        rd_kafka_NewTopic_set_config(nt, "retention.ms", ret);
    }
    if (info->compacted) rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
    admin_call a;
    admin_begin(log, &a);
    rd_kafka_CreateTopics(a.rk, &nt, 1, a.o, a.q);
    sl_error *err;
    rd_kafka_event_t *ev =
        admin_wait(&a, RD_KAFKA_EVENT_CREATETOPICS_RESULT, "cannot create topic", &err);
    if (ev) {
        size_t n;
        const rd_kafka_topic_result_t **tr =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
        err = topic_result(tr, n, "cannot create topic");
        rd_kafka_event_destroy(ev);
    }
    admin_end(&a);
    rd_kafka_NewTopic_destroy(nt);
    return err;
}

/* Reads retention.ms and cleanup.policy of infos[0..n) in one request. */
static sl_error *admin_configs(kafka_log *log, sl_topic_info *infos, int n)
{
    if (n == 0) return NULL;
    rd_kafka_ConfigResource_t **crs = sl_calloc((size_t)n, sizeof *crs);
    for (int i = 0; i < n; i++)
        crs[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, infos[i].name);
    admin_call a;
    admin_begin(log, &a);
    rd_kafka_DescribeConfigs(a.rk, crs, (size_t)n, a.o, a.q);
    sl_error *err;
    rd_kafka_event_t *ev =
        admin_wait(&a, RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT, "cannot read topic configs", &err);
    size_t nres = 0;
    const rd_kafka_ConfigResource_t **res =
        ev ? rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev),
                                                       &nres)
           : NULL;
    for (size_t r = 0; r < nres; r++) {
        sl_topic_info *ti = NULL;
        for (int i = 0; i < n && !ti; i++)
            if (strcmp(infos[i].name, rd_kafka_ConfigResource_name(res[r])) == 0) ti = &infos[i];
        size_t nc = 0;
        const rd_kafka_ConfigEntry_t **ce = rd_kafka_ConfigResource_configs(res[r], &nc);
        for (size_t k = 0; ti && k < nc; k++) {
            const char *name = rd_kafka_ConfigEntry_name(ce[k]);
            const char *val = rd_kafka_ConfigEntry_value(ce[k]);
            if (val && strcmp(name, "retention.ms") == 0) ti->retention_ms = atoll(val);
            if (val && strcmp(name, "cleanup.policy") == 0) ti->compacted = strstr(val, "compact");
        }
    }
    if (ev) rd_kafka_event_destroy(ev);
    admin_end(&a);
    for (int i = 0; i < n; i++)
        rd_kafka_ConfigResource_destroy(crs[i]);
    free(crs);
    return err;
}

static sl_error *configs(kafka_log *log, sl_topic_info *infos, int n)
{
    sl_error *err = NULL;
    if (log->mock_control) {
        for (int i = 0; !err && i < n; i++)
            err = mock_config(log, &infos[i]);
        return err;
    }
    return admin_configs(log, infos, n);
}

/* --- the topic operations --------------------------------------------------------------- */

static void info_of(const struct rd_kafka_metadata_topic *t, sl_topic_info *ti)
{
    memset(ti, 0, sizeof *ti);
    snprintf(ti->name, sizeof ti->name, "%s", t->topic);
    ti->partitions = t->partition_cnt;
    ti->replicas = (int16_t)(t->partition_cnt ? t->partitions[0].replica_cnt : 0);
    ti->retention_ms = -1;
}

sl_error *sl_log_kafka_topic_create(sl_log *base, const sl_topic_info *info)
{
    kafka_log *log = (kafka_log *)base;
    int n = 0;
    sl_error *err = partitions_of(log, info->name, &n);
    if (!err && n > 0) return sl_error_new(SL_E_STATEMENT, "topic '%s' already exists", info->name);
    if (!err && log->mock_control) {
        char req[400], rest[64];
        snprintf(req, sizeof req, "create %s %d %d %lld %s", info->name, (int)info->partitions,
                 info->replicas > 0 ? info->replicas : 1,
                 (long long)(info->retention_ms ? info->retention_ms : -1),
                 info->compacted ? "compact" : "delete");
        err = mock_request(log, req, rest, sizeof rest);
    } else if (!err) {
        err = admin_create(log, info);
    }
    return err ? err : await_metadata(log, info->name, true);
}

sl_error *sl_log_kafka_topic_describe(sl_log *base, const char *topic, sl_topic_info *out)
{
    kafka_log *log = (kafka_log *)base;
    const struct rd_kafka_metadata *md;
    sl_error *err = metadata_all(log, &md);
    if (err) return err;
    const struct rd_kafka_metadata_topic *t = md_find(md, topic);
    if (t) info_of(t, out);
    rd_kafka_metadata_destroy(md);
    return t ? configs(log, out, 1) : not_found(topic);
}

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const sl_topic_info *)a)->name, ((const sl_topic_info *)b)->name);
}

sl_error *sl_log_kafka_topic_list(sl_log *base, sl_topic_info **out, int *n)
{
    kafka_log *log = (kafka_log *)base;
    const struct rd_kafka_metadata *md;
    sl_error *err = metadata_all(log, &md);
    if (err) return err;
    sl_topic_info *ts = sl_calloc((size_t)md->topic_cnt + 1, sizeof *ts);
    int k = 0;
    for (int i = 0; i < md->topic_cnt; i++)
        if (!md->topics[i].err && md->topics[i].partition_cnt > 0)
            info_of(&md->topics[i], &ts[k++]);
    rd_kafka_metadata_destroy(md);
    qsort(ts, (size_t)k, sizeof *ts, cmp_info);
    err = configs(log, ts, k);
    if (err) {
        free(ts);
        return err;
    }
    *out = ts;
    *n = k;
    return NULL;
}

sl_error *sl_log_kafka_topic_delete(sl_log *base, const char *topic)
{
    kafka_log *log = (kafka_log *)base;
    if (log->mock_control)
        return sl_error_new(SL_E_UNSUPPORTED, "the mock Kafka cluster cannot delete topics");
    rd_kafka_DeleteTopic_t *dt = rd_kafka_DeleteTopic_new(topic);
    admin_call a;
    admin_begin(log, &a);
    rd_kafka_DeleteTopics(a.rk, &dt, 1, a.o, a.q);
    sl_error *err;
    rd_kafka_event_t *ev =
        admin_wait(&a, RD_KAFKA_EVENT_DELETETOPICS_RESULT, "cannot delete topic", &err);
    if (ev) {
        size_t n;
        const rd_kafka_topic_result_t **tr =
            rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &n);
        err = topic_result(tr, n, "cannot delete topic");
        rd_kafka_event_destroy(ev);
    }
    admin_end(&a);
    rd_kafka_DeleteTopic_destroy(dt);
    if (!err) err = await_metadata(log, topic, false);
    if (!err) { /* the engine's offsets on it are meaningless now */
        sl_db_batch *b = sl_db_batch_new();
        sl_log_offsets_drop(base->db, b, topic);
        err = sl_db_write(base->db, b);
        sl_db_batch_free(b);
    }
    return err;
}

/* --- offsets ---------------------------------------------------------------------------- */

static sl_error *watermarks(sl_log *base, const char *topic, int64_t *out, int n, bool high)
{
    kafka_log *log = (kafka_log *)base;
    int parts = 0;
    sl_error *err = partitions_of(log, topic, &parts);
    if (!err && parts == 0) err = not_found(topic);
    if (!err && n > parts)
        err = sl_error_new(SL_E_STATEMENT, "topic '%s' has %d partitions, not %d", topic, parts, n);
    kprod *p = sl_log_kafka_prod_get(log);
    for (int i = 0; !err && i < n; i++) {
        int64_t lo = 0, hi = 0;
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(sl_log_kafka_prod_rk(p), topic, i,
                                                                 &lo, &hi, log->admin_timeout_ms);
        if (e) err = sl_log_kafka_error(e, "cannot read the offsets of a partition");
        out[i] = high ? hi : lo;
    }
    sl_log_kafka_prod_unref(p);
    return err;
}

sl_error *sl_log_kafka_end_offsets(sl_log *log, const char *topic, int64_t *ends, int n)
{
    return watermarks(log, topic, ends, n, true);
}

sl_error *sl_log_kafka_start_offsets(sl_log *log, const char *topic, int64_t *starts, int n)
{
    return watermarks(log, topic, starts, n, false);
}
