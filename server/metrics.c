/*
 * metrics.c - what GET /metrics exposes (Prometheus text format 0.0.4) and the
 * per-query health /healthcheck judges, both from the running queries'
 * statistics (exec/query.h) and the log's offsets.
 *
 *   per query       sluice_query_records_{in,out}_total, _errors_total{type=...},
 *                   _late_records_total, _commits_total, _watermark_lag_seconds,
 *                   _processing_seconds, _e2e_latency_seconds, _commit_seconds
 *                   (histograms), _consumer_lag{topic,partition}, _running
 *   per state store sluice_state_store_bytes{store}
 *   server          sluice_push_queries_open, sluice_persistent_queries
 *
 * Health of a query (thresholds from the configuration):
 *   failed       its state is ERROR
 *   error rate   errors / records read over the last health.window.ms (at least 100
 *                records) above health.max.error.rate
 *   watermark    wall clock - watermark above health.max.watermark.lag.ms, while
 *                records keep arriving (it had one within the window)
 *   stalled      records wait (consumer lag > 0) but none was processed for
 *                health.stall.ms
 */
#include "server/engine_int.h"
#include "common/clock.h"
#include "common/mem.h"
#include "exec/db.h"
#include "server/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[4] = {"deserialization", "record_processing", "production",
                                          "serialization"};

/* Records the query's consumers have still to read, over every topic it reads; per partition
 * lines go to out when it is not NULL. */
static int64_t consumer_lag(sl_engine *eng, const char *query_id, sl_buf *out)
{
    const sl_catquery *cq = sl_catalog_query(eng->cat, query_id);
    if (!cq) return 0;
    char group[512];
    snprintf(group, sizeof group, "_confluent-ksql-%squery_%s", eng->service_id, query_id);
    int64_t total = 0;
    for (uint32_t s = 0; s < cq->nsources; s++) {
        const sl_source *src = sl_catalog_source(eng->cat, cq->sources[s]);
        sl_topic_info ti;
        if (!src || sl_log_topic_describe(eng->log, src->topic, &ti) != NULL) continue;
        int32_t n = ti.partitions > 0 ? ti.partitions : 1;
        int64_t *ends = sl_calloc((size_t)n, sizeof *ends),
                *starts = sl_calloc((size_t)n, sizeof *starts);
        sl_error *err = sl_log_end_offsets(eng->log, src->topic, ends, n);
        if (!err) err = sl_log_start_offsets(eng->log, src->topic, starts, n);
        for (int32_t p = 0; p < n && !err; p++) {
            int64_t off = SL_LOG_EARLIEST;
            sl_error_free(sl_log_committed_offset(eng->log, group, src->topic, p, &off));
            if (off < 0) off = starts[p];
            int64_t lag = ends[p] > off ? ends[p] - off : 0;
            total += lag;
            if (out)
                sl_buf_printf(
                    out,
                    "sluice_query_consumer_lag{query=\"%s\",topic=\"%s\",partition=\"%d\"} "
                    "%lld\n",
                    query_id, src->topic, (int)p, (long long)lag);
        }
        sl_error_free(err);
        free(ends);
        free(starts);
    }
    return total;
}

static void histogram(sl_buf *out, const char *name, const char *query, const sl_histo *h)
{
    uint64_t cum = 0;
    for (int i = 0; i < SL_HISTO_BUCKETS; i++) {
        cum += h->bucket[i];
        if (i < SL_HISTO_BUCKETS - 1)
            sl_buf_printf(out, "%s_bucket{query=\"%s\",le=\"%g\"} %llu\n", name, query,
                          sl_histo_bounds[i], (unsigned long long)cum);
        else
            sl_buf_printf(out, "%s_bucket{query=\"%s\",le=\"+Inf\"} %llu\n", name, query,
                          (unsigned long long)cum);
    }
    sl_buf_printf(out, "%s_sum{query=\"%s\"} %.6f\n%s_count{query=\"%s\"} %llu\n", name, query,
                  h->sum, name, query, (unsigned long long)h->count);
}

static void help(sl_buf *out, const char *name, const char *type, const char *text)
{
    sl_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, text, name, type);
}

static void query_metrics(sl_engine *eng, const running_query *rq, sl_buf *out)
{
    sl_query_stats st;
    sl_query_get_stats(rq->q, &st);
    const char *id = rq->id;
    int64_t now = sl_clock_wall_ms();
    sl_buf_printf(out, "sluice_query_records_in_total{query=\"%s\"} %llu\n", id,
                  (unsigned long long)st.records_in);
    sl_buf_printf(out, "sluice_query_records_out_total{query=\"%s\"} %llu\n", id,
                  (unsigned long long)st.records_out);
    for (int k = 0; k < 4; k++)
        sl_buf_printf(out, "sluice_query_errors_total{query=\"%s\",type=\"%s\"} %llu\n", id,
                      kind_names[k], (unsigned long long)st.errors_by_kind[k]);
    sl_buf_printf(out, "sluice_query_late_records_total{query=\"%s\"} %llu\n", id,
                  (unsigned long long)st.late);
    sl_buf_printf(out, "sluice_query_commits_total{query=\"%s\"} %llu\n", id,
                  (unsigned long long)st.commits);
    if (st.watermark_ms != INT64_MIN && st.records_in)
        sl_buf_printf(out, "sluice_query_watermark_lag_seconds{query=\"%s\"} %.3f\n", id,
                      (double)(now - st.watermark_ms) / 1000.0);
    sl_buf_printf(out, "sluice_query_running{query=\"%s\"} %d\n", id,
                  sl_query_get_state(rq->q, NULL) != SL_QUERY_ERROR);
    histogram(out, "sluice_query_processing_seconds", id, &st.processing);
    histogram(out, "sluice_query_e2e_latency_seconds", id, &st.e2e);
    histogram(out, "sluice_query_commit_seconds", id, &st.commit);
    consumer_lag(eng, id, out);
}

static void store_metrics(sl_engine *eng, sl_buf *out)
{
    char **names = NULL;
    int n = 0;
    sl_db_cf_list(eng->db, "s/", &names, &n);
    for (int i = 0; i < n; i++) {
        sl_db_cf *cf;
        if (sl_db_cf_get(eng->db, names[i], false, &cf) != NULL) continue;
        sl_buf_printf(out, "sluice_state_store_bytes{store=\"%s\"} %llu\n", names[i] + 2,
                      (unsigned long long)sl_db_cf_size(eng->db, cf));
    }
    free(names);
}

void sl_engine_metrics(sl_engine *eng, sl_buf *out)
{
    int push = sl_session_push_count(eng);
    pthread_mutex_lock(&eng->mu);
    help(out, "sluice_persistent_queries", "gauge", "Persistent queries running.");
    sl_buf_printf(out, "sluice_persistent_queries %zu\n", eng->nqueries);
    help(out, "sluice_push_queries_open", "gauge", "Push queries streaming to clients now.");
    sl_buf_printf(out, "sluice_push_queries_open %d\n", push);
    help(out, "sluice_query_records_in_total", "counter", "Source records a query read.");
    help(out, "sluice_query_records_out_total", "counter", "Records a query wrote.");
    help(out, "sluice_query_errors_total", "counter",
         "Records that failed, by processing log type.");
    help(out, "sluice_query_late_records_total", "counter",
         "Records dropped because their window had closed.");
    help(out, "sluice_query_commits_total", "counter", "Commits of a query.");
    help(out, "sluice_query_watermark_lag_seconds", "gauge",
         "Wall clock minus the query's lowest task watermark.");
    help(out, "sluice_query_running", "gauge", "1 while the query runs, 0 once it failed.");
    help(out, "sluice_query_processing_seconds", "histogram", "Time to process one polled batch.");
    help(out, "sluice_query_e2e_latency_seconds", "histogram",
         "From a record's timestamp to its processing.");
    help(out, "sluice_query_commit_seconds", "histogram", "Time per commit.");
    help(out, "sluice_query_consumer_lag", "gauge",
         "Records a query has still to read, per partition.");
    help(out, "sluice_state_store_bytes", "gauge", "Approximate bytes of a state store.");
    for (size_t i = 0; i < eng->nqueries; i++)
        query_metrics(eng, &eng->queries[i], out);
    store_metrics(eng, out);
    pthread_mutex_unlock(&eng->mu);
}

/* --- health ----------------------------------------------------------------------------- */

/* Why the query is unhealthy, into why; false when it is healthy. */
static bool query_unhealthy(sl_engine *eng, running_query *rq, const sl_conf *conf, sl_buf *why)
{
    sl_query_stats st;
    const char *failure = NULL;
    if (sl_query_get_state(rq->q, &failure) == SL_QUERY_ERROR) {
        sl_buf_printf(why, "query %s failed: %s", rq->id, failure ? failure : "");
        return true;
    }
    sl_query_get_stats(rq->q, &st);
    int64_t now = sl_clock_wall_ms(), window = sl_conf_int(conf, "health.window.ms");
    if (now - rq->h_at >= window || rq->h_at == 0) { /* a new window: keep the old start */
        rq->h_in0 = rq->h_in1, rq->h_err0 = rq->h_err1;
        rq->h_in1 = st.records_in, rq->h_err1 = st.errors;
        rq->h_at = now;
    }
    uint64_t din = st.records_in - rq->h_in0, derr = st.errors - rq->h_err0;
    double max_rate = (double)sl_conf_int(conf, "health.max.error.rate.ppm") / 1e6;
    if (din >= 100 && (double)derr / (double)din > max_rate) {
        sl_buf_printf(why, "query %s: error rate %.2f%% (%llu of %llu records) above %.2f%%",
                      rq->id, 100.0 * (double)derr / (double)din, (unsigned long long)derr,
                      (unsigned long long)din, 100.0 * max_rate);
        return true;
    }
    int64_t max_lag = sl_conf_int(conf, "health.max.watermark.lag.ms");
    bool active = st.last_record_ms && now - st.last_record_ms < window;
    if (active && st.watermark_ms != INT64_MIN && now - st.watermark_ms > max_lag) {
        sl_buf_printf(why, "query %s: watermark %lld ms behind the clock (limit %lld ms)", rq->id,
                      (long long)(now - st.watermark_ms), (long long)max_lag);
        return true;
    }
    int64_t stall = sl_conf_int(conf, "health.stall.ms");
    int64_t last = st.last_record_ms ? st.last_record_ms : rq->started_ms;
    if (now - last > stall && consumer_lag(eng, rq->id, NULL) > 0) {
        sl_buf_printf(why, "query %s: stalled, records wait but none was processed for %lld ms",
                      rq->id, (long long)(now - last));
        return true;
    }
    return false;
}

char *sl_engine_health(sl_engine *eng, const sl_conf *conf)
{
    sl_buf why = SL_BUF_INIT;
    pthread_mutex_lock(&eng->mu);
    for (size_t i = 0; i < eng->nqueries; i++) {
        sl_buf one = SL_BUF_INIT;
        if (query_unhealthy(eng, &eng->queries[i], conf, &one))
            sl_buf_printf(&why, "%s%s", why.len ? "; " : "", sl_buf_cstr(&one));
        sl_buf_free(&one);
    }
    pthread_mutex_unlock(&eng->mu);
    return why.len ? sl_buf_take(&why) : (sl_buf_free(&why), NULL);
}
