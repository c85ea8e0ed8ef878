/*
 * rqtt_match.c - comparing a server's answers with an RQTT case's expected
 * responses, by ksqlDB's rules (RestTestExecutor):
 *
 *   - an expected object names only the fields to check: each must be in the
 *     actual object, nested objects compare the same way;
 *   - a key "name|STARTS_WITH" checks that the actual string starts with the
 *     expected one; "{STATEMENT}" in an expected string is the statement's text;
 *   - a query answer has exactly as many elements as expected, and its rows'
 *     "columns" compare as a multiset (row order is free) unless the case
 *     asks to verify the order;
 *   - numbers compare as ksqlDB's test tools compare them (qtt_json_equal).
 */
#include "cli/rqtt.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct cols_seen {
    json_t *actual, *expected; /* arrays of the "columns" values met */
} cols_seen;

static void describe(sl_buf *b, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
    sl_buf_puts(b, s ? s : "?");
    free(s);
}

/* expected with {STATEMENT} replaced by stmt (a new reference). */
static json_t *macro(json_t *expected, const char *stmt)
{
    const char *s = json_string_value(expected);
    const char *hit = s && stmt ? strstr(s, "{STATEMENT}") : NULL;
    if (!hit) return json_incref(expected);
    sl_buf b = SL_BUF_INIT;
    for (const char *p = s; *p;) {
        const char *h = strstr(p, "{STATEMENT}");
        if (!h) {
            sl_buf_puts(&b, p);
            break;
        }
        sl_buf_append(&b, p, (size_t)(h - p));
        sl_buf_puts(&b, stmt);
        p = h + strlen("{STATEMENT}");
    }
    json_t *out = json_string(sl_buf_cstr(&b));
    sl_buf_free(&b);
    return out;
}

static bool fields(json_t *actual, json_t *expected, const char *stmt, const char *path,
                   bool verify_order, cols_seen *cols, sl_buf *why);

static bool one_field(json_t *actual, const char *key, json_t *ev, const char *stmt,
                      const char *path, bool verify_order, cols_seen *cols, sl_buf *why)
{
    const char *bar = strchr(key, '|');
    char name[256];
    size_t nl = bar ? (size_t)(bar - key) : strlen(key);
    if (nl >= sizeof name) nl = sizeof name - 1;
    memcpy(name, key, nl);
    name[nl] = '\0';
    bool starts_with = bar && strcasecmp(bar + 1, "STARTS_WITH") == 0;
    json_t *av = json_object_get(actual, name);
    if (!av) {
        sl_buf_printf(why, "Response mismatch at %s: no field \"%s\" in ", path, name);
        describe(why, actual);
        return false;
    }
    char sub[1024];
    snprintf(sub, sizeof sub, "%s->%s", path, name);
    if (json_is_object(ev)) {
        if (json_is_object(av)) return fields(av, ev, stmt, sub, verify_order, cols, why);
        sl_buf_printf(why, "Response mismatch at %s: expected an object, got ", sub);
        describe(why, av);
        return false;
    }
    json_t *want = macro(ev, stmt);
    bool ok;
    if (starts_with) {
        const char *a = json_string_value(av), *w = json_string_value(want);
        ok = a && w && strncmp(a, w, strlen(w)) == 0;
    } else if (!verify_order && strstr(sub, "query") && strstr(sub, "row") &&
               strcasecmp(name, "columns") == 0) {
        json_array_append(cols->actual, av);
        json_array_append(cols->expected, want);
        ok = true;
    } else {
        ok = qtt_json_equal(want, av);
    }
    if (!ok) {
        sl_buf_printf(why, "Response mismatch at %s\nEXPECTED %s", sub,
                      starts_with ? "a string starting with " : "");
        describe(why, want);
        sl_buf_puts(why, "\nACTUAL   ");
        describe(why, av);
    }
    json_decref(want);
    return ok;
}

static bool fields(json_t *actual, json_t *expected, const char *stmt, const char *path,
                   bool verify_order, cols_seen *cols, sl_buf *why)
{
    const char *k;
    json_t *ev;
    json_object_foreach(expected, k, ev)
    {
        if (!one_field(actual, k, ev, stmt, path, verify_order, cols, why)) return false;
    }
    return true;
}

/* Every actual row's columns matched by a distinct expected one (the counts are equal). */
static bool same_multiset(cols_seen *cols, sl_buf *why)
{
    size_t n = json_array_size(cols->actual);
    bool *used = sl_calloc(n + 1, sizeof *used);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        json_t *a = json_array_get(cols->actual, i);
        size_t j = 0;
        while (j < n && (used[j] || !qtt_json_equal(json_array_get(cols->expected, j), a)))
            j++;
        if (j < n) {
            used[j] = true;
            continue;
        }
        ok = false;
        sl_buf_puts(why, "row not expected (rows compared in any order): ");
        describe(why, a);
        sl_buf_puts(why, "\nEXPECTED rows ");
        describe(why, cols->expected);
        sl_buf_puts(why, "\nACTUAL rows   ");
        describe(why, cols->actual);
    }
    free(used);
    return ok;
}

bool rqtt_match_admin(json_t *expected, json_t *actual, const char *stmt, const char *path,
                      sl_buf *why)
{
    cols_seen cols = {json_array(), json_array()};
    bool ok = json_is_object(actual) && fields(actual, expected, stmt, path, false, &cols, why);
    if (!json_is_object(actual)) sl_buf_printf(why, "%s: the answer is not an entity", path);
    json_decref(cols.actual);
    json_decref(cols.expected);
    return ok;
}

bool rqtt_match_query(json_t *expected, json_t *actual, const char *stmt, bool verify_order,
                      const char *path, sl_buf *why)
{
    size_t ne = json_array_size(expected), na = json_array_size(actual);
    if (ne != na) {
        sl_buf_printf(why, "%s: %zu elements expected, %zu received\nEXPECTED ", path, ne, na);
        describe(why, expected);
        sl_buf_puts(why, "\nACTUAL   ");
        describe(why, actual);
        return false;
    }
    cols_seen cols = {json_array(), json_array()};
    bool ok = true;
    for (size_t i = 0; i < ne && ok; i++) {
        char sub[512];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        json_t *e = json_array_get(expected, i), *a = json_array_get(actual, i);
        ok = json_is_object(e) && json_is_object(a) &&
             fields(a, e, stmt, sub, verify_order, &cols, why);
        if (!ok && !why->len) sl_buf_printf(why, "%s: not an object", sub);
    }
    if (ok) ok = same_multiset(&cols, why);
    json_decref(cols.actual);
    json_decref(cols.expected);
    return ok;
}

bool rqtt_match_error(json_t *expected, long status, json_t *body, sl_buf *why)
{
    json_t *st = json_object_get(expected, "status");
    const char *msg = json_string_value(json_object_get(expected, "message"));
    const char *type = json_string_value(json_object_get(expected, "type"));
    const char *amsg = json_string_value(json_object_get(body, "message"));
    const char *atype = json_string_value(json_object_get(body, "@type"));
    if (st && json_integer_value(st) != status) {
        sl_buf_printf(why, "EXPECTED an error with HTTP status %lld\nACTUAL   HTTP %ld: %s",
                      (long long)json_integer_value(st), status, amsg ? amsg : "");
        return false;
    }
    if (msg && (!amsg || !strstr(amsg, msg))) {
        sl_buf_printf(why, "EXPECTED error containing: '%s'\nACTUAL   error: '%s'", msg,
                      amsg ? amsg : "(none)");
        return false;
    }
    if (type && strstr(type, "KsqlStatementErrorMessage") &&
        (!atype || strcmp(atype, "statement_error") != 0)) {
        sl_buf_printf(why, "EXPECTED a statement_error\nACTUAL   %s", atype ? atype : "(no @type)");
        return false;
    }
    return true;
}
