/*
 * render_entity.c - the /ksql entities as ksqlDB's CLI prints them, one
 * routine per "@type" in one dispatch table (descriptions live in
 * render_describe.c). Entity shapes are those of ksqlDB's
 * io.confluent.ksql.rest.entity classes; column headings, sort orders and
 * footers follow the CLI's table builders.
 */
#include "cli/render_int.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdlib.h>
#include <string.h>

typedef void (*entity_fn)(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar);

static const char *bool_str(const json_t *v)
{
    return json_is_true(v) ? "true" : "false";
}

/* currentStatus: the first line of the command's message in a box. */
static void r_status(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    const char *m = sl_render_str(json_object_get(e, "commandStatus"), "message", "");
    const char *nl = strchr(m, '\n');
    sl_render_table t;
    sl_render_table_init(&t, ar, 1, "Message");
    sl_render_table_row(&t, nl ? sl_arena_strndup(ar, m, (size_t)(nl - m)) : m);
    sl_render_table_print(&t, o->width, out);
}

/* warning_entity, and the plain message of an unexpected shape. */
static void r_message(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    sl_render_table t;
    sl_render_table_init(&t, ar, 1, "Message");
    sl_render_table_row(&t, sl_render_str(e, "message", ""));
    sl_render_table_print(&t, o->width, out);
}

static void r_terminate(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    sl_render_table t;
    sl_render_table_init(&t, ar, 1, "Message");
    sl_render_table_row(
        &t, sl_arena_printf(ar, "Terminated query \"%s\"", sl_render_str(e, "queryId", "")));
    sl_render_table_print(&t, o->width, out);
}

/* streams and tables: SourceInfo lists sorted by name. */
static void sources(sl_buf *out, const json_t *list, const char *heading, const sl_render_opts *o,
                    sl_arena *ar)
{
    size_t n;
    const json_t **s = sl_render_sorted(ar, list, "name", &n);
    sl_render_table t;
    sl_render_table_init(&t, ar, 5, heading, "Kafka Topic", "Key Format", "Value Format",
                         "Windowed");
    for (size_t i = 0; i < n; i++)
        sl_render_table_row(&t, sl_render_str(s[i], "name", ""), sl_render_str(s[i], "topic", ""),
                            sl_render_str(s[i], "keyFormat", ""),
                            sl_render_str(s[i], "valueFormat", ""),
                            bool_str(json_object_get(s[i], "isWindowed")));
    sl_render_table_print(&t, o->width, out);
}

static void r_streams(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    sources(out, json_object_get(e, "streams"), "Stream Name", o, ar);
}

static void r_tables(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    sources(out, json_object_get(e, "tables"), "Table Name", o, ar);
}

/* "RUNNING:1,ERROR:1" from statusCount, else the older "state". */
static const char *query_status(const json_t *q, sl_arena *ar)
{
    const json_t *sc = json_object_get(q, "statusCount");
    if (!json_object_size(sc)) return sl_render_str(q, "state", "N/A");
    sl_buf b = SL_BUF_INIT;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)sc, k, v)
    {
        sl_buf_printf(&b, "%s%s:", b.len ? "," : "", k);
        sl_render_value(&b, v);
    }
    const char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

static const char *joined(const json_t *arr, const char *sep, sl_arena *ar)
{
    sl_buf b = SL_BUF_INIT;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        if (i) sl_buf_puts(&b, sep);
        sl_render_value(&b, json_array_get(arr, i));
    }
    const char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

/* A query's text on one line. */
static const char *single_line(const char *s, sl_arena *ar)
{
    char *c = sl_arena_strdup(ar, s);
    for (char *p = c; *p; p++)
        if (*p == '\n') *p = ' ';
    return c;
}

static void r_queries(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    const json_t *qs = json_object_get(e, "queries");
    sl_render_table t;
    sl_render_table_init(&t, ar, 6, "Query ID", "Query Type", "Status", "Sink Name",
                         "Sink Kafka Topic", "Query String");
    for (size_t i = 0; i < json_array_size(qs); i++) {
        const json_t *q = json_array_get(qs, i);
        sl_render_table_row(&t, sl_render_str(q, "id", ""), sl_render_str(q, "queryType", ""),
                            query_status(q, ar), joined(json_object_get(q, "sinks"), ",", ar),
                            joined(json_object_get(q, "sinkKafkaTopics"), ",", ar),
                            single_line(sl_render_str(q, "queryString", ""), ar));
    }
    t.footer_line = "For detailed information on a Query run: EXPLAIN <Query ID>;";
    sl_render_table_print(&t, o->width, out);
}

/* One number if every partition has as many replicas, else the list. */
static const char *replicas(const json_t *ri, sl_arena *ar)
{
    size_t n = json_array_size(ri);
    bool same = true;
    for (size_t i = 1; i < n; i++)
        same = same && json_equal(json_array_get(ri, i), json_array_get(ri, 0));
    if (n == 0) return "0";
    return same ? sl_render_value_str(ar, json_array_get(ri, 0)) : joined(ri, ", ", ar);
}

static void r_topics(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    const json_t *ts = json_object_get(e, "topics");
    bool ext = strcmp(sl_render_str(e, "@type", ""), "kafka_topics_extended") == 0;
    sl_render_table t;
    if (ext)
        sl_render_table_init(&t, ar, 5, "Kafka Topic", "Partitions", "Replicas", "Consumers",
                             "ConsumerGroups");
    else
        sl_render_table_init(&t, ar, 3, "Kafka Topic", "Partitions", "Replicas");
    for (size_t i = 0; i < json_array_size(ts); i++) {
        const json_t *tp = json_array_get(ts, i), *ri = json_object_get(tp, "replicaInfo");
        const char *cells[5] = {sl_render_str(tp, "name", ""),
                                sl_arena_printf(ar, "%zu", json_array_size(ri)), replicas(ri, ar),
                                sl_render_value_str(ar, json_object_get(tp, "consumerCount")),
                                sl_render_value_str(ar, json_object_get(tp, "consumerGroupCount"))};
        sl_render_table_rowv(&t, cells);
    }
    sl_render_table_print(&t, o->width, out);
}

static bool str_in(const json_t *arr, const char *s)
{
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (strcmp(sl_render_str(json_array_get(arr, i), NULL, ""), s) == 0) return true;
    return false;
}

/* properties: where each value comes from (session override, default, server). */
static void r_properties(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    size_t n;
    const json_t **ps = sl_render_sorted(ar, json_object_get(e, "properties"), "name", &n);
    const json_t *over = json_object_get(e, "overwrittenProperties");
    const json_t *defs = json_object_get(e, "defaultProperties");
    sl_render_table t;
    sl_render_table_init(&t, ar, 4, "Property", "Scope", "Default override", "Effective Value");
    for (size_t i = 0; i < n; i++) {
        const char *name = sl_render_str(ps[i], "name", "");
        const json_t *v = json_object_get(ps[i], "value");
        const char *kind = str_in(over, name) ? "SESSION" : str_in(defs, name) ? "" : "SERVER";
        sl_render_table_row(&t, name, sl_render_str(ps[i], "scope", ""), kind,
                            !v || json_is_null(v) ? "NULL" : sl_render_value_str(ar, v));
    }
    sl_render_table_print(&t, o->width, out);
}

static int cmp_function(const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
    int c = strcmp(sl_render_str(x, "category", ""), sl_render_str(y, "category", ""));
    return c ? c : strcmp(sl_render_str(x, "name", ""), sl_render_str(y, "name", ""));
}

/* function_names: grouped by category (a blank row between groups) when the
 * server gives categories, else name and type. */
static void r_functions(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    const json_t *fs = json_object_get(e, "functions");
    size_t n = json_array_size(fs);
    bool by_cat = n && *sl_render_str(json_array_get(fs, 0), "category", "");
    const json_t **f =
        by_cat ? sl_arena_alloc(ar, n * sizeof *f) : sl_render_sorted(ar, fs, "name", &n);
    if (by_cat) {
        for (size_t i = 0; i < n; i++)
            f[i] = json_array_get(fs, i);
        qsort(f, n, sizeof *f, cmp_function);
    }
    sl_render_table t;
    sl_render_table_init(&t, ar, 2, "Function Name", "Category");
    for (size_t i = 0; i < n; i++) {
        const char *cat = sl_render_str(f[i], "category", "");
        if (by_cat && i && strcmp(cat, sl_render_str(f[i - 1], "category", "")) != 0)
            sl_render_table_row(&t, " ", " ");
        const char *second =
            by_cat ? cat : sl_str_upper(sl_arena_strdup(ar, sl_render_str(f[i], "type", "")));
        sl_render_table_row(&t, sl_render_str(f[i], "name", ""), second);
    }
    t.footer_line =
        "For detailed information about a function, run: DESCRIBE FUNCTION <Function Name>;";
    sl_render_table_print(&t, o->width, out);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void r_types(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    const json_t *types = json_object_get(e, "types");
    size_t n = json_object_size(types), i = 0;
    const char **keys = sl_arena_alloc(ar, (n ? n : 1) * sizeof *keys);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)types, k, v) keys[i++] = k;
    qsort(keys, n, sizeof *keys, cmp_key);
    sl_render_table t;
    sl_render_table_init(&t, ar, 2, "Type Name", "Schema");
    for (i = 0; i < n; i++) {
        sl_buf b = SL_BUF_INIT;
        sl_render_type(&b, json_object_get(types, keys[i]));
        sl_render_table_row(&t, keys[i], sl_buf_cstr(&b));
        sl_buf_free(&b);
    }
    sl_render_table_print(&t, o->width, out);
}

static void r_variables(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    size_t n;
    const json_t **vs = sl_render_sorted(ar, json_object_get(e, "variables"), "name", &n);
    sl_render_table t;
    sl_render_table_init(&t, ar, 2, "Variable Name", "Value");
    for (size_t i = 0; i < n; i++)
        sl_render_table_row(&t, sl_render_str(vs[i], "name", ""),
                            sl_render_value_str(ar, json_object_get(vs[i], "value")));
    sl_render_table_print(&t, o->width, out);
}

static void r_plan(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    sl_render_table t;
    sl_render_table_init(&t, ar, 1, "Execution Plan");
    sl_render_table_row(&t, sl_render_str(e, "executionPlan", ""));
    sl_render_table_print(&t, o->width, out);
}

static void r_topic_description(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    const char *schema = sl_render_str(e, "schemaString", NULL);
    sl_render_table t;
    if (schema)
        sl_render_table_init(&t, ar, 4, "Table Name", "Kafka Topic", "Type", "Schema");
    else
        sl_render_table_init(&t, ar, 3, "Table Name", "Kafka Topic", "Type");
    const char *cells[4] = {sl_render_str(e, "name", ""), sl_render_str(e, "kafkaTopic", ""),
                            sl_render_str(e, "format", ""), schema};
    sl_render_table_rowv(&t, cells);
    sl_render_table_print(&t, o->width, out);
}

static void r_source(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    (void)ar;
    sl_render_source_description(out, json_object_get(e, "sourceDescription"), o);
}

static void r_sources(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    (void)ar;
    const json_t *l = json_object_get(e, "sourceDescriptions");
    for (size_t i = 0; i < json_array_size(l); i++) {
        sl_render_source_description(out, json_array_get(l, i), o);
        sl_buf_putc(out, '\n');
    }
}

static void r_query(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    (void)ar;
    sl_render_query_description(out, json_object_get(e, "queryDescription"), o);
}

static void r_query_list(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    (void)ar;
    const json_t *l = json_object_get(e, "queryDescriptions");
    for (size_t i = 0; i < json_array_size(l); i++) {
        sl_render_query_description(out, json_array_get(l, i), o);
        sl_buf_putc(out, '\n');
    }
}

static void r_function(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    (void)ar;
    sl_render_function_description(out, e, o);
}

static void r_error_entity(sl_buf *out, const json_t *e, const sl_render_opts *o, sl_arena *ar)
{
    (void)o, (void)ar;
    sl_render_error(out, sl_render_str(e, "errorMessage", sl_render_str(e, "message", "")));
}

static const struct {
    const char *type;
    entity_fn fn;
} entity_table[] = {
    {"currentStatus", r_status},
    {"streams", r_streams},
    {"tables", r_tables},
    {"queries", r_queries},
    {"kafka_topics", r_topics},
    {"kafka_topics_extended", r_topics},
    {"properties", r_properties},
    {"function_names", r_functions},
    {"describe_function", r_function},
    {"type_list", r_types},
    {"variables", r_variables},
    {"sourceDescription", r_source},
    {"source_descriptions", r_sources},
    {"queryDescription", r_query},
    {"query_descriptions", r_query_list},
    {"executionPlan", r_plan},
    {"topicDescription", r_topic_description},
    {"warning_entity", r_message},
    {"terminate_query", r_terminate},
    {"error_entity", r_error_entity},
};

/* The @type of an entity that lacks one (older servers, documentation
 * examples), from the member that only that entity has. */
static const char *implied_type(const json_t *e)
{
    static const char *const by_member[][2] = {
        {"commandStatus", "currentStatus"},
        {"streams", "streams"},
        {"tables", "tables"},
        {"queries", "queries"},
        {"sourceDescription", "sourceDescription"},
        {"queryDescription", "queryDescription"},
        {"sourceDescriptions", "source_descriptions"},
        {"queryDescriptions", "query_descriptions"},
        {"functions", "function_names"},
        {"types", "type_list"},
        {"variables", "variables"},
        {"properties", "properties"},
        {"topics", "kafka_topics"},
        {"executionPlan", "executionPlan"},
    };
    const char *t = sl_render_str(e, "@type", NULL);
    for (size_t i = 0; !t && i < sizeof by_member / sizeof by_member[0]; i++)
        if (json_object_get(e, by_member[i][0])) t = by_member[i][1];
    return t ? t : "";
}

void sl_render_entity(sl_buf *out, const json_t *e, const sl_render_opts *o)
{
    const char *type = implied_type(e);
    for (size_t i = 0; i < sizeof entity_table / sizeof entity_table[0]; i++) {
        if (strcmp(type, entity_table[i].type) != 0) continue;
        sl_arena *ar = sl_arena_new(0);
        entity_table[i].fn(out, e, o, ar);
        sl_arena_free(ar);
        return;
    }
    sl_render_json(out, e); /* a newer server's entity: show what it said */
}

void sl_render_entities(sl_buf *out, const json_t *entities, const sl_render_opts *o)
{
    if (!json_is_array(entities)) {
        sl_buf_putc(out, '\n');
        sl_render_entity(out, entities, o);
        return;
    }
    size_t n = json_array_size(entities);
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(entities, i);
        sl_buf_putc(out, '\n');
        if (n > 1) sl_buf_printf(out, "%s\n", sl_render_str(e, "statementText", ""));
        sl_render_entity(out, e, o);
        const json_t *ws = json_object_get(e, "warnings");
        for (size_t w = 0; w < json_array_size(ws); w++)
            sl_buf_printf(out, "WARNING: %s\n",
                          sl_render_str(json_array_get(ws, w), "message", ""));
    }
}
