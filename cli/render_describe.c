/*
 * render_describe.c - DESCRIBE [EXTENDED], EXPLAIN and DESCRIBE FUNCTION as
 * ksqlDB's CLI prints them: "Label : value" lines (labels padded to 20, or to
 * 12 for functions), the field table, then sections that appear only when
 * they have content (queries, runtime statistics, plan, topology, ...).
 *
 * Input shapes: SourceDescription, QueryDescription and
 * FunctionDescriptionList of ksqlDB's REST entities.
 */
#include "cli/render_int.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 20 /* label width of descriptions */

/* The Type column of a field: the type, then (key)/(primary key) and window. */
static const char *field_type(const json_t *f, const char *window, bool is_table, sl_arena *ar)
{
    sl_buf b = SL_BUF_INIT;
    sl_render_type(&b, json_object_get(f, "schema"));
    const char *kind = sl_render_str(f, "type", "");
    char *ty = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_reset(&b);
    if (strcmp(kind, "KEY") == 0 || strcmp(kind, "HEADER") == 0) {
        sl_render_pad(&b, ty, 16);
        if (strcmp(kind, "HEADER") == 0) {
            const char *hk = sl_render_str(f, "headerKey", NULL);
            sl_buf_printf(&b, hk ? " (header('%s'))" : " (headers)", hk);
        } else {
            sl_buf_puts(&b, is_table ? " (primary key)" : " (key)");
            if (window) sl_buf_printf(&b, " (Window type: %s)", window);
        }
        ty = sl_arena_strdup(ar, sl_buf_cstr(&b));
    }
    sl_buf_free(&b);
    return ty;
}

static void schema_table(sl_buf *out, const json_t *fields, const char *window, bool is_table,
                         const sl_render_opts *o, sl_arena *ar)
{
    if (!json_array_size(fields)) return;
    sl_render_table t;
    sl_render_table_init(&t, ar, 2, "Field", "Type");
    for (size_t i = 0; i < json_array_size(fields); i++) {
        const json_t *f = json_array_get(fields, i);
        sl_render_table_row(&t, sl_render_str(f, "name", ""), field_type(f, window, is_table, ar));
    }
    sl_render_table_print(&t, o->width, out);
}

static void topic_info(sl_buf *out, const json_t *sd, sl_arena *ar)
{
    const char *ts = sl_render_str(sd, "timestamp", "");
    sl_render_label(out, W, "Timestamp field", *ts ? ts : "Not set - using <ROWTIME>");
    sl_render_label(out, W, "Key format", sl_render_str(sd, "keyFormat", ""));
    sl_render_label(out, W, "Value format", sl_render_str(sd, "valueFormat", ""));
    const char *topic = sl_render_str(sd, "topic", "");
    json_int_t parts = json_integer_value(json_object_get(sd, "partitions"));
    if (!*topic) return;
    if (parts)
        topic = sl_arena_printf(
            ar, "%s (partitions: %" JSON_INTEGER_FORMAT ", replication: %" JSON_INTEGER_FORMAT ")",
            topic, parts, json_integer_value(json_object_get(sd, "replication")));
    sl_render_label(out, W, "Kafka topic", topic);
}

/* "\n%-20s\n%-20s\n": a section title and its underline. */
static void section(sl_buf *out, const char *title, const char *rule)
{
    sl_buf_putc(out, '\n');
    sl_render_pad(out, title, W);
    sl_buf_putc(out, '\n');
    sl_render_pad(out, rule, W);
    sl_buf_putc(out, '\n');
}

static void running_queries(sl_buf *out, const json_t *qs, const char *type, const char *op)
{
    if (!json_array_size(qs)) return;
    sl_buf title = SL_BUF_INIT;
    sl_buf_printf(&title, "Queries that %s from this %s", op, type);
    section(out, title.p, "-----------------------------------");
    sl_buf_free(&title);
    for (size_t i = 0; i < json_array_size(qs); i++) {
        const json_t *q = json_array_get(qs, i);
        const char *state = sl_render_str(q, "state", NULL);
        if (!state)
            state = json_integer_value(json_object_get(json_object_get(q, "statusCount"), "ERROR"))
                        ? "ERROR"
                        : "RUNNING";
        sl_buf_printf(out, "%s (%s) : ", sl_render_str(q, "id", ""), state);
        for (const char *c = sl_render_str(q, "queryString", ""); *c; c++)
            sl_buf_putc(out, *c == '\n' ? ' ' : *c);
        sl_buf_putc(out, '\n');
    }
    sl_buf_puts(out, "\nFor query topology and execution plan please run: EXPLAIN <QueryId>\n");
}

static const char *stat_time(const json_t *ts, sl_arena *ar)
{
    if (!json_is_integer(ts)) return sl_render_value_str(ar, ts);
    time_t secs = (time_t)(json_integer_value(ts) / 1000);
    struct tm tm;
    char buf[40];
    gmtime_r(&secs, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return sl_arena_printf(ar, "%s.%03dZ", buf, (int)(json_integer_value(ts) % 1000));
}

/* Adds the rows of {"host:port": {"metric": {"name", "value", "timestamp"}}}
 * to list as [host, name, stat]. */
static void host_stats(json_t *list, const json_t *by_host)
{
    const char *host, *metric;
    json_t *stats, *st;
    json_object_foreach((json_t *)by_host, host, stats)
    {
        json_object_foreach(stats, metric, st)
        {
            const char *name = sl_render_str(st, "name", metric);
            json_array_append_new(list, json_pack("[s,s,O]", host, name, st));
        }
    }
}

static int cmp_stat(const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
    int c =
        strcmp(json_string_value(json_array_get(x, 0)), json_string_value(json_array_get(y, 0)));
    return c ? c
             : strcmp(json_string_value(json_array_get(x, 1)),
                      json_string_value(json_array_get(y, 1)));
}

static void statistics(sl_buf *out, const json_t *sd, const sl_render_opts *o, sl_arena *ar)
{
    const json_t *cs = json_object_get(sd, "clusterStatistics");
    const json_t *ce = json_object_get(sd, "clusterErrorStats");
    if (!json_object_size(cs) && !json_object_size(ce)) {
        sl_buf_puts(out, "\nLocal runtime statistics\n------------------------\n");
        sl_buf_printf(out, "%s\n%s\n", sl_render_str(sd, "statistics", ""),
                      sl_render_str(sd, "errorStats", ""));
        return;
    }
    sl_buf_puts(out, "\nRuntime statistics by host\n-------------------------\n");
    json_t *list = json_array();
    host_stats(list, cs);
    host_stats(list, ce);
    size_t n = json_array_size(list);
    const json_t **rows = sl_arena_alloc(ar, (n ? n : 1) * sizeof *rows);
    for (size_t i = 0; i < n; i++)
        rows[i] = json_array_get(list, i);
    qsort(rows, n, sizeof *rows, cmp_stat); /* by host, then metric, as ksqlDB */
    sl_render_table t;
    sl_render_table_init(&t, ar, 4, "Host", "Metric", "Value", "Last Message");
    for (size_t i = 0; i < n; i++) {
        const json_t *st = json_array_get(rows[i], 2);
        sl_render_table_row(
            &t, json_string_value(json_array_get(rows[i], 0)),
            json_string_value(json_array_get(rows[i], 1)),
            sl_arena_printf(ar, "%10.0f", json_number_value(json_object_get(st, "value"))),
            stat_time(json_object_get(st, "timestamp"), ar));
    }
    sl_render_table_print(&t, o->width, out);
    json_decref(list);
}

static void offset_summaries(sl_buf *out, const json_t *sums, const sl_render_opts *o, sl_arena *ar)
{
    if (!json_array_size(sums)) return;
    sl_buf_puts(out, "\nConsumer Groups summary:\n");
    for (size_t i = 0; i < json_array_size(sums); i++) {
        const json_t *g = json_array_get(sums, i), *tss = json_object_get(g, "topicSummaries");
        sl_buf_putc(out, '\n');
        sl_render_label(out, W, "Consumer Group", sl_render_str(g, "groupId", ""));
        if (!json_array_size(tss)) sl_buf_puts(out, "<no offsets committed by this group yet>\n");
        for (size_t j = 0; j < json_array_size(tss); j++) {
            const json_t *ts = json_array_get(tss, j), *offs = json_object_get(ts, "offsets");
            json_int_t max_lag = 0;
            sl_render_table t;
            sl_render_table_init(&t, ar, 5, "Partition", "Start Offset", "End Offset", "Offset",
                                 "Lag");
            for (size_t k = 0; k < json_array_size(offs); k++) {
                const json_t *of = json_array_get(offs, k);
                json_int_t end = json_integer_value(json_object_get(of, "logEndOffset"));
                json_int_t at = json_integer_value(json_object_get(of, "consumerOffset"));
                if (end - at > max_lag) max_lag = end - at;
                sl_render_table_row(&t, sl_render_value_str(ar, json_object_get(of, "partition")),
                                    sl_render_value_str(ar, json_object_get(of, "logStartOffset")),
                                    sl_arena_printf(ar, "%" JSON_INTEGER_FORMAT, end),
                                    sl_arena_printf(ar, "%" JSON_INTEGER_FORMAT, at),
                                    sl_arena_printf(ar, "%" JSON_INTEGER_FORMAT, end - at));
            }
            sl_buf_putc(out, '\n');
            sl_render_label(out, W, "Kafka topic", sl_render_str(ts, "kafkaTopic", ""));
            sl_render_label(out, W, "Max lag",
                            sl_arena_printf(ar, "%" JSON_INTEGER_FORMAT, max_lag));
            sl_buf_putc(out, '\n');
            sl_render_table_print(&t, o->width, out);
        }
    }
}

static void source_extended(sl_buf *out, const json_t *sd, const char *type, const char *window,
                            const sl_render_opts *o, sl_arena *ar)
{
    bool is_table = strcmp(type, "TABLE") == 0;
    sl_render_label(out, W, "Type", type);
    topic_info(out, sd, ar);
    sl_render_label(out, W, "Statement", sl_render_str(sd, "statement", ""));
    sl_buf_putc(out, '\n');
    schema_table(out, json_object_get(sd, "fields"), window, is_table, o, ar);
    const json_t *cons = json_object_get(sd, "sourceConstraints");
    if (json_array_size(cons)) {
        section(out, "Sources that have a DROP constraint on this source",
                "--------------------------------------------------");
        for (size_t i = 0; i < json_array_size(cons); i++)
            sl_buf_printf(out, "%s\n", sl_render_str(json_array_get(cons, i), NULL, ""));
    }
    running_queries(out, json_object_get(sd, "readQueries"), type, "read");
    running_queries(out, json_object_get(sd, "writeQueries"), type, "write");
    statistics(out, sd, o, ar);
    sl_buf_printf(out,
                  "(Statistics of the local sluice server interaction with the Kafka topic %s)\n",
                  sl_render_str(sd, "topic", ""));
    offset_summaries(out, json_object_get(sd, "queryOffsetSummaries"), o, ar);
}

void sl_render_source_description(sl_buf *out, const json_t *sd, const sl_render_opts *o)
{
    sl_arena *ar = sl_arena_new(0);
    const char *type = sl_render_str(sd, "type", "");
    const char *window = sl_render_str(sd, "windowType", NULL);
    sl_render_label(out, W, "Name", sl_render_str(sd, "name", ""));
    if (json_is_true(json_object_get(sd, "extended"))) {
        source_extended(out, sd, type, window, o, ar);
    } else {
        schema_table(out, json_object_get(sd, "fields"), window, strcmp(type, "TABLE") == 0, o, ar);
        sl_buf_puts(
            out,
            "For runtime statistics and query details run: DESCRIBE <Stream,Table> EXTENDED;\n");
    }
    sl_arena_free(ar);
}

static void name_list(sl_buf *out, const json_t *names, const char *title, const char *footer)
{
    if (!json_array_size(names)) return;
    section(out, title, "-----------------------------------");
    for (size_t i = 0; i < json_array_size(names); i++)
        sl_buf_printf(out, "%s\n", sl_render_str(json_array_get(names, i), NULL, ""));
    sl_buf_printf(out, "\n%s\n", footer);
}

static void text_section(sl_buf *out, const char *title, const char *rule, const char *text)
{
    if (!*text) return;
    section(out, title, rule);
    sl_buf_printf(out, "%s\n", text);
}

static void overridden(sl_buf *out, const json_t *props, const sl_render_opts *o, sl_arena *ar)
{
    size_t n = json_object_size(props), i = 0;
    if (!n) return;
    json_t *list = json_array();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)props, k, v)
        json_array_append_new(list, json_pack("{s:s,s:O}", "name", k, "value", v));
    const json_t **sorted = sl_render_sorted(ar, list, "name", &n);
    sl_render_table t;
    sl_render_table_init(&t, ar, 2, "Property", "Value");
    for (i = 0; i < n; i++)
        sl_render_table_row(&t, sl_render_str(sorted[i], "name", ""),
                            sl_render_value_str(ar, json_object_get(sorted[i], "value")));
    t.header_line = "\nOverridden Properties\n---------------------";
    sl_render_table_print(&t, o->width, out);
    json_decref(list);
}

/* An error's time as the CLI prints it: local "yyyy-MM-dd hh:mm:ss,SSS (zone)"
 * (hh: ksqlDB uses the 12-hour clock here). */
static const char *error_date(const json_t *ts, sl_arena *ar)
{
    if (!json_is_integer(ts)) return sl_render_value_str(ar, ts);
    json_int_t ms = json_integer_value(ts);
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    char day[32], zone[16];
    localtime_r(&secs, &tm);
    strftime(day, sizeof day, "%Y-%m-%d %I:%M:%S", &tm);
    strftime(zone, sizeof zone, "%Z", &tm);
    return sl_arena_printf(ar, "%s,%03d (%s)", day, (int)(ms % 1000), zone);
}

static void query_errors(sl_buf *out, const json_t *errs, sl_arena *ar)
{
    sl_buf_putc(out, '\n');
    for (size_t i = 0; i < json_array_size(errs); i++) {
        const json_t *e = json_array_get(errs, i);
        sl_render_label(out, W, "Error Date", error_date(json_object_get(e, "timestamp"), ar));
        sl_render_label(out, W, "Error Details", sl_render_str(e, "errorMessage", ""));
        sl_render_label(out, W, "Error Type", sl_render_str(e, "type", ""));
    }
}

void sl_render_query_description(sl_buf *out, const json_t *qd, const sl_render_opts *o)
{
    sl_arena *ar = sl_arena_new(0);
    sl_render_label(out, W, "ID", sl_render_str(qd, "id", ""));
    sl_render_label(out, W, "Query Type", sl_render_str(qd, "queryType", ""));
    const char *sql = sl_render_str(qd, "statementText", "");
    if (*sql) sl_render_label(out, W, "SQL", sql);
    const json_t *hs = json_object_get(qd, "ksqlHostQueryStatus");
    if (json_object_size(hs))
        sl_render_label(out, W, "Host Query Status", sl_render_value_str(ar, hs));
    sl_buf_putc(out, '\n');
    schema_table(out, json_object_get(qd, "fields"), sl_render_str(qd, "windowType", NULL), false,
                 o, ar);
    name_list(out, json_object_get(qd, "sources"), "Sources that this query reads from: ",
              "For source description please run: DESCRIBE [EXTENDED] <SourceId>");
    name_list(out, json_object_get(qd, "sinks"), "Sinks that this query writes to: ",
              "For sink description please run: DESCRIBE [EXTENDED] <SinkId>");
    text_section(out, "Execution plan", "--------------", sl_render_str(qd, "executionPlan", ""));
    text_section(out, "Processing topology", "-------------------",
                 sl_render_str(qd, "topology", ""));
    overridden(out, json_object_get(qd, "overriddenProperties"), o, ar);
    query_errors(out, json_object_get(qd, "queryErrors"), ar);
    sl_arena_free(ar);
}

/* ---- DESCRIBE FUNCTION ---- */

/* Word-wraps text at max characters as the CLI's splitLongLine does. */
static void split_long_line(sl_buf *out, const char *s, size_t max)
{
    size_t line = 0;
    while (*s) {
        size_t n = *s == ' ' || *s == '\n' ? 1 : strcspn(s, " \n");
        size_t w = sl_render_text_width(s, n);
        if (*s == '\n' || line + w > max) {
            sl_buf_putc(out, '\n');
            line = 0;
            if (*s == '\n') {
                s++;
                continue;
            }
        }
        sl_buf_append(out, s, n);
        line += w;
        s += n;
    }
}

/* "label: text" with text wrapped to the terminal and continued under itself;
 * nothing when text is blank. tab: the label is indented by a tab. */
static void description(sl_buf *out, bool tab, const char *label, const char *text, int width)
{
    while (*text == ' ' || *text == '\n' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\n' || text[n - 1] == '\t'))
        n--;
    if (!n) return;
    size_t label_len = (tab ? 2 : 0) + 12 + 2;
    size_t max = (size_t)(width > 80 ? width : 80) - label_len;
    char *trimmed = sl_strndup(text, n);
    sl_buf wrapped = SL_BUF_INIT;
    split_long_line(&wrapped, trimmed, max);
    free(trimmed);
    if (tab) sl_buf_putc(out, '\t');
    sl_render_pad(out, label, 12);
    sl_buf_puts(out, ": ");
    for (const char *c = sl_buf_cstr(&wrapped); *c; c++) {
        sl_buf_putc(out, *c);
        if (*c == '\n')
            for (size_t i = 0; i < label_len; i++)
                sl_buf_putc(out, ' ');
    }
    sl_buf_putc(out, '\n');
    sl_buf_free(&wrapped);
}

static void fn_line(sl_buf *out, const char *label, const char *value)
{
    sl_render_pad(out, label, 12);
    sl_buf_printf(out, ": %s\n", value);
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t\n")] == '\0';
}

static void variation(sl_buf *out, const char *name, const json_t *fi, int width)
{
    const json_t *args = json_object_get(fi, "arguments");
    sl_buf_printf(out, "\n\t%-12s: %s(", "Variation", name);
    for (size_t i = 0; i < json_array_size(args); i++) {
        const json_t *a = json_array_get(args, i);
        const char *an = sl_render_str(a, "name", "");
        sl_buf_printf(out, "%s%s%s%s%s", i ? ", " : "", an, *an ? " " : "",
                      sl_render_str(a, "type", ""),
                      json_is_true(json_object_get(a, "isVariadic")) ? "[]" : "");
    }
    sl_buf_puts(out, ")\n");
    sl_buf_printf(out, "\t%-12s: %s\n", "Returns", sl_render_str(fi, "returnType", ""));
    description(out, true, "Description", sl_render_str(fi, "description", ""), width);
    for (size_t i = 0; i < json_array_size(args); i++) {
        const json_t *a = json_array_get(args, i);
        description(out, true, sl_render_str(a, "name", ""), sl_render_str(a, "description", ""),
                    width);
    }
}

void sl_render_function_description(sl_buf *out, const json_t *fd, const sl_render_opts *o)
{
    char *name = sl_str_upper(sl_strdup(sl_render_str(fd, "name", "")));
    fn_line(out, "Name", name);
    const char *author = sl_render_str(fd, "author", ""),
               *version = sl_render_str(fd, "version", "");
    if (!blank(author)) fn_line(out, "Author", author);
    if (!blank(version)) fn_line(out, "Version", version);
    description(out, false, "Overview", sl_render_str(fd, "description", ""), o->width);
    fn_line(out, "Type", sl_render_str(fd, "type", ""));
    fn_line(out, "Jar", sl_render_str(fd, "path", ""));
    fn_line(out, "Variations", "");
    const json_t *fns = json_object_get(fd, "functions");
    for (size_t i = 0; i < json_array_size(fns); i++)
        variation(out, name, json_array_get(fns, i), o->width);
    free(name);
}
