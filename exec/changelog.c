/*
 * changelog.c - state store changelogs on the Kafka log.
 *
 * On Kafka the data dir holds only state and source offsets; a server that
 * loses it must not lose its tables. So every store has a changelog topic
 * (ksqlDB's name, "<query group>-<store>-changelog", compacted, one partition
 * per task), and a task's commit writes there what it writes to RocksDB:
 *
 *   changelog[p]:  put k1  put k2  del k3  COMMIT(seq, offsets)  put k1  ...  COMMIT ...
 *                  `---------- one commit of task p ----------'
 *
 * The COMMIT marker (key "\xff\xffsl-commit", header sl-commit) carries the
 * task's source offsets at that commit and a sequence number shared by the
 * markers of all the task's stores. Records after the last marker belong to a
 * commit that did not finish (the process died while producing it).
 *
 * Restore, when the data dir has no offsets for a partition: read each store's
 * changelog partition once to find its markers, take the last commit every
 * store saw, read again and apply each store's records up to that commit's
 * marker, then commit the marker's offsets locally. The task then resumes
 * exactly after that commit: the state holds every record before it once.
 * (Outputs on Kafka stay at-least-once: records of the lost commit are redone.)
 */
#include "exec/changelog.h"
#include "common/clock.h"
#include "common/logger.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARKER_KEY "\xff\xffsl-commit"
#define MARKER_KEY_LEN 11
#define RESTORE_TIMEOUT_MS 60000
#define RESTORE_CHUNK 10000

static void topic_name(const sl_query *q, const char *store, char *out, size_t cap)
{
    snprintf(out, cap, "%s-%s-changelog", q->group, store);
}

static sl_error *ensure_topic(sl_log *log, const char *name, int32_t partitions)
{
    sl_topic_info info;
    sl_error *err = sl_log_topic_describe(log, name, &info);
    if (!err) return NULL;
    sl_error_free(err);
    memset(&info, 0, sizeof info);
    size_t len = strlen(name);
    if (len >= sizeof info.name) return sl_error_new(SL_E_STATEMENT, "topic name too long: %s", name);
    memcpy(info.name, name, len + 1);
    info.partitions = partitions;
    info.retention_ms = -1;
    info.compacted = true;
    err = sl_log_topic_create(log, &info);
    if (err && err->code == SL_E_STATEMENT) { /* another worker made it first */
        sl_error_free(err);
        err = NULL;
    }
    return err;
}

static sl_log_txn *task_txn(void *ctx)
{
    return sl_task_txn(ctx);
}

sl_error *sl_changelog_attach(sl_task *t, const char *store, sl_store *s)
{
    sl_query *q = t->worker->q;
    sl_log *log = q->rt->opts.log;
    if (!sl_log_is_kafka(log)) return NULL;
    char name[512];
    topic_name(q, store, name, sizeof name);
    sl_error *err = ensure_topic(log, name, t->plan->subs[t->sub].partitions);
    if (err) return sl_error_prefix(err, "changelog of store %s: ", store);
    s->changelog = (sl_store_changelog){sl_arena_strdup(t->ar, name), t->partition, task_txn, t};
    return NULL;
}

/* "seq\n" then "topic\toffset\n" for each topic the task reads: where it will go on. */
static void marker_text(sl_task *t, int64_t seq, sl_buf *out)
{
    sl_worker *w = t->worker;
    sl_query *q = w->q;
    sl_buf_printf(out, "%lld\n", (long long)seq);
    for (uint32_t ti = 0; ti < q->ntopics; ti++) {
        const topic_readers *tr = &q->topics[ti];
        bool mine = false;
        for (uint32_t k = 0; k < tr->nsrc; k++) mine |= tr->src[k]->sub == t->sub;
        if (!mine || t->partition >= tr->partitions) continue;
        int64_t off = sl_worker_position(w, ti, t->partition);
        sl_buf_printf(out, "%s\t%lld\n", tr->topic, (long long)off);
    }
}

sl_error *sl_changelog_mark(sl_task *t)
{
    if (!t->nstores || !t->stores[0]->changelog.topic) return NULL;
    uint64_t activity = t->records_in; /* records read plus changelog records written */
    for (uint32_t i = 0; i < t->nstores; i++) activity += t->stores[i]->changelog.written;
    if (activity == t->marked) return NULL; /* nothing since the last commit marker */
    t->marked = activity;
    int64_t seq = sl_clock_wall_ms() * 1000;
    t->commit_seq = seq > t->commit_seq ? seq : t->commit_seq + 1;
    sl_buf text = SL_BUF_INIT;
    marker_text(t, t->commit_seq, &text);
    static const sl_header h = {"sl-commit", (const uint8_t *)"1", 1};
    sl_error *err = NULL;
    for (uint32_t i = 0; i < t->nstores && !err; i++) {
        const sl_store_changelog *c = &t->stores[i]->changelog;
        sl_log_record rec = {0};
        rec.key = (const uint8_t *)MARKER_KEY;
        rec.klen = MARKER_KEY_LEN;
        rec.val = (const uint8_t *)text.p;
        rec.vlen = (uint32_t)text.len;
        rec.partition = c->partition;
        rec.headers = (sl_headers){&h, 1};
        err = sl_log_txn_produce(sl_task_txn(t), c->topic, &rec);
    }
    sl_buf_free(&text);
    return err;
}

/* --- restore ---------------------------------------------------------------------------- */

typedef struct marker {
    int64_t seq, offset; /* offset: the marker's own in the changelog */
} marker;

typedef struct scan {
    marker *v;
    size_t n, cap;
    char *text;  /* the marker chosen in the apply pass */
    /* apply pass */
    sl_store *store;
    int64_t stop; /* apply records before this offset */
    sl_db *db;
    sl_db_batch *batch;
    uint64_t applied;
} scan;

static bool is_marker(const sl_log_record *rec)
{
    for (uint32_t i = 0; i < rec->headers.n; i++)
        if (strcmp(rec->headers.h[i].key, "sl-commit") == 0) return true;
    return false;
}

static sl_error *find_markers(void *ctx, const sl_log_record *rec)
{
    scan *s = ctx;
    if (!is_marker(rec) || !rec->val) return NULL;
    SL_GROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = (marker){strtoll((const char *)rec->val, NULL, 10), rec->offset};
    return NULL;
}

static sl_error *apply_record(void *ctx, const sl_log_record *rec)
{
    scan *s = ctx;
    if (rec->offset > s->stop) return NULL;
    if (is_marker(rec)) {
        if (rec->offset == s->stop) {
            free(s->text);
            s->text = sl_malloc(rec->vlen + 1);
            memcpy(s->text, rec->val, rec->vlen);
            s->text[rec->vlen] = 0;
        }
        return NULL;
    }
    if (rec->val) sl_store_put(s->store, s->batch, rec->key, rec->klen, rec->val, rec->vlen);
    else sl_store_del(s->store, s->batch, rec->key, rec->klen);
    if (++s->applied % RESTORE_CHUNK) return NULL;
    sl_error *err = sl_db_write(s->db, s->batch); /* offsets come last: a crash redoes this */
    sl_db_batch_clear(s->batch);
    return err;
}

/* The last marker of m[0..n) whose sequence is <= seq, or NULL. */
static const marker *marker_upto(const marker *m, size_t n, int64_t seq)
{
    for (size_t i = n; i-- > 0;)
        if (m[i].seq <= seq) return &m[i];
    return NULL;
}

/* The commit's offsets from its marker text, committed with the restored state. */
static void commit_offsets(sl_worker *w, sl_log_txn *txn, const char *text, int32_t partition)
{
    const char *line = strchr(text, '\n');
    while (line && *++line) {
        const char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
        if (!tab || !end || tab > end) break;
        char topic[512];
        snprintf(topic, sizeof topic, "%.*s", (int)(tab - line), line);
        int64_t off = strtoll(tab + 1, NULL, 10);
        if (off >= 0) sl_log_txn_offset(txn, w->q->group, topic, partition, off);
        line = end;
    }
}

/* Applies one store's changelog up to its marker at offset stop, into the data dir. */
static sl_error *apply_store(sl_worker *w, const char *store, const char *topic,
                             int32_t partition, int64_t stop, char **marker_text_out)
{
    sl_rt *rt = w->q->rt;
    scan s = {0};
    sl_store st;
    sl_error *err = sl_store_open(rt->opts.db, w->q->plan->query_id, store, partition, &st);
    if (err) return err;
    s.store = &st;
    s.stop = stop;
    s.db = rt->opts.db;
    s.batch = sl_db_batch_new();
    err = sl_log_read_partition(rt->opts.log, topic, partition, 0, RESTORE_TIMEOUT_MS,
                                apply_record, &s);
    if (!err) err = sl_db_write(s.db, s.batch);
    sl_db_batch_free(s.batch);
    SL_INFO("store restored from its changelog", "query=%s store=%s partition=%d records=%llu",
            w->q->plan->query_id, store, (int)partition, (unsigned long long)s.applied);
    if (!err && !*marker_text_out) *marker_text_out = s.text;
    else free(s.text);
    return err;
}

sl_error *sl_changelog_restore(sl_worker *w, uint32_t sub, int32_t partition)
{
    sl_query *q = w->q;
    if (!sl_log_is_kafka(q->rt->opts.log) || !q->rt->opts.db) return NULL;
    const char *stores[8];
    uint32_t n = sl_plan_sub_stores(q->plan, sub, stores, 8);
    char topics[8][512];
    scan found[8] = {{0}};
    int64_t target = INT64_MAX;
    sl_error *err = NULL;
    for (uint32_t i = 0; i < n && !err; i++) {
        topic_name(q, stores[i], topics[i], sizeof topics[i]);
        sl_topic_info info;
        if ((err = sl_log_topic_describe(q->rt->opts.log, topics[i], &info))) break;
        err = sl_log_read_partition(q->rt->opts.log, topics[i], partition, 0, RESTORE_TIMEOUT_MS,
                                    find_markers, &found[i]);
        int64_t last = found[i].n ? found[i].v[found[i].n - 1].seq : INT64_MIN;
        if (last < target) target = last;
    }
    if (err && err->code == SL_E_NOT_FOUND) { /* no changelog yet: a new query */
        sl_error_free(err);
        err = NULL;
        target = INT64_MIN;
    }
    char *text = NULL;
    for (uint32_t i = 0; i < n && !err && target != INT64_MIN; i++) {
        const marker *m = marker_upto(found[i].v, found[i].n, target);
        if (m) err = apply_store(w, stores[i], topics[i], partition, m->offset, &text);
    }
    if (!err && text) {
        sl_log_txn *txn = sl_log_txn_begin(q->rt->opts.log);
        commit_offsets(w, txn, text, partition);
        err = sl_log_txn_commit(txn);
    }
    free(text);
    for (uint32_t i = 0; i < n; i++) free(found[i].v);
    return err;
}
