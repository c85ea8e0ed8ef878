/*
 * qtt_run.c - running one ksqlDB QTT case (see qtt.h):
 *
 *   fresh engine -> topics -> statements (an expected exception must come from
 *   one of them) -> per input: produce, run queries until idle, collect new
 *   output records -> compare outputs per topic, in order, exact count ->
 *   "post" checks on the resulting sources.
 */
#include "cli/harness.h"
#include "cli/qtt.h"
#include "common/mem.h"
#include "parser/parser.h"
#include "planner/catalog.h"
#include "planner/planner.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const sr_formats[] = {"AVRO", "PROTOBUF", "PROTOBUF_NOSR", "JSON_SR", NULL};

/* Functions that exist only in ksqlDB's Java test jar (ksqldb-functional-tests): cases that
 * call them are skipped, not failed. */
static const char *const java_test_udfs[] = {
    "TEST_UDF", "TEST_UDTF", "BAD_UDF", "WHENCONDITION", "TOSTRUCT", "TEST_UDAF", "VAR_ARG",
    "MID_VAR_ARG", "GENERIC_VAR_ARG", "MULTI_ARG", "FOUR_ARG", "FIVE_ARG", "OBJ_COL_ARG", NULL};

static bool uses_java_test_udf(json_t *test)
{
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(test, "statements"), i, x)
    {
        const char *s = json_string_value(x);
        for (int k = 0; s && java_test_udfs[k]; k++) {
            const char *hit = strcasestr(s, java_test_udfs[k]);
            size_t n = strlen(java_test_udfs[k]);
            if (!hit) continue;
            const char *after = hit + n;
            while (*after == ' ') after++;
            bool word_start = hit == s || !(hit[-1] == '_' || (hit[-1] >= 'A' && hit[-1] <= 'Z') ||
                                            (hit[-1] >= 'a' && hit[-1] <= 'z'));
            if (word_start && *after == '(') return true;
        }
    }
    return false;
}

/* --- expansion -------------------------------------------------------------------------- */

static char *replace_all(const char *s, const char *what, const char *with)
{
    sl_buf b = SL_BUF_INIT;
    size_t wl = strlen(what);
    for (const char *p = s; *p;) {
        const char *hit = strstr(p, what);
        if (!hit) {
            sl_buf_puts(&b, p);
            break;
        }
        sl_buf_append(&b, p, (size_t)(hit - p));
        sl_buf_puts(&b, with);
        p = hit + wl;
    }
    return sl_buf_take(&b);
}

static void add_case(const char *file, const char *name, json_t *test, qtt_case **cases, size_t *n,
                     size_t *cap)
{
    SL_GROW(*cases, *cap, *n + 1);
    (*cases)[(*n)++] = (qtt_case){file, sl_strdup(name), test};
}

/* One case per entry of test[key] (a list), with placeholder replaced by the entry and the
 * entry appended to the name; each expanded test is expanded further (format, then config). */
static void expand_list(const char *file, json_t *test, const char *key, const char *placeholder,
                        qtt_case **cases, size_t *n, size_t *cap)
{
    json_t *list = json_object_get(test, key);
    const char *name = json_string_value(json_object_get(test, "name"));
    char *text = json_dumps(test, JSON_COMPACT);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *v = json_string_value(json_array_get(list, i));
        char *sub = v ? replace_all(text, placeholder, v) : NULL;
        json_t *t = sub ? json_loads(sub, 0, NULL) : NULL;
        free(sub);
        if (!t) continue;
        json_object_del(t, key);
        char *cname = sl_malloc(strlen(name ? name : "") + strlen(v) + 4);
        sprintf(cname, "%s - %s", name ? name : "", v);
        json_object_set_new(t, "name", json_string(cname));
        free(cname);
        qtt_expand(file, t, cases, n, cap);
    }
    free(text);
}

void qtt_expand(const char *file, json_t *test, qtt_case **cases, size_t *n, size_t *cap)
{
    if (json_array_size(json_object_get(test, "format"))) {
        expand_list(file, test, "format", "{FORMAT}", cases, n, cap);
        json_decref(test);
        return;
    }
    if (json_array_size(json_object_get(test, "config"))) {
        expand_list(file, test, "config", "{CONFIG}", cases, n, cap);
        json_decref(test);
        return;
    }
    const char *name = json_string_value(json_object_get(test, "name"));
    add_case(file, name ? name : "(unnamed)", test, cases, n, cap);
}

/* --- the case --------------------------------------------------------------------------- */

typedef struct run {
    const qtt_case *c;
    sl_cli_harness h;
    sl_engine *eng; /* h.eng */
    sl_buf *why;
    json_t *actual;      /* topic -> array of records */
    int line0;           /* lines of the statements before the one running */
    const char **out_topics;
    sl_log_consumer **readers;
    size_t nout;
} run;

static bool uses_sr_format(json_t *test)
{
    char *text = json_dumps(test, JSON_COMPACT);
    bool hit = false;
    for (int i = 0; sr_formats[i] && !hit; i++) {
        char pat[64];
        snprintf(pat, sizeof pat, "'%s'", sr_formats[i]);
        hit = strcasestr(text, pat) != NULL;
        snprintf(pat, sizeof pat, "=%s", sr_formats[i]);
        hit = hit || strcasestr(text, pat) != NULL;
    }
    free(text);
    return hit;
}

static sl_error *open_engine(run *r)
{
    sl_error *err = sl_cli_harness_open(&r->h, "some.ksql.service.id");
    r->eng = r->h.eng;
    return err;
}

static void close_engine(run *r)
{
    for (size_t i = 0; i < r->nout; i++) sl_log_consumer_close(r->readers[i]);
    free(r->readers);
    free(r->out_topics);
    sl_cli_harness_close(&r->h);
    json_decref(r->actual);
}

static void create_topic(run *r, const char *name, int partitions)
{
    sl_cli_harness_topic_create(&r->h, name, partitions);
}

/* Topics the test declares, or reads and writes, exist before the statements run (the
 * ksqlDB test driver creates them too). */
static void create_topics(run *r)
{
    json_t *t = r->c->test, *x;
    size_t i;
    json_array_foreach(json_object_get(t, "topics"), i, x)
    {
        json_t *p = json_object_get(x, "partitions");
        create_topic(r, json_string_value(json_object_get(x, "name")), p ? (int)json_integer_value(p) : 1);
    }
    json_array_foreach(json_object_get(t, "inputs"), i, x)
        create_topic(r, json_string_value(json_object_get(x, "topic")), 1);
    json_array_foreach(json_object_get(t, "statements"), i, x)
    {
        if (json_string_value(x)) sl_cli_harness_topic_for(&r->h, json_string_value(x));
    }
}

static json_t *properties(run *r)
{
    json_t *props = json_object();
    json_t *p = json_object_get(r->c->test, "properties");
    const char *k;
    json_t *v;
    json_object_foreach(p, k, v)
    {
        if (json_is_string(v)) json_object_set(props, k, v);
        else {
            char *s = json_dumps(v, JSON_ENCODE_ANY);
            json_object_set_new(props, k, json_string(s));
            free(s);
        }
    }
    return props;
}

/* Runs the statements; returns the first error (statements after it are not run). */
static sl_error *run_statements(run *r, sl_request *req)
{
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(r->c->test, "statements"), i, x)
    {
        sl_result res;
        const char *sql = json_string_value(x);
        sl_engine_execute(r->eng, sql, req, &res);
        sl_error *err = res.err;
        res.err = NULL;
        sl_result_fini(&res);
        if (err) return err;
        for (r->line0++; sql && *sql; sql++) r->line0 += *sql == '\n';
    }
    return NULL;
}

static bool check_expected_error(run *r, sl_error *err)
{
    json_t *ex = json_object_get(r->c->test, "expectedException");
    const char *msg = json_string_value(json_object_get(ex, "message"));
    if (!err) {
        sl_buf_printf(r->why, "EXPECTED an error%s%s%s\nACTUAL   every statement succeeded",
                      msg ? " containing: '" : "", msg ? msg : "", msg ? "'" : "");
        return false;
    }
    sl_buf full = SL_BUF_INIT;
    sl_buf_puts(&full, err->msg);
    if (err->detail) sl_buf_printf(&full, "\n%s", err->detail);
    if (err->code == SL_E_SYNTAX && err->line) {
        sl_buf_reset(&full);
        sl_parse_error_text(err, &full);
    } else if (err->line) { /* ksqlDB places it in the statements as one script */
        sl_buf_reset(&full);
        sl_buf_printf(&full, "Line: %d, Col: %d: %s", r->line0 + err->line, err->col, err->msg);
        if (err->detail) sl_buf_printf(&full, "\n%s", err->detail);
    }
    bool ok = !msg || strstr(sl_buf_cstr(&full), msg) != NULL;
    if (!ok) sl_buf_printf(r->why, "EXPECTED error containing: '%s'\nACTUAL   error: '%s'", msg, sl_buf_cstr(&full));
    sl_buf_free(&full);
    return ok;
}

/* --- inputs and outputs ----------------------------------------------------------------- */

static json_t *output_headers(const sl_headers *hs);

static sl_error *open_readers(run *r)
{
    json_t *outs = json_object_get(r->c->test, "outputs"), *x;
    size_t i;
    r->out_topics = sl_calloc(json_array_size(outs) + 1, sizeof *r->out_topics);
    r->readers = sl_calloc(json_array_size(outs) + 1, sizeof *r->readers);
    json_array_foreach(outs, i, x)
    {
        const char *t = json_string_value(json_object_get(x, "topic"));
        bool seen = false;
        for (size_t k = 0; k < r->nout && !seen; k++) seen = strcmp(r->out_topics[k], t) == 0;
        if (seen || !t) continue;
        create_topic(r, t, 1);
        const char *topics[] = {t};
        sl_error *err = sl_log_consumer_open(sl_engine_log(r->eng), "_sluice_test_reader", topics, 1,
                                             NULL, &r->readers[r->nout]);
        if (err) return err;
        r->out_topics[r->nout++] = t;
        json_object_set_new(r->actual, t, json_array());
    }
    return NULL;
}

static void collect_outputs(run *r)
{
    sl_log_record recs[256];
    for (size_t k = 0; k < r->nout; k++) {
        int n;
        do {
            n = 0;
            sl_error *err = sl_log_consumer_poll(r->readers[k], recs, 256, 0, &n);
            if (err) {
                sl_error_free(err);
                break;
            }
            json_t *list = json_object_get(r->actual, r->out_topics[k]);
            for (int i = 0; i < n; i++) {
                json_t *win;
                json_t *rec = qtt_decode_output(r->eng, r->out_topics[k], recs[i].key, recs[i].klen,
                                                recs[i].val, recs[i].vlen, &win);
                json_object_set_new(rec, "timestamp", json_integer(recs[i].ts));
                json_object_set_new(rec, "headers", output_headers(&recs[i].headers));
                if (win) json_object_set_new(rec, "window", win);
                json_array_append_new(list, rec);
            }
        } while (n > 0);
    }
}

static int b64_val(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static uint32_t b64_decode(const char *s, uint8_t *out)
{
    uint32_t n = 0, bits = 0, acc = 0;
    for (; *s && *s != '='; s++) {
        int v = b64_val(*s);
        if (v < 0) continue;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    return n;
}

/* A test record's "headers": [{"KEY": k, "VALUE": base64 or null}], into arena memory. */
static void input_headers(json_t *in, sl_arena *ar, sl_headers *out)
{
    json_t *hs = json_object_get(in, "headers"), *h;
    size_t i;
    out->n = 0;
    if (!json_array_size(hs)) return;
    sl_header *v = SL_ARENA_ARRAY(ar, sl_header, json_array_size(hs));
    json_array_foreach(hs, i, h)
    {
        const char *k = json_string_value(json_object_get(h, "KEY"));
        const char *b = json_string_value(json_object_get(h, "VALUE"));
        v[i].key = sl_arena_strdup(ar, k ? k : "");
        if (b) {
            uint8_t *d = sl_arena_alloc(ar, strlen(b) + 1);
            v[i].len = b64_decode(b, d);
            v[i].val = d;
        }
    }
    out->h = v;
    out->n = (uint32_t)json_array_size(hs);
}

static json_t *output_headers(const sl_headers *hs)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    json_t *a = json_array();
    for (uint32_t i = 0; i < hs->n; i++) {
        const sl_header *h = &hs->h[i];
        json_t *v = json_null();
        if (h->val) {
            sl_buf b = SL_BUF_INIT;
            for (uint32_t k = 0; k < h->len; k += 3) {
                uint32_t x = (uint32_t)h->val[k] << 16 | (k + 1 < h->len ? (uint32_t)h->val[k + 1] << 8 : 0) |
                             (k + 2 < h->len ? h->val[k + 2] : 0);
                sl_buf_putc(&b, tbl[x >> 18 & 63]);
                sl_buf_putc(&b, tbl[x >> 12 & 63]);
                sl_buf_putc(&b, k + 1 < h->len ? tbl[x >> 6 & 63] : '=');
                sl_buf_putc(&b, k + 2 < h->len ? tbl[x & 63] : '=');
            }
            v = json_string(sl_buf_cstr(&b));
            sl_buf_free(&b);
        }
        json_array_append_new(a, json_pack("{s:s,s:o}", "KEY", h->key, "VALUE", v));
    }
    return a;
}

static sl_error *produce_input(run *r, json_t *in)
{
    const char *topic = json_string_value(json_object_get(in, "topic"));
    if (!topic) return sl_error_new(SL_E_BAD_REQUEST, "input without a topic");
    sl_buf key = SL_BUF_INIT, val = SL_BUF_INIT;
    bool kn, vn;
    sl_error *err = qtt_encode_input(r->eng, topic, in, &key, &kn, &val, &vn);
    sl_log_record rec = {0};
    rec.key = kn ? NULL : (const uint8_t *)(key.p ? key.p : "");
    rec.klen = (uint32_t)key.len;
    rec.val = vn ? NULL : (const uint8_t *)(val.p ? val.p : "");
    rec.vlen = (uint32_t)val.len;
    rec.ts = json_integer_value(json_object_get(in, "timestamp"));
    json_t *p = json_object_get(in, "partition");
    rec.partition = p ? (int32_t)json_integer_value(p) : SL_LOG_ANY_PARTITION;
    sl_arena *ar = sl_arena_new(0);
    input_headers(in, ar, &rec.headers);
    if (!err) err = sl_log_produce(sl_engine_log(r->eng), topic, &rec);
    sl_arena_free(ar);
    sl_buf_free(&key);
    sl_buf_free(&val);
    return err;
}

static sl_error *feed_inputs(run *r)
{
    json_t *x;
    size_t i;
    sl_error *err = open_readers(r);
    if (!err) err = sl_engine_run_until_idle(r->eng);
    collect_outputs(r);
    json_array_foreach(json_object_get(r->c->test, "inputs"), i, x)
    {
        if (err) break;
        err = produce_input(r, x);
        if (!err) err = sl_engine_run_until_idle(r->eng);
        collect_outputs(r);
    }
    return err;
}

static void describe(sl_buf *b, json_t *rec)
{
    char *s = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    sl_buf_puts(b, s ? s : "?");
    free(s);
}

bool qtt_record_matches(json_t *exp, json_t *act)
{
    if (!qtt_json_equal(json_object_get(exp, "key"), json_object_get(act, "key"))) return false;
    if (!qtt_json_equal(json_object_get(exp, "value"), json_object_get(act, "value"))) return false;
    json_t *ts = json_object_get(exp, "timestamp");
    if (ts && !json_equal(ts, json_object_get(act, "timestamp"))) return false;
    json_t *hs = json_object_get(exp, "headers");
    if (hs && !qtt_json_equal(hs, json_object_get(act, "headers"))) return false;
    json_t *w = json_object_get(exp, "window");
    if (w && !qtt_json_equal(json_object_get(w, "start"), json_object_get(json_object_get(act, "window"), "start")))
        return false;
    return true;
}

static bool compare_topic(run *r, const char *topic, json_t *expected)
{
    json_t *actual = json_object_get(r->actual, topic);
    size_t ne = json_array_size(expected), na = json_array_size(actual);
    for (size_t i = 0; i < ne || i < na; i++) {
        json_t *e = json_array_get(expected, i), *a = json_array_get(actual, i);
        if (e && a && qtt_record_matches(e, a)) continue;
        sl_buf_printf(r->why, "topic %s, record %zu of %zu expected, %zu actual\nEXPECTED ", topic, i + 1, ne, na);
        if (e) describe(r->why, e);
        else sl_buf_puts(r->why, "(no more records)");
        sl_buf_puts(r->why, "\nACTUAL   ");
        if (a) describe(r->why, a);
        else sl_buf_puts(r->why, "(no more records)");
        return false;
    }
    return true;
}

static bool compare_outputs(run *r)
{
    json_t *by_topic = json_object(), *x;
    size_t i;
    json_array_foreach(json_object_get(r->c->test, "outputs"), i, x)
    {
        const char *t = json_string_value(json_object_get(x, "topic"));
        json_t *list = json_object_get(by_topic, t);
        if (!list) json_object_set_new(by_topic, t, list = json_array());
        json_array_append(list, x);
    }
    bool ok = true;
    const char *t;
    json_object_foreach(by_topic, t, x)
    {
        if (!(ok = compare_topic(r, t, x))) break;
    }
    json_decref(by_topic);
    return ok;
}

/* "post": {"sources": [{"name", "type", "schema"}]} checks. */
static void normalise_schema(const char *in, sl_buf *out)
{
    sl_buf tmp = SL_BUF_INIT; /* unquoted words upper-cased (SQL), quotes removed */
    bool quoted = false;
    for (const char *p = in; *p; p++) {
        if (*p == '`') quoted = !quoted;
        else sl_buf_putc(&tmp, quoted || *p < 'a' || *p > 'z' ? *p : (char)(*p - 32));
    }
    const char *s = sl_buf_cstr(&tmp);
    for (size_t i = 0; s[i];) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
            while (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') i++;
            if (out->len && out->p[out->len - 1] != ',' && out->p[out->len - 1] != '<' && s[i] != ',' && s[i] != '>')
                sl_buf_putc(out, ' ');
            continue;
        }
        size_t w = 0;
        while (s[i + w] && ((s[i + w] >= 'A' && s[i + w] <= 'Z') || (s[i + w] >= 'a' && s[i + w] <= 'z') ||
                            (s[i + w] >= '0' && s[i + w] <= '9') || s[i + w] == '_'))
            w++;
        if (w == 7 && strncmp(s + i, "PRIMARY", 7) == 0 && strncmp(s + i + 7, " KEY", 4) == 0) {
            i += 8; /* PRIMARY KEY and KEY are the same to ksqlDB's schema comparison */
            continue;
        }
        if (w == 3 && strncmp(s + i, "INT", 3) == 0) sl_buf_puts(out, "INTEGER");
        else if (w == 7 && strncmp(s + i, "VARCHAR", 7) == 0) sl_buf_puts(out, "STRING");
        else if (w) sl_buf_append(out, s + i, w);
        else sl_buf_putc(out, s[i]);
        i += w ? w : 1;
    }
    sl_buf_free(&tmp);
}

static bool check_post(run *r)
{
    json_t *sources = json_object_get(json_object_get(r->c->test, "post"), "sources"), *x;
    size_t i;
    json_array_foreach(sources, i, x)
    {
        const char *name = json_string_value(json_object_get(x, "name"));
        const char *type = json_string_value(json_object_get(x, "type"));
        const char *schema = json_string_value(json_object_get(x, "schema"));
        const sl_source *src = name ? sl_engine_source(r->eng, name) : NULL;
        if (!src) {
            sl_buf_printf(r->why, "post: source %s does not exist", name ? name : "?");
            return false;
        }
        if (type && strcasecmp(type, src->is_table ? "table" : "stream") != 0) {
            sl_buf_printf(r->why, "post: %s is a %s, expected a %s", name, src->is_table ? "table" : "stream", type);
            return false;
        }
        if (!schema) continue;
        sl_buf a = SL_BUF_INIT, ea = SL_BUF_INIT, na = SL_BUF_INIT;
        sl_plan_schema_print(&a, src->cols, src->ncols);
        normalise_schema(schema, &ea);
        normalise_schema(sl_buf_cstr(&a), &na);
        bool ok = strcmp(sl_buf_cstr(&ea), sl_buf_cstr(&na)) == 0;
        if (!ok) sl_buf_printf(r->why, "post: schema of %s\nEXPECTED %s\nACTUAL   %s", name, sl_buf_cstr(&ea), sl_buf_cstr(&na));
        sl_buf_free(&a);
        sl_buf_free(&ea);
        sl_buf_free(&na);
        if (!ok) return false;
    }
    return true;
}

bool qtt_should_skip(json_t *test)
{
    return uses_sr_format(test) || uses_java_test_udf(test);
}

qtt_outcome qtt_run_case(const qtt_case *c, sl_buf *why)
{
    if (qtt_should_skip(c->test)) return QTT_SKIP;
    run r = {.c = c, .why = why, .actual = json_object()};
    sl_error *err = open_engine(&r);
    if (err) {
        sl_buf_printf(why, "engine: %s", err->msg);
        sl_error_free(err);
        close_engine(&r);
        return QTT_FAIL;
    }
    create_topics(&r);
    sl_request req = {properties(&r), json_object(), false};
    err = run_statements(&r, &req);
    bool expect_error = json_object_get(c->test, "expectedException") != NULL;
    bool ok;
    if (expect_error) ok = check_expected_error(&r, err);
    else if (err) {
        sl_buf_printf(why, "statement failed: %s", err->msg);
        if (err->detail) sl_buf_printf(why, "\n%s", err->detail);
        ok = false;
    } else {
        sl_error *ferr = feed_inputs(&r);
        if (ferr) sl_buf_printf(why, "running: %s", ferr->msg);
        ok = !ferr && compare_outputs(&r) && check_post(&r);
        sl_error_free(ferr);
    }
    sl_error_free(err);
    json_decref(req.props);
    json_decref(req.vars);
    close_engine(&r);
    return ok ? QTT_PASS : QTT_FAIL;
}
