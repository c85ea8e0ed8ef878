/*
 * run.c - `sluice run pipeline.sql`: applies a file of statements to a server,
 * one by one, so that applying an unchanged file again changes nothing.
 *
 * Model: each statement is parsed (parser/parser.h). Before one that creates
 * something, the server is asked what exists, and its definition is parsed
 * too and compared as syntax trees (sl_ast_stmt_eq: layout, comments, case of
 * keywords and unquoted names, OR REPLACE / IF NOT EXISTS do not matter):
 *
 *   CREATE [OR REPLACE] STREAM|TABLE x ...   DESCRIBE x EXTENDED -> "statement"
 *   CREATE TYPE t AS ...                     SHOW TYPES -> t's schema
 *   INSERT INTO x SELECT ...                 SHOW QUERIES -> each "queryString"
 *
 * Same definition: skipped ("unchanged"). Different: an error showing both
 * (printed canonically), unless the statement says OR REPLACE (then it is
 * applied). Anything else (DROP, TERMINATE, INSERT ... VALUES, ...) is applied,
 * as is a statement the shell cannot parse (the server judges it). SET, UNSET,
 * DEFINE and UNDEFINE change the session as in the shell; queries, PRINT and
 * RUN SCRIPT are refused. The first error stops the run.
 *
 * Errors read `file:line:col: message`: the statement's position in the file
 * plus the "line L:C:" within the statement that the parser or server gives.
 *
 * --dry-run applies nothing: the statements that would be applied go to the
 * server in one POST /ksql with the request property "sluice.dry.run": true,
 * which asks the server to plan them in order without executing them; its
 * answer (or error) is reported per statement.
 */
#include "cli/shell_int.h"
#include "common/arena.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct run_ctx {
    sl_shell sh; /* session: REST client, properties, variables */
    const char *file;
    bool dry_run;
    sl_arena *ar;    /* the parsed statements of the run */
    json_t *sources; /* name -> "STREAM"/"TABLE"; NULL until asked */
    json_t *queries; /* SHOW QUERIES "queries"; NULL until asked */
    json_t *batch;   /* dry run: [{text, line, col}] to send at the end */
    int applied, unchanged;
} run_ctx;

/* A statement of the file: its text after substitution and its place. */
typedef struct run_stmt {
    const char *text;
    size_t len;
    int line, col;
    const sl_ast_stmt *ast; /* NULL when the shell could not parse it */
} run_stmt;

typedef enum verdict { V_APPLY, V_UNCHANGED, V_FAILED } verdict;

/* ---- reporting ---- */

static void report_at(run_ctx *rc, int line, int col, const char *msg, const char *detail)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "%s:%d:%d: %s\n", rc->file, line, col, msg);
    if (detail) sl_buf_printf(&b, "%s\n", detail);
    sl_shell_errbuf(&rc->sh, &b);
    sl_buf_free(&b);
}

/* An error at line:col within a statement that starts at s_line:s_col. */
static void report_within(run_ctx *rc, int s_line, int s_col, int line, int col, const char *msg,
                          const char *detail)
{
    col = col > 0 ? col : 1;
    report_at(rc, s_line + line - 1, line == 1 ? s_col + col - 1 : col, msg, detail);
}

/* A server error for a statement: its "line L:C:" made relative to the file. */
static void report_server_error(run_ctx *rc, int line, int col, const char *msg)
{
    int l, c;
    if (!sl_render_error_position(msg, &l, &c)) {
        report_at(rc, line, col, msg, NULL);
        return;
    }
    const char *rest = strchr(strchr(msg, ':') + 1, ':') + 1;
    while (*rest == ' ')
        rest++;
    report_within(rc, line, col, l, c, rest, NULL);
}

static void say(run_ctx *rc, int line, const char *what)
{
    sl_shell_printf(&rc->sh, "%s:%d: %s\n", rc->file, line, what);
}

/* ---- asking the server ---- */

/* POST /ksql; the entities, or NULL with the error reported at line:col. */
static json_t *ask(run_ctx *rc, const char *ksql, int line, int col)
{
    sl_rest_req req = {.ksql = ksql, .props = rc->sh.props};
    sl_rest_result res;
    sl_error *err = sl_rest_ksql(rc->sh.rest, &req, &res);
    json_t *out = NULL;
    if (err)
        report_at(rc, line, col, err->msg, err->hint);
    else if (res.status >= 200 && res.status < 300 && json_is_array(res.body))
        out = json_incref(res.body);
    else
        report_server_error(rc, line, col, sl_rest_error_message(res.body));
    sl_error_free(err);
    sl_rest_result_clear(&res);
    return out;
}

static bool load_sources(run_ctx *rc, const run_stmt *s)
{
    if (rc->sources) return true;
    json_t *lists[2] = {ask(rc, "SHOW STREAMS;", s->line, s->col), NULL};
    if (lists[0]) lists[1] = ask(rc, "SHOW TABLES;", s->line, s->col);
    if (lists[1]) {
        rc->sources = json_object();
        const char *members[2] = {"streams", "tables"};
        for (int k = 0; k < 2; k++) {
            const json_t *l = json_object_get(json_array_get(lists[k], 0), members[k]);
            for (size_t i = 0; i < json_array_size(l); i++) {
                const char *name = json_string_value(json_object_get(json_array_get(l, i), "name"));
                if (name)
                    json_object_set_new(rc->sources, name, json_string(k ? "TABLE" : "STREAM"));
            }
        }
    }
    json_decref(lists[0]);
    json_decref(lists[1]);
    return rc->sources != NULL;
}

static void forget_catalog(run_ctx *rc)
{
    json_decref(rc->sources);
    json_decref(rc->queries);
    rc->sources = rc->queries = NULL;
}

/* Parses text in the run's arena; NULL when it does not parse (then *errp,
 * when given, gets the error). */
static sl_ast_stmt *parse_or(run_ctx *rc, const char *text, size_t len, sl_error **errp)
{
    sl_parse_opts po = {.flags = SL_PARSE_ALLOW_RUN_SCRIPT};
    sl_ast_stmt *st = NULL;
    sl_error *err = sl_parse_statement(rc->ar, text, len, &po, &st);
    if (errp)
        *errp = err;
    else
        sl_error_free(err);
    return err ? NULL : st;
}

static sl_ast_stmt *parse(run_ctx *rc, const char *text, size_t len)
{
    return parse_or(rc, text, len, NULL);
}

/* ---- comparing with what exists ---- */

/* The same definition, whatever OR REPLACE / IF NOT EXISTS say. theirs is
 * the server's (parsed by us, so ours to adjust). */
static bool same_definition(const sl_ast_stmt *mine, sl_ast_stmt *theirs)
{
    if (!theirs || theirs->kind != mine->kind) return false;
    if (mine->kind == SL_STMT_CREATE_SOURCE) {
        theirs->source.or_replace = mine->source.or_replace;
        theirs->source.if_not_exists = mine->source.if_not_exists;
    } else if (mine->kind == SL_STMT_CREATE_AS) {
        theirs->create_as.or_replace = mine->create_as.or_replace;
        theirs->create_as.if_not_exists = mine->create_as.if_not_exists;
    }
    return sl_ast_stmt_eq(mine, theirs);
}

static verdict differs(run_ctx *rc, const run_stmt *s, const char *what, const char *name,
                       const sl_ast_stmt *theirs, const char *theirs_text, const char *hint)
{
    sl_buf msg = SL_BUF_INIT, detail = SL_BUF_INIT;
    sl_buf_printf(&msg, "%s %s exists with a different definition", what, name);
    sl_buf_puts(&detail, "  on the server: ");
    if (theirs)
        sl_ast_stmt_print(&detail, theirs);
    else
        sl_buf_puts(&detail, theirs_text);
    sl_buf_puts(&detail, "\n  in the file:   ");
    sl_ast_stmt_print(&detail, s->ast);
    sl_buf_printf(&detail, "\nhint: %s", hint);
    report_at(rc, s->line, s->col, msg.p, detail.p);
    sl_buf_free(&msg);
    sl_buf_free(&detail);
    return V_FAILED;
}

static verdict compare_source(run_ctx *rc, const run_stmt *s)
{
    bool as = s->ast->kind == SL_STMT_CREATE_AS;
    const char *name = as ? s->ast->create_as.name.text : s->ast->source.name.text;
    bool or_replace = as ? s->ast->create_as.or_replace : s->ast->source.or_replace;
    if (!load_sources(rc, s)) return V_FAILED;
    const char *kind = json_string_value(json_object_get(rc->sources, name));
    if (!kind) return V_APPLY;
    sl_buf q = SL_BUF_INIT;
    sl_buf_puts(&q, "DESCRIBE ");
    sl_ast_ident_print(&q, name);
    sl_buf_puts(&q, " EXTENDED;");
    json_t *e = ask(rc, q.p, s->line, s->col);
    sl_buf_free(&q);
    if (!e) return V_FAILED;
    const json_t *sd = json_object_get(json_array_get(e, 0), "sourceDescription");
    const char *text = json_string_value(json_object_get(sd, "statement"));
    sl_ast_stmt *theirs = text ? parse(rc, text, strlen(text)) : NULL;
    verdict v = same_definition(s->ast, theirs) ? V_UNCHANGED
                : or_replace                    ? V_APPLY
                             : differs(rc, s, kind, name, theirs, text ? text : "",
                                       "say CREATE OR REPLACE to change it, or DROP it first");
    json_decref(e);
    return v;
}

/* Appends a type of the REST API's schema form as SQL (STRUCT<`A` INTEGER, ...>). */
static void type_sql(sl_buf *out, const json_t *schema)
{
    const char *type = json_string_value(json_object_get(schema, "type"));
    const json_t *member = json_object_get(schema, "memberSchema");
    const json_t *params = json_object_get(schema, "parameters");
    if (!type) {
        sl_buf_puts(out, "?");
    } else if (strcmp(type, "ARRAY") == 0 || strcmp(type, "MAP") == 0) {
        sl_buf_puts(out, strcmp(type, "MAP") == 0 ? "MAP<STRING, " : "ARRAY<");
        type_sql(out, member);
        sl_buf_putc(out, '>');
    } else if (strcmp(type, "STRUCT") == 0) {
        const json_t *fields = json_object_get(schema, "fields");
        sl_buf_puts(out, "STRUCT<");
        for (size_t i = 0; i < json_array_size(fields); i++) {
            const json_t *f = json_array_get(fields, i);
            if (i) sl_buf_puts(out, ", ");
            const char *fname = json_string_value(json_object_get(f, "name"));
            sl_ast_ident_print(out, fname ? fname : "?");
            sl_buf_putc(out, ' ');
            type_sql(out, json_object_get(f, "schema"));
        }
        sl_buf_putc(out, '>');
    } else if (strcmp(type, "DECIMAL") == 0 && json_object_size(params)) {
        sl_buf_printf(out, "DECIMAL(%" JSON_INTEGER_FORMAT ", %" JSON_INTEGER_FORMAT ")",
                      json_integer_value(json_object_get(params, "precision")),
                      json_integer_value(json_object_get(params, "scale")));
    } else {
        sl_buf_puts(out, type);
    }
}

static verdict compare_type(run_ctx *rc, const run_stmt *s)
{
    const char *name = s->ast->create_type.name.text;
    json_t *e = ask(rc, "SHOW TYPES;", s->line, s->col);
    if (!e) return V_FAILED;
    const json_t *schema = json_object_get(json_object_get(json_array_get(e, 0), "types"), name);
    verdict v = V_APPLY;
    if (schema) {
        sl_buf text = SL_BUF_INIT;
        sl_buf_puts(&text, "CREATE TYPE ");
        sl_ast_ident_print(&text, name);
        sl_buf_puts(&text, " AS ");
        type_sql(&text, schema);
        sl_buf_puts(&text, ";");
        sl_ast_stmt *theirs = parse(rc, text.p, text.len);
        bool same = theirs && theirs->kind == SL_STMT_CREATE_TYPE &&
                    sl_ast_type_eq(s->ast->create_type.type, theirs->create_type.type);
        v = same ? V_UNCHANGED
                 : differs(rc, s, "TYPE", name, theirs, text.p, "DROP TYPE it first to change it");
        sl_buf_free(&text);
    }
    json_decref(e);
    return v;
}

static verdict compare_query(run_ctx *rc, const run_stmt *s)
{
    if (!rc->queries) {
        json_t *e = ask(rc, "SHOW QUERIES;", s->line, s->col);
        if (!e) return V_FAILED;
        rc->queries = json_incref(json_object_get(json_array_get(e, 0), "queries"));
        json_decref(e);
    }
    for (size_t i = 0; i < json_array_size(rc->queries); i++) {
        const char *q =
            json_string_value(json_object_get(json_array_get(rc->queries, i), "queryString"));
        if (q && same_definition(s->ast, parse(rc, q, strlen(q)))) return V_UNCHANGED;
    }
    return V_APPLY;
}

static verdict compare(run_ctx *rc, const run_stmt *s)
{
    switch (s->ast->kind) {
    case SL_STMT_CREATE_SOURCE:
    case SL_STMT_CREATE_AS:
        return compare_source(rc, s);
    case SL_STMT_CREATE_TYPE:
        return compare_type(rc, s);
    case SL_STMT_INSERT_INTO:
        return compare_query(rc, s);
    default:
        return V_APPLY;
    }
}

/* ---- applying ---- */

/* The first line of what the server said about an applied statement. */
static const char *outcome(const json_t *entity, sl_buf *b)
{
    const char *m =
        json_string_value(json_object_get(json_object_get(entity, "commandStatus"), "message"));
    if (!m) m = json_string_value(json_object_get(entity, "message"));
    sl_buf_reset(b);
    sl_buf_append(b, m ? m : "done", m ? strcspn(m, "\n") : 4);
    return b->p;
}

static bool apply(run_ctx *rc, const run_stmt *s)
{
    if (rc->dry_run) {
        json_array_append_new(rc->batch, json_pack("{s:s%,s:i,s:i}", "text", s->text, s->len,
                                                   "line", s->line, "col", s->col));
        return true;
    }
    json_t *e = ask(rc, s->text, s->line, s->col);
    if (!e) return false;
    const json_t *first = json_array_get(e, 0);
    const char *status =
        json_string_value(json_object_get(json_object_get(first, "commandStatus"), "status"));
    bool ok = !status || strcmp(status, "ERROR") != 0;
    sl_buf b = SL_BUF_INIT;
    if (ok)
        say(rc, s->line, outcome(first, &b));
    else
        report_server_error(rc, s->line, s->col, outcome(first, &b));
    sl_buf_free(&b);
    json_decref(e);
    forget_catalog(rc); /* whatever it did, the catalog may have changed */
    rc->applied += ok;
    return ok;
}

static const char *target_name(const sl_ast_stmt *st, const char **what)
{
    switch (st->kind) {
    case SL_STMT_CREATE_SOURCE:
        *what = st->source.is_table ? "TABLE" : "STREAM";
        return st->source.name.text;
    case SL_STMT_CREATE_AS:
        *what = st->create_as.is_table ? "TABLE" : "STREAM";
        return st->create_as.name.text;
    case SL_STMT_CREATE_TYPE:
        *what = "TYPE";
        return st->create_type.name.text;
    default:
        *what = "INSERT INTO";
        return st->insert_into.target.text;
    }
}

/* One statement (text in src at sp): substitute, parse, compare, apply. */
static bool run_statement(run_ctx *rc, const char *src, const sl_span *sp)
{
    sl_buf text = SL_BUF_INIT;
    sl_error *err = sl_parse_substitute(src + sp->off, sp->len, sl_shell_var, &rc->sh, &text);
    run_stmt s = {sl_buf_cstr(&text), text.len, (int)sp->line, (int)sp->col, NULL};
    bool ok = false;
    if (err) {
        report_within(rc, s.line, s.col, err->line, err->col, err->msg, err->detail);
        goto done;
    }
    s.ast = parse_or(rc, s.text, s.len, &err);
    if (err && sl_shell_is_own(sl_shell_first_token(s.text, s.len))) {
        report_within(rc, s.line, s.col, err->line, err->col, err->msg, err->detail);
        goto done;
    }
    if (s.ast && sl_shell_local_stmt(&rc->sh, s.ast, &ok)) goto done; /* SET, DEFINE ... */
    sl_stmt_kind k = s.ast ? s.ast->kind : SL_STMT__COUNT;
    if (k == SL_STMT_QUERY || k == SL_STMT_PRINT || k == SL_STMT_RUN_SCRIPT) {
        report_at(rc, s.line, s.col,
                  "sluice run applies pipelines; it does not run queries, PRINT "
                  "or RUN SCRIPT (use the shell)",
                  NULL);
        goto done;
    }
    verdict v = s.ast ? compare(rc, &s) : V_APPLY;
    ok = v != V_FAILED;
    if (v == V_UNCHANGED) {
        const char *what, *name = target_name(s.ast, &what);
        sl_buf line = SL_BUF_INIT;
        sl_buf_printf(&line, "%s %s: unchanged, skipped", what, name);
        say(rc, s.line, line.p);
        sl_buf_free(&line);
        rc->unchanged++;
    } else if (v == V_APPLY) {
        ok = apply(rc, &s);
    }
done:
    sl_error_free(err);
    sl_buf_free(&text);
    return ok;
}

/* ---- dry run ---- */

/* The batched statement the server names (by its text), or the first one. */
static const json_t *batch_item(run_ctx *rc, const char *stmt_text)
{
    sl_ast_stmt *want = stmt_text ? parse(rc, stmt_text, strlen(stmt_text)) : NULL;
    for (size_t i = 0; stmt_text && i < json_array_size(rc->batch); i++) {
        const json_t *it = json_array_get(rc->batch, i);
        const char *s = json_string_value(json_object_get(it, "text"));
        sl_ast_stmt *mine = parse(rc, s, strlen(s));
        if (want && mine ? sl_ast_stmt_eq(mine, want) : strcmp(s, stmt_text) == 0) return it;
    }
    return json_array_get(rc->batch, 0);
}

static int item_int(const json_t *it, const char *k)
{
    return (int)json_integer_value(json_object_get(it, k));
}

static void dry_run_report(run_ctx *rc, const json_t *entities)
{
    for (size_t i = 0; i < json_array_size(entities); i++) {
        const json_t *e = json_array_get(entities, i);
        const json_t *it = batch_item(rc, json_string_value(json_object_get(e, "statementText")));
        sl_buf b = SL_BUF_INIT, line = SL_BUF_INIT;
        sl_buf_printf(&line, "would apply: %s", outcome(e, &b));
        say(rc, item_int(it, "line"), line.p);
        sl_buf_free(&b);
        sl_buf_free(&line);
    }
    rc->applied = (int)json_array_size(rc->batch);
}

static bool dry_run_send(run_ctx *rc)
{
    if (!json_array_size(rc->batch)) return true;
    sl_buf all = SL_BUF_INIT;
    for (size_t i = 0; i < json_array_size(rc->batch); i++)
        sl_buf_printf(&all, "%s\n",
                      json_string_value(json_object_get(json_array_get(rc->batch, i), "text")));
    json_t *props = json_deep_copy(rc->sh.props);
    json_object_set_new(props, "sluice.dry.run", json_true());
    sl_rest_req req = {.ksql = all.p, .props = props};
    sl_rest_result res;
    sl_error *err = sl_rest_ksql(rc->sh.rest, &req, &res);
    const json_t *first = json_array_get(rc->batch, 0);
    bool ok = !err && res.status >= 200 && res.status < 300 && json_is_array(res.body);
    if (err) {
        report_at(rc, item_int(first, "line"), item_int(first, "col"), err->msg, err->hint);
    } else if (!ok) {
        const json_t *it =
            batch_item(rc, json_string_value(json_object_get(res.body, "statementText")));
        report_server_error(rc, item_int(it, "line"), item_int(it, "col"),
                            sl_rest_error_message(res.body));
    } else {
        dry_run_report(rc, res.body);
    }
    sl_error_free(err);
    sl_rest_result_clear(&res);
    json_decref(props);
    sl_buf_free(&all);
    return ok;
}

/* ---- entry ---- */

static bool run_file(run_ctx *rc, const char *src, size_t n)
{
    sl_span_list spans = {0};
    size_t rest = sl_parse_split(rc->ar, src, n, &spans);
    for (uint32_t i = 0; i < spans.n; i++)
        if (!run_statement(rc, src, &spans.v[i])) return false;
    if (rest < n) {
        sl_pos at = {0, 1, 1};
        sl_parse_pos_advance(&at, src, rest);
        report_at(rc, (int)at.line, (int)at.col, "statement does not end with ';'", NULL);
        return false;
    }
    return !rc->dry_run || dry_run_send(rc);
}

static int run_usage(sl_error *err)
{
    if (err) fprintf(stderr, "sluice run: %s\n", err->msg);
    fprintf(err ? stderr : stdout,
            "usage: sluice run FILE.sql [--server URL] [--dry-run] [--define NAME=VALUE]...\n"
            "                  [--config-file FILE] [-u USER [-p PASSWORD]] [--timeout SECONDS]\n");
    sl_error_free(err);
    return err ? 2 : 0;
}

/* Reads the file and builds the session; errors are the user's to fix. */
static sl_error *run_init(run_ctx *rc, sl_shell_args *a, sl_buf *src, char **password)
{
    sl_error *err = sl_shell_read_file(a->file, src);
    if (!err) err = sl_shell_args_password(a, password);
    if (!err && a->config_file) err = sl_shell_props_load(a->config_file, rc->sh.props);
    if (err) return err;
    sl_rest_opts ro = {.url = a->url,
                       .user = a->user,
                       .password = a->password,
                       .request_timeout_ms = a->timeout_ms};
    return sl_rest_new(&ro, &rc->sh.rest);
}

int sl_run_main(int argc, char **argv)
{
    sl_shell_args a;
    sl_error *err = sl_shell_args_parse(argc, argv, true, &a);
    if (err || a.help) {
        sl_shell_args_free(&a);
        return run_usage(err);
    }
    run_ctx rc = {
        .file = a.file, .dry_run = a.dry_run, .batch = json_array(), .ar = sl_arena_new(0)};
    rc.sh.props = json_object();
    rc.sh.vars = json_incref(a.defines);
    rc.sh.quiet = true;
    rc.sh.ro = (sl_render_opts){.width = 80, .wrap = true};
    char *password = NULL;
    sl_buf src = SL_BUF_INIT;
    int code = 1;
    if ((err = run_init(&rc, &a, &src, &password))) {
        sl_shell_error(&rc.sh, err);
    } else if (run_file(&rc, sl_buf_cstr(&src), src.len)) {
        sl_shell_printf(&rc.sh, "%s: %d %s, %d unchanged%s\n", rc.file, rc.applied,
                        rc.dry_run ? "would be applied" : "applied", rc.unchanged,
                        rc.dry_run ? " (dry run: nothing was changed)" : "");
        code = 0;
    }
    sl_error_free(err);
    forget_catalog(&rc);
    json_decref(rc.batch);
    json_decref(rc.sh.props);
    json_decref(rc.sh.vars);
    sl_rest_free(rc.sh.rest);
    sl_arena_free(rc.ar);
    sl_buf_free(&src);
    free(password);
    sl_shell_args_free(&a);
    return code;
}
