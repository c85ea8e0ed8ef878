/*
 * sqltest.c - `sluice test` for ksqlDB's SQL test files:
 *
 *   --@test: name                 starts a test (until the next --@test:)
 *   --@expected.error: TYPE       the test expects a statement to fail...
 *   --@expected.message: TEXT     ...with a message containing TEXT
 *   CREATE ...; INSERT INTO s (ROWTIME, K, V) VALUES (...);
 *   ASSERT VALUES t (ROWTIME, K, V) VALUES (...);   the next record of t is this one
 *   ASSERT NULL VALUES t (K) KEY (...);             the next record of t deletes this key
 *   ASSERT STREAM|TABLE t (cols) WITH (...);         t exists with this schema and topic
 *
 * Each test runs on a fresh synchronous engine: statements in order, queries
 * driven until idle before every ASSERT; a record's values are compared
 * column by column after decoding both (expected and actual) with the
 * source's own formats.
 */
#include "cli/cli.h"
#include "cli/qtt.h"
#include "common/mem.h"
#include "parser/parser.h"
#include "planner/catalog.h"
#include "planner/planner.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct reader {
    char *topic;
    sl_log_consumer *c;
    sl_log_record pending[64];
    int n, next;
    sl_arena *ar; /* copies of pending records */
} reader;

typedef struct sqlrun {
    sl_engine *eng;
    sl_conf *conf;
    char dir[64];
    reader readers[16];
    int nreaders;
    sl_buf *why;
    const char *base_dir; /* the test file's directory: RUN SCRIPT paths are relative to it */
    int depth;            /* RUN SCRIPT nesting */
} sqlrun;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static sl_error *open_run(sqlrun *r)
{
    strcpy(r->dir, "/tmp/sluice-sqltest-XXXXXX");
    if (!mkdtemp(r->dir)) return sl_error_new(SL_E_IO, "cannot create a temp dir");
    r->conf = sl_conf_new();
    sl_error *err = sl_conf_set(r->conf, "data.dir", r->dir);
    if (err) return err;
    sl_engine_opts opts = {.conf = r->conf, .synchronous = true};
    return sl_engine_open(&opts, &r->eng);
}

static void close_run(sqlrun *r)
{
    for (int i = 0; i < r->nreaders; i++) {
        sl_log_consumer_close(r->readers[i].c);
        free(r->readers[i].topic);
        sl_arena_free(r->readers[i].ar);
    }
    sl_engine_close(r->eng);
    sl_conf_free(r->conf);
    if (r->dir[0]) nftw(r->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The next unread record of topic, or NULL. */
static const sl_log_record *next_record(sqlrun *r, const char *topic)
{
    reader *rd = NULL;
    for (int i = 0; i < r->nreaders && !rd; i++)
        if (strcmp(r->readers[i].topic, topic) == 0) rd = &r->readers[i];
    if (!rd && r->nreaders < 16) {
        rd = &r->readers[r->nreaders++];
        rd->topic = sl_strdup(topic);
        rd->ar = sl_arena_new(0);
        const char *topics[] = {topic};
        sl_error *err = sl_log_consumer_open(sl_engine_log(r->eng), "_sluice_sqltest", topics, 1, NULL, &rd->c);
        if (err) {
            sl_error_free(err);
            return NULL;
        }
    }
    if (!rd) return NULL;
    if (rd->next >= rd->n) {
        rd->n = rd->next = 0;
        sl_error *err = sl_log_consumer_poll(rd->c, rd->pending, 64, 0, &rd->n);
        if (err) sl_error_free(err);
    }
    return rd->next < rd->n ? &rd->pending[rd->next++] : NULL;
}

/* Decodes a record of src into its columns (key then value, schema order). */
static sl_error *decode(const sl_source *src, const uint8_t *k, uint32_t kl, const uint8_t *v,
                        uint32_t vl, sl_arena *ar, sl_value *cols, bool *tombstone, int64_t *win)
{
    sl_serde *ks, *vs;
    sl_error *err = sl_plan_source_serdes(src, NULL, &ks, &vs);
    if (err) return err;
    sl_value *kv = SL_ARENA_ARRAY(ar, sl_value, src->ncols + 1), *vv = SL_ARENA_ARRAY(ar, sl_value, src->ncols + 1);
    *tombstone = v == NULL;
    win[0] = win[1] = 0;
    if (src->nkey && src->windowed && k)
        err = sl_serde_window_decode(ks, &src->window, k, kl, ar, kv, &win[0], &win[1]);
    else if (src->nkey) err = k ? sl_serde_decode(ks, k, kl, ar, kv, NULL) : NULL;
    if (!k)
        for (uint32_t i = 0; i < src->nkey; i++) kv[i] = sl_value_null();
    if (!err && v) err = sl_serde_decode(vs, v, vl, ar, vv, NULL);
    for (uint32_t i = 0, ki = 0, vi = 0; !err && i < src->ncols; i++) {
        if (src->cols[i].role == SL_COLROLE_KEY) cols[i] = kv[ki++];
        else if (src->cols[i].role == SL_COLROLE_VALUE) cols[i] = v ? vv[vi++] : sl_value_null();
        else cols[i] = sl_value_null();
    }
    sl_serde_free(ks);
    sl_serde_free(vs);
    return err;
}

static void describe_values(sl_buf *b, const sl_source *src, const sl_value *cols, int64_t ts,
                            const int64_t *win)
{
    sl_buf_printf(b, "ROWTIME=%lld", (long long)ts);
    if (src->windowed)
        sl_buf_printf(b, ", WINDOWSTART=%lld, WINDOWEND=%lld", (long long)win[0], (long long)win[1]);
    for (uint32_t i = 0; i < src->ncols; i++) {
        sl_buf_printf(b, ", %s=", src->cols[i].name);
        sl_value_print(b, src->cols[i].type, cols[i]);
    }
}

/* Whether the ASSERT names the pseudo column: ROWTIME and the window bounds are compared
 * only when it does. */
static bool column_given(const sl_ast_stmt *st, const char *name)
{
    for (uint32_t i = 0; i < st->values.columns.n; i++)
        if (strcmp(st->values.columns.v[i].text, name) == 0) return true;
    return false;
}

static bool assert_values(sqlrun *r, const sl_ast_stmt *st)
{
    sl_error *err = sl_engine_run_until_idle(r->eng);
    const sl_source *src = sl_engine_source(r->eng, st->values.target.text);
    if (!src) {
        sl_buf_printf(r->why, "%s: no stream or table %s", st->text, st->values.target.text);
        sl_error_free(err);
        return false;
    }
    sl_insert_rec exp;
    if (!err) err = sl_engine_encode_values(r->eng, st, 0, &exp);
    if (err) {
        sl_buf_printf(r->why, "%s: %s", st->text, err->msg);
        sl_error_free(err);
        return false;
    }
    const sl_log_record *rec = next_record(r, src->topic);
    sl_arena *ar = sl_arena_new(0);
    sl_value *want = SL_ARENA_ARRAY(ar, sl_value, src->ncols + 1), *got = SL_ARENA_ARRAY(ar, sl_value, src->ncols + 1);
    bool want_tomb = st->kind == SL_STMT_ASSERT_TOMBSTONE, got_tomb = false, w_tomb;
    int64_t wwin[2], gwin[2] = {0, 0};
    err = decode(src, exp.key_null ? NULL : (const uint8_t *)exp.key.p, (uint32_t)exp.key.len,
                 want_tomb ? NULL : (const uint8_t *)(exp.value.p ? exp.value.p : ""), (uint32_t)exp.value.len,
                 ar, want, &w_tomb, wwin);
    if (!err && rec) err = decode(src, rec->key, rec->klen, rec->val, rec->vlen, ar, got, &got_tomb, gwin);
    bool ok = !err && rec && got_tomb == want_tomb &&
              (!column_given(st, "ROWTIME") || rec->ts == exp.ts) &&
              (!column_given(st, "WINDOWSTART") || wwin[0] == gwin[0]) &&
              (!column_given(st, "WINDOWEND") || wwin[1] == gwin[1]);
    for (uint32_t i = 0; ok && i < src->ncols; i++) ok = sl_value_eq(src->cols[i].type, want[i], got[i]);
    if (!ok) {
        sl_buf_printf(r->why, "%s\nEXPECTED ", st->text);
        describe_values(r->why, src, want, exp.ts, wwin);
        sl_buf_puts(r->why, want_tomb ? " (tombstone)\nACTUAL   " : "\nACTUAL   ");
        if (err) sl_buf_printf(r->why, "error: %s", err->msg);
        else if (!rec) sl_buf_puts(r->why, "(no more records)");
        else describe_values(r->why, src, got, rec->ts, gwin), sl_buf_puts(r->why, got_tomb ? " (tombstone)" : "");
    }
    sl_error_free(err);
    sl_buf_free(&exp.key);
    sl_buf_free(&exp.value);
    sl_arena_free(ar);
    return ok;
}

/* ASSERT STREAM|TABLE t (cols) WITH (...): t exists, is of that kind and has that schema. */
static bool assert_source(sqlrun *r, const sl_ast_stmt *st)
{
    const sl_source *src = sl_engine_source(r->eng, st->source.name.text);
    if (!src || src->is_table != st->source.is_table) {
        sl_buf_printf(r->why, "%s\nACTUAL   %s", st->text, src ? "a source of the other kind" : "no such source");
        return false;
    }
    bool ok = st->source.columns.n == 0 || st->source.columns.n == src->ncols;
    for (uint32_t i = 0; ok && i < st->source.columns.n; i++) {
        const sl_ast_column_def *d = &st->source.columns.v[i];
        int c = sl_source_col(src, d->name.text);
        bool key = d->constraint == SL_COL_KEY || d->constraint == SL_COL_PRIMARY_KEY;
        ok = c >= 0 && (src->cols[c].role == SL_COLROLE_KEY) == key;
    }
    for (uint32_t i = 0; ok && i < st->source.props.n; i++) {
        const sl_ast_prop *p = &st->source.props.v[i];
        const char *v = p->value->kind == SL_AST_LITERAL && p->value->lit.text ? p->value->lit.text : "";
        if (strcmp(p->name.text, "KAFKA_TOPIC") == 0) ok = strcmp(v, src->topic) == 0;
        else if (strcmp(p->name.text, "VALUE_FORMAT") == 0) ok = strcasecmp(v, sl_serde_format_name(src->value.format)) == 0;
        else if (strcmp(p->name.text, "KEY_FORMAT") == 0) ok = strcasecmp(v, sl_serde_format_name(src->key.format)) == 0;
    }
    if (!ok) {
        sl_buf a = SL_BUF_INIT;
        sl_plan_schema_print(&a, src->cols, src->ncols);
        sl_buf_printf(r->why, "%s\nACTUAL   %s topic %s", st->text, sl_buf_cstr(&a), src->topic);
        sl_buf_free(&a);
    }
    return ok;
}

static int run_statement(sqlrun *r, const sl_ast_stmt *st, const char *exp_msg, bool expect_error);

/* RUN SCRIPT 'file': the file's statements, in place (a test can run a pipeline as it is kept,
 * instead of a copy). The path is relative to the test file. */
static int run_script(sqlrun *r, const char *path, const char *exp_msg, bool expect_error)
{
    if (r->depth >= 8) {
        sl_buf_printf(r->why, "RUN SCRIPT '%s': nested more than 8 deep", path);
        return 1;
    }
    sl_arena *ar = sl_arena_new(0);
    const char *full = path[0] == '/' ? path : sl_arena_printf(ar, "%s/%s", r->base_dir, path);
    char *text;
    size_t len;
    sl_ast_stmt_list sts = {0};
    sl_parse_opts po = {.flags = SL_PARSE_ALLOW_ASSERT | SL_PARSE_ALLOW_RUN_SCRIPT};
    sl_error *err = sl_cli_file_read(ar, full, &text, &len);
    if (!err) err = sl_parse_script(ar, text, len, &po, &sts);
    int rc = 0;
    if (err) {
        sl_buf_printf(r->why, "RUN SCRIPT '%s': %s", path, err->msg);
        rc = 1;
    }
    r->depth++;
    for (uint32_t i = 0; !err && i < sts.n && rc == 0; i++)
        rc = run_statement(r, sts.v[i], exp_msg, expect_error);
    r->depth--;
    sl_error_free(err);
    sl_arena_free(ar);
    return rc;
}

/* Runs one statement; an error fails the test unless it is the expected one. */
static int run_statement(sqlrun *r, const sl_ast_stmt *st, const char *exp_msg, bool expect_error)
{
    if (st->kind == SL_STMT_RUN_SCRIPT) return run_script(r, st->script_path, exp_msg, expect_error);
    if (st->kind == SL_STMT_ASSERT_VALUES || st->kind == SL_STMT_ASSERT_TOMBSTONE)
        return assert_values(r, st) ? 0 : 1;
    if (st->kind == SL_STMT_ASSERT_SOURCE) return assert_source(r, st) ? 0 : 1;
    sl_request req = {json_object(), json_object(), false};
    sl_result res;
    sl_engine_execute(r->eng, st->text, &req, &res);
    json_decref(req.props);
    json_decref(req.vars);
    int rc = 0;
    if (res.err) {
        bool matched = expect_error && (!exp_msg || strstr(res.err->msg, exp_msg));
        if (matched) rc = 2; /* the expected failure: the test passes here */
        else {
            sl_buf_printf(r->why, "%s\nstatement failed: %s", st->text, res.err->msg);
            rc = 1;
        }
    }
    sl_result_fini(&res);
    return rc;
}

/* Runs one --@test block; returns true when it passes. */
static bool run_test(const char *name, const char *body, size_t len, const char *exp_msg,
                     bool expect_error, const char *base_dir, sl_buf *why)
{
    (void)name;
    sqlrun r = {.why = why, .base_dir = base_dir};
    sl_error *err = open_run(&r);
    sl_arena *ar = sl_arena_new(0);
    sl_ast_stmt_list sts = {0};
    sl_parse_opts po = {.flags = SL_PARSE_ALLOW_ASSERT | SL_PARSE_ALLOW_RUN_SCRIPT};
    if (!err) err = sl_parse_script(ar, body, len, &po, &sts);
    bool ok = !err;
    if (err) {
        bool matched = expect_error && (!exp_msg || strstr(err->msg, exp_msg));
        ok = matched;
        if (!matched) sl_buf_printf(why, "%s", err->msg);
    }
    int rc = 0;
    for (uint32_t i = 0; ok && i < sts.n && rc == 0; i++) rc = run_statement(&r, sts.v[i], exp_msg, expect_error);
    if (ok) ok = rc == 2 || (rc == 0 && !expect_error);
    if (rc == 0 && expect_error && !err) sl_buf_printf(why, "EXPECTED an error containing '%s'\nACTUAL   none", exp_msg ? exp_msg : "");
    sl_error_free(err);
    sl_arena_free(ar);
    close_run(&r);
    return ok;
}

static char *directive(const char *line, const char *tag)
{
    size_t n = strlen(tag);
    if (strncmp(line, tag, n) != 0) return NULL;
    const char *v = line + n;
    while (*v == ' ') v++;
    size_t len = strcspn(v, "\r\n");
    return sl_strndup(v, len);
}

int sl_cli_sqltest_file(const char *path, const char *filter_id, int *passed, int *failed,
                        void (*report)(const char *file, const char *name, bool ok, const char *why));

/* Runs every --@test of a .sql file. */
int sl_cli_sqltest_file(const char *path, const char *filter_id, int *passed, int *failed,
                        void (*report)(const char *file, const char *name, bool ok, const char *why))
{
    (void)filter_id;
    FILE *f = fopen(path, "r");
    if (!f) return 2;
    sl_buf all = SL_BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sl_buf_append(&all, chunk, n);
    fclose(f);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *dir = base == path ? sl_strdup(".") : sl_strndup(path, (size_t)(base - path - 1));
    const char *s = sl_buf_cstr(&all);
    const char *cur = strstr(s, "--@test:");
    while (cur) {
        char *name = directive(cur, "--@test:");
        const char *next = strstr(cur + 8, "--@test:");
        const char *end = next ? next : s + all.len;
        char *exp_msg = NULL;
        bool expect_error = false;
        for (const char *line = cur; line && line < end; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
            char *v;
            if ((v = directive(line, "--@expected.error:"))) expect_error = true, free(v);
            if ((v = directive(line, "--@expected.message:"))) free(exp_msg), exp_msg = v, expect_error = true;
        }
        sl_buf why = SL_BUF_INIT;
        bool ok = run_test(name, cur, (size_t)(end - cur), exp_msg, expect_error, dir, &why);
        *(ok ? passed : failed) += 1;
        report(base, name, ok, sl_buf_cstr(&why));
        sl_buf_free(&why);
        free(name);
        free(exp_msg);
        cur = next;
    }
    free(dir);
    sl_buf_free(&all);
    return 0;
}
