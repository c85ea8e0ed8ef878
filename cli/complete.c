/*
 * complete.c - what Tab offers: SQL keywords, and the names of streams,
 * tables, their columns, queries and functions, fetched from the server.
 *
 * Model: a cache filled on the first Tab (SHOW STREAMS / TABLES / QUERIES /
 * FUNCTIONS, then DESCRIBE of each source for its columns, at most
 * MAX_DESCRIBE of them) and dropped after any statement that changes the
 * catalog (CREATE, DROP, TERMINATE, ...) or a switch of server, so the next
 * Tab fetches again. Completion is a convenience: when the server cannot be
 * asked, keywords are still offered and the next Tab asks again.
 */
#include "cli/shell_int.h"
#include "common/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DESCRIBE 50

struct sl_complete {
    json_t *names; /* array of strings */
    bool fresh;
};

static const char *const keywords[] = {
    "ADD",        "ADVANCE",
    "ALL",        "ALTER",
    "AND",        "ARRAY",
    "AS",         "ASSERT",
    "BETWEEN",    "BIGINT",
    "BOOLEAN",    "BY",
    "BYTES",      "CASE",
    "CAST",       "CHANGES",
    "COLUMN",     "CONNECTOR",
    "CONNECTORS", "CREATE",
    "DATE",       "DECIMAL",
    "DEFINE",     "DELETE",
    "DESCRIBE",   "DOUBLE",
    "DROP",       "ELSE",
    "EMIT",       "END",
    "EXISTS",     "EXPLAIN",
    "EXTENDED",   "FALSE",
    "FINAL",      "FORMAT",
    "FROM",       "FULL",
    "FUNCTION",   "FUNCTIONS",
    "GRACE",      "GROUP",
    "HAVING",     "HEADER",
    "HEADERS",    "HOPPING",
    "IF",         "IN",
    "INNER",      "INSERT",
    "INT",        "INTEGER",
    "INTO",       "IS",
    "JOIN",       "KAFKA_TOPIC",
    "KEY",        "KEY_FORMAT",
    "LEFT",       "LIKE",
    "LIMIT",      "LIST",
    "MAP",        "NOT",
    "NULL",       "ON",
    "OR",         "OUTER",
    "PARTITION",  "PARTITIONS",
    "PERIOD",     "PRIMARY",
    "PRINT",      "PROPERTIES",
    "QUERIES",    "REPLACE",
    "REPLICAS",   "RETENTION",
    "RIGHT",      "RUN",
    "SCRIPT",     "SELECT",
    "SESSION",    "SET",
    "SHOW",       "SIZE",
    "SOURCE",     "STREAM",
    "STREAMS",    "STRING",
    "STRUCT",     "TABLE",
    "TABLES",     "TERMINATE",
    "THEN",       "TIME",
    "TIMESTAMP",  "TIMESTAMP_FORMAT",
    "TOPIC",      "TOPICS",
    "TRUE",       "TUMBLING",
    "TYPE",       "TYPES",
    "UNDEFINE",   "UNSET",
    "VALUES",     "VALUE_FORMAT",
    "VARCHAR",    "VARIABLES",
    "WHEN",       "WHERE",
    "WINDOW",     "WITH",
    "WITHIN",
};

sl_complete *sl_complete_new(void)
{
    sl_complete *c = sl_calloc(1, sizeof *c);
    c->names = json_array();
    return c;
}

void sl_complete_free(sl_complete *c)
{
    if (!c) return;
    json_decref(c->names);
    free(c);
}

void sl_complete_invalidate(sl_complete *c)
{
    json_array_clear(c->names);
    c->fresh = false;
}

/* Runs one statement; the entities array, or NULL when it failed. */
static json_t *ask(sl_rest *r, const json_t *props, const char *ksql)
{
    sl_rest_req req = {.ksql = ksql, .props = props};
    sl_rest_result res;
    sl_error *err = sl_rest_ksql(r, &req, &res);
    json_t *out = NULL;
    if (!err && res.status == 200 && json_is_array(res.body)) out = json_incref(res.body);
    sl_error_free(err);
    sl_rest_result_clear(&res);
    return out;
}

/* Adds member `key` of each item of list `member` of the first entity. */
static void collect(json_t *names, const json_t *entities, const char *member, const char *key)
{
    const json_t *list = json_object_get(json_array_get(entities, 0), member);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *s = json_string_value(json_object_get(json_array_get(list, i), key));
        if (s) json_array_append_new(names, json_string(s));
    }
}

static void add_columns(sl_complete *c, sl_rest *r, const json_t *props, const char *source)
{
    sl_buf q = SL_BUF_INIT;
    sl_buf_puts(&q, "DESCRIBE `");
    for (const char *p = source; *p; p++) {
        sl_buf_putc(&q, *p);
        if (*p == '`') sl_buf_putc(&q, '`');
    }
    sl_buf_puts(&q, "`;");
    json_t *e = ask(r, props, q.p);
    const json_t *fields =
        json_object_get(json_object_get(json_array_get(e, 0), "sourceDescription"), "fields");
    for (size_t i = 0; i < json_array_size(fields); i++) {
        const char *s = json_string_value(json_object_get(json_array_get(fields, i), "name"));
        if (s) json_array_append_new(c->names, json_string(s));
    }
    json_decref(e);
    sl_buf_free(&q);
}

void sl_complete_refresh(sl_complete *c, sl_rest *r, const json_t *props)
{
    if (c->fresh) return;
    json_t *streams = ask(r, props, "SHOW STREAMS;");
    if (!streams) return;
    json_t *tables = ask(r, props, "SHOW TABLES;"), *queries = ask(r, props, "SHOW QUERIES;");
    json_t *functions = ask(r, props, "SHOW FUNCTIONS;");
    json_array_clear(c->names);
    collect(c->names, streams, "streams", "name");
    collect(c->names, tables, "tables", "name");
    size_t sources = json_array_size(c->names);
    for (size_t i = 0; i < sources && i < MAX_DESCRIBE; i++)
        add_columns(c, r, props, json_string_value(json_array_get(c->names, i)));
    collect(c->names, queries, "queries", "id");
    collect(c->names, functions, "functions", "name");
    json_decref(streams);
    json_decref(tables);
    json_decref(queries);
    json_decref(functions);
    c->fresh = true;
}

static bool has_lower(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (islower((unsigned char)s[i])) return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends word to out, in lower case when the user types lower case and the
 * word is all upper case (an unquoted name or keyword, case-insensitive). */
static void offer(json_t *out, const char *word, const char *prefix, size_t n)
{
    if (strlen(word) < n || strncasecmp(word, prefix, n) != 0) return;
    char *w = sl_strdup(word);
    if (has_lower(prefix, n) && !has_lower(word, strlen(word)))
        for (char *p = w; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    json_array_append_new(out, json_string(w));
    free(w);
}

json_t *sl_complete_candidates(const sl_complete *c, const char *prefix, size_t n)
{
    json_t *found = json_array();
    if (n == 0) return found;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        offer(found, keywords[i], prefix, n);
    for (size_t i = 0; i < json_array_size(c->names); i++)
        offer(found, json_string_value(json_array_get(c->names, i)), prefix, n);
    size_t k = json_array_size(found);
    const char **words = sl_malloc((k ? k : 1) * sizeof *words);
    for (size_t i = 0; i < k; i++)
        words[i] = json_string_value(json_array_get(found, i));
    qsort(words, k, sizeof *words, cmp_str);
    json_t *out = json_array();
    for (size_t i = 0; i < k; i++)
        if (i == 0 || strcmp(words[i], words[i - 1]) != 0)
            json_array_append_new(out, json_string(words[i]));
    free(words);
    json_decref(found);
    return out;
}
