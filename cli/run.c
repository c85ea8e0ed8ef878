/*
 * run.c - `sluice run pipeline.sql`: applies a file of statements to a server,
 * one by one, so that applying an unchanged file again changes nothing.
 *
 * Model: before a statement that creates something, ask the server what
 * exists and compare normal forms (script.c: case, layout and comments do not
 * matter):
 *
 *   CREATE [OR REPLACE] STREAM|TABLE x ...   DESCRIBE EXTENDED x -> "statement"
 *   CREATE [OR REPLACE] TYPE t AS ...        SHOW TYPES -> t's schema
 *   INSERT INTO x SELECT ...                 SHOW QUERIES -> each "queryString"
 *
 * Same definition: skipped ("unchanged"). Different: an error naming both
 * definitions, unless the statement says OR REPLACE (then it is applied).
 * Anything else (DROP, TERMINATE, INSERT ... VALUES, ...) is applied. SET,
 * UNSET, DEFINE and UNDEFINE change the session as in the shell; SELECT and
 * RUN SCRIPT are refused. The first error stops the run.
 *
 * Errors read `file:line:col: message`: the statement's position in the file
 * plus the server's "line L:C:" within the statement.
 *
 * --dry-run applies nothing: the statements that would be applied go to the
 * server in one POST /ksql with the request property "sluice.dry.run": true,
 * which asks the server to plan them in order without executing them, and its
 * answer (or error) is reported per statement.
 */
#include "cli/script.h"
#include "cli/shell_int.h"
#include "common/mem.h"
#include "common/str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct run_ctx {
    sl_shell sh; /* session: REST client, properties, variables */
    const char *file;
    bool dry_run;
    json_t *sources; /* name -> "STREAM"/"TABLE"; NULL until asked */
    json_t *queries; /* SHOW QUERIES "queries"; NULL until asked */
    json_t *batch;   /* dry run: [{text, line, col}] to send at the end */
    int applied, unchanged;
} run_ctx;

/* What a CREATE or INSERT statement creates. */
typedef struct target {
    char kind[8]; /* STREAM, TABLE, TYPE, QUERY; "" when nothing to compare */
    char *name;
    bool or_replace;
    size_t body; /* TYPE: offset of the type after AS */
} target;

/* ---- reporting ---- */

static void report_at(run_ctx *rc, int line, int col, const char *msg, const char *detail)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "%s:%d:%d: %s\n", rc->file, line, col, msg);
    if (detail) sl_buf_printf(&b, "%s\n", detail);
    sl_shell_errbuf(&rc->sh, &b);
    sl_buf_free(&b);
}

/* A server error for statement st: its "line L:C:" made relative to the file. */
static void report_server_error(run_ctx *rc, int line, int col, const char *msg)
{
    int l, c;
    if (sl_render_error_position(msg, &l, &c)) {
        const char *rest = strchr(strchr(msg, ':') + 1, ':') + 1;
        while (*rest == ' ')
            rest++;
        c = c > 0 ? c : 1;
        report_at(rc, line + l - 1, l == 1 ? col + c - 1 : c, rest, NULL);
    } else {
        report_at(rc, line, col, msg, NULL);
    }
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

static bool load_sources(run_ctx *rc, int line, int col)
{
    if (rc->sources) return true;
    json_t *s = ask(rc, "SHOW STREAMS;", line, col);
    json_t *t = s ? ask(rc, "SHOW TABLES;", line, col) : NULL;
    if (t) {
        rc->sources = json_object();
        const char *members[2] = {"streams", "tables"};
        json_t *lists[2] = {s, t};
        for (int k = 0; k < 2; k++) {
            const json_t *l = json_object_get(json_array_get(lists[k], 0), members[k]);
            for (size_t i = 0; i < json_array_size(l); i++) {
                const json_t *src = json_array_get(l, i);
                const char *name = json_string_value(json_object_get(src, "name"));
                if (name)
                    json_object_set_new(rc->sources, name, json_string(k ? "TABLE" : "STREAM"));
            }
        }
    }
    json_decref(s);
    json_decref(t);
    return rc->sources != NULL;
}

static void forget_catalog(run_ctx *rc)
{
    json_decref(rc->sources);
    json_decref(rc->queries);
    rc->sources = rc->queries = NULL;
}

/* ---- statements ---- */

/* The name a WORD or quoted identifier token stands for (unquoted words upper-cased). */
static char *name_of(const sl_script_tok *tok)
{
    sl_buf name = SL_BUF_INIT;
    sl_script_tok_unquote(tok, &name);
    char *s = name.p ? sl_buf_take(&name) : sl_strdup("");
    return tok->type == SL_TOK_WORD ? sl_str_upper(s) : s;
}

/* INSERT INTO x ... SELECT: a query to compare; INSERT ... VALUES is data. */
static bool parse_insert(const char *s, size_t n, size_t off, target *t)
{
    sl_script_tok tok;
    off += sl_script_token(s + off, n - off, &tok);
    if (!sl_script_tok_is(&tok, "INTO")) return false;
    off += sl_script_token(s + off, n - off, &tok);
    if (tok.type != SL_TOK_WORD && tok.type != SL_TOK_QIDENT) return false;
    sl_script_tok name = tok;
    while (tok.type != SL_TOK_END && !sl_script_tok_is(&tok, "SELECT"))
        off += sl_script_token(s + off, n - off, &tok);
    if (tok.type == SL_TOK_END) return false;
    strcpy(t->kind, "QUERY");
    t->name = name_of(&name);
    return true;
}

/* CREATE [OR REPLACE] [SOURCE] STREAM|TABLE|TYPE [IF NOT EXISTS] name ... */
static bool parse_target(const char *s, size_t n, target *t)
{
    *t = (target){0};
    sl_script_tok tok;
    size_t off = sl_script_token(s, n, &tok);
    if (sl_script_tok_is(&tok, "INSERT")) return parse_insert(s, n, off, t);
    if (!sl_script_tok_is(&tok, "CREATE")) return false;
    off += sl_script_token(s + off, n - off, &tok);
    if (sl_script_tok_is(&tok, "OR")) {
        off += sl_script_token(s + off, n - off, &tok);
        if (!sl_script_tok_is(&tok, "REPLACE")) return false;
        t->or_replace = true;
        off += sl_script_token(s + off, n - off, &tok);
    }
    if (sl_script_tok_is(&tok, "SOURCE")) off += sl_script_token(s + off, n - off, &tok);
    const char *kinds[] = {"STREAM", "TABLE", "TYPE"};
    for (int i = 0; i < 3; i++)
        if (sl_script_tok_is(&tok, kinds[i])) strcpy(t->kind, kinds[i]);
    if (!*t->kind) return false;
    off += sl_script_token(s + off, n - off, &tok);
    if (sl_script_tok_is(&tok, "IF")) {
        off += sl_script_token(s + off, n - off, &tok); /* NOT */
        off += sl_script_token(s + off, n - off, &tok); /* EXISTS */
        off += sl_script_token(s + off, n - off, &tok);
    }
    if (tok.type != SL_TOK_WORD && tok.type != SL_TOK_QIDENT) return false;
    t->name = name_of(&tok);
    off += sl_script_token(s + off, n - off, &tok); /* TYPE: AS */
    t->body = off;
    return true;
}

static char *normal(const char *s, size_t n)
{
    sl_buf b = SL_BUF_INIT;
    sl_script_normalize(s, n, &b);
    return b.p ? sl_buf_take(&b) : sl_strdup("");
}

/* Type text compared loosely: no blanks or backticks, VARCHAR = STRING. */
static char *type_canon(const char *s)
{
    sl_buf b = SL_BUF_INIT;
    for (; *s; s++)
        if (*s != ' ' && *s != '`' && *s != ';' && *s != '\n' && *s != '\t')
            sl_buf_putc(&b, (char)toupper((unsigned char)*s));
    char *c = b.p ? sl_buf_take(&b) : sl_strdup("");
    for (char *p; (p = strstr(c, "VARCHAR(STRING)")) || (p = strstr(c, "VARCHAR"));) {
        size_t cut = strncmp(p, "VARCHAR(STRING)", 15) == 0 ? 15 : 7;
        memmove(p + 6, p + cut, strlen(p + cut) + 1);
        memcpy(p, "STRING", 6);
    }
    return c;
}

/* The existing definition of t as the server states it, or NULL when t does
 * not exist; *failed when the server could not be asked. */
static char *existing(run_ctx *rc, const target *t, const sl_script_stmt *st, bool *failed)
{
    *failed = false;
    char *def = NULL;
    if (strcmp(t->kind, "TYPE") == 0) {
        json_t *e = ask(rc, "SHOW TYPES;", st->line, st->col);
        const json_t *ty = json_object_get(json_object_get(json_array_get(e, 0), "types"), t->name);
        if (ty) {
            sl_buf b = SL_BUF_INIT;
            sl_render_type(&b, ty);
            def = sl_buf_take(&b);
        }
        *failed = !e;
        json_decref(e);
        return def;
    }
    if (!load_sources(rc, st->line, st->col)) {
        *failed = true;
        return NULL;
    }
    const char *kind = json_string_value(json_object_get(rc->sources, t->name));
    if (!kind) return NULL;
    sl_buf q = SL_BUF_INIT;
    sl_buf_printf(&q, "DESCRIBE `%s` EXTENDED;", t->name);
    json_t *e = ask(rc, q.p, st->line, st->col);
    sl_buf_free(&q);
    const json_t *sd = json_object_get(json_array_get(e, 0), "sourceDescription");
    const char *stmt = json_string_value(json_object_get(sd, "statement"));
    def = sl_strdup(stmt ? stmt : "");
    *failed = !e;
    json_decref(e);
    return def;
}

/* True when a running query has the text of st. */
static bool query_exists(run_ctx *rc, const sl_script_stmt *st, const char *mine, bool *failed)
{
    *failed = false;
    if (!rc->queries) {
        json_t *e = ask(rc, "SHOW QUERIES;", st->line, st->col);
        if (!e) {
            *failed = true;
            return false;
        }
        rc->queries = json_incref(json_object_get(json_array_get(e, 0), "queries"));
        json_decref(e);
    }
    for (size_t i = 0; i < json_array_size(rc->queries); i++) {
        const char *qs =
            json_string_value(json_object_get(json_array_get(rc->queries, i), "queryString"));
        char *theirs = qs ? normal(qs, strlen(qs)) : NULL;
        bool same = theirs && strcmp(theirs, mine) == 0;
        free(theirs);
        if (same) return true;
    }
    return false;
}

typedef enum verdict { V_APPLY, V_UNCHANGED, V_FAILED } verdict;

static verdict compare(run_ctx *rc, const target *t, const sl_script_stmt *st, const char *text,
                       size_t len)
{
    bool failed;
    char *mine = normal(text, len);
    verdict v = V_APPLY;
    if (strcmp(t->kind, "QUERY") == 0) {
        v = query_exists(rc, st, mine, &failed) ? V_UNCHANGED : failed ? V_FAILED : V_APPLY;
        free(mine);
        return v;
    }
    char *theirs = existing(rc, t, st, &failed);
    if (failed)
        v = V_FAILED;
    else if (theirs) {
        bool is_type = strcmp(t->kind, "TYPE") == 0;
        char *a = is_type ? type_canon(text + t->body) : sl_strdup(mine);
        char *b = is_type ? type_canon(theirs) : normal(theirs, strlen(theirs));
        if (strcmp(a, b) == 0)
            v = V_UNCHANGED;
        else if (!t->or_replace) {
            sl_buf msg = SL_BUF_INIT, detail = SL_BUF_INIT;
            sl_buf_printf(&msg, "%s %s exists with a different definition", t->kind, t->name);
            sl_buf_printf(&detail,
                          "  on the server: %s\n  in the file:   %s\nhint: say CREATE OR REPLACE "
                          "to change it, or DROP it first",
                          b, a);
            report_at(rc, st->line, st->col, msg.p, detail.p);
            sl_buf_free(&msg);
            sl_buf_free(&detail);
            v = V_FAILED;
        }
        free(a);
        free(b);
    }
    free(theirs);
    free(mine);
    return v;
}

/* The first line of what the server said about an applied statement. */
static const char *outcome(const json_t *entities, sl_buf *b)
{
    const json_t *e = json_array_get(entities, 0);
    const char *m =
        json_string_value(json_object_get(json_object_get(e, "commandStatus"), "message"));
    if (!m) m = json_string_value(json_object_get(e, "message"));
    sl_buf_reset(b);
    sl_buf_append(b, m ? m : "done", m ? strcspn(m, "\n") : 4);
    return b->p;
}

static bool apply(run_ctx *rc, const sl_script_stmt *st, const char *text, size_t len)
{
    if (rc->dry_run) {
        json_array_append_new(rc->batch, json_pack("{s:s%,s:i,s:i}", "text", text, len, "line",
                                                   st->line, "col", st->col));
        return true;
    }
    json_t *e = ask(rc, text, st->line, st->col);
    if (!e) return false;
    const char *status = json_string_value(
        json_object_get(json_object_get(json_array_get(e, 0), "commandStatus"), "status"));
    bool ok = !status || strcmp(status, "ERROR") != 0;
    sl_buf b = SL_BUF_INIT;
    if (ok)
        say(rc, st->line, outcome(e, &b));
    else
        report_server_error(rc, st->line, st->col, outcome(e, &b));
    sl_buf_free(&b);
    json_decref(e);
    forget_catalog(rc); /* whatever it did, the catalog may have changed */
    rc->applied += ok;
    return ok;
}

static bool refused(run_ctx *rc, const sl_script_stmt *st, const char *text, size_t len)
{
    static const char *const words[] = {"SELECT", "PRINT", "RUN"};
    sl_script_tok tok;
    sl_script_token(text, len, &tok);
    for (size_t i = 0; i < 3; i++) {
        if (!sl_script_tok_is(&tok, words[i])) continue;
        report_at(rc, st->line, st->col,
                  "sluice run applies pipelines; it does not run queries, PRINT "
                  "or RUN SCRIPT (use the shell)",
                  NULL);
        return true;
    }
    return false;
}

static bool run_statement(run_ctx *rc, const sl_script_stmt *st)
{
    sl_buf text = SL_BUF_INIT;
    sl_error *err = sl_script_subst(st->text, st->len, sl_shell_var, &rc->sh, &text);
    bool ok = false;
    target t = {0};
    if (err) {
        report_at(rc, st->line + err->line - 1, err->line == 1 ? st->col + err->col - 1 : err->col,
                  strchr(strchr(err->msg, ':') + 1, ':') + 2, NULL);
    } else if (sl_shell_local_stmt(&rc->sh, text.p, text.len, &ok)) {
        /* SET, DEFINE ...: done */
    } else if (!refused(rc, st, text.p, text.len)) {
        verdict v =
            parse_target(text.p, text.len, &t) ? compare(rc, &t, st, text.p, text.len) : V_APPLY;
        ok = v != V_FAILED;
        if (v == V_UNCHANGED) {
            sl_buf what = SL_BUF_INIT;
            sl_buf_printf(&what, "%s %s: unchanged, skipped",
                          strcmp(t.kind, "QUERY") == 0 ? "INSERT INTO" : t.kind, t.name);
            say(rc, st->line, what.p);
            sl_buf_free(&what);
            rc->unchanged++;
        } else if (v == V_APPLY) {
            ok = apply(rc, st, text.p, text.len);
        }
    }
    free(t.name);
    sl_error_free(err);
    sl_buf_free(&text);
    return ok;
}

/* ---- dry run ---- */

/* The batched statement whose text the server names, or the first one. */
static const json_t *batch_item(const run_ctx *rc, const char *stmt_text)
{
    char *want = stmt_text ? normal(stmt_text, strlen(stmt_text)) : NULL;
    const json_t *hit = json_array_get(rc->batch, 0);
    for (size_t i = 0; want && i < json_array_size(rc->batch); i++) {
        const char *s = json_string_value(json_object_get(json_array_get(rc->batch, i), "text"));
        char *mine = normal(s, strlen(s));
        bool same = strcmp(mine, want) == 0;
        free(mine);
        if (same) {
            hit = json_array_get(rc->batch, i);
            break;
        }
    }
    free(want);
    return hit;
}

static int item_int(const json_t *it, const char *k)
{
    return (int)json_integer_value(json_object_get(it, k));
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
        for (size_t i = 0; i < json_array_size(res.body); i++) {
            const json_t *e = json_array_get(res.body, i);
            const json_t *it =
                batch_item(rc, json_string_value(json_object_get(e, "statementText")));
            sl_buf b = SL_BUF_INIT, line = SL_BUF_INIT;
            json_t *one = json_pack("[O]", e);
            sl_buf_printf(&line, "would apply: %s", outcome(one, &b));
            say(rc, item_int(it, "line"), line.p);
            json_decref(one);
            sl_buf_free(&b);
            sl_buf_free(&line);
        }
        rc->applied = (int)json_array_size(rc->batch);
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
    sl_script_scan sc;
    sl_script_scan_init(&sc, src, n);
    sl_script_stmt st;
    sl_script_next_result r;
    while ((r = sl_script_next(&sc, &st)) != SL_SCRIPT_END) {
        if (r == SL_SCRIPT_PARTIAL) {
            report_at(rc, st.line, st.col, "statement does not end with ';'", NULL);
            return false;
        }
        if (!run_statement(rc, &st)) return false;
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

int sl_run_main(int argc, char **argv)
{
    sl_shell_args a;
    sl_error *err = sl_shell_args_parse(argc, argv, true, &a);
    if (err || a.help) {
        sl_shell_args_free(&a);
        return run_usage(err);
    }
    run_ctx rc = {.file = a.file, .dry_run = a.dry_run, .batch = json_array()};
    char *password = NULL;
    sl_buf src = SL_BUF_INIT;
    sl_rest_opts ro = {.url = a.url, .request_timeout_ms = a.timeout_ms};
    rc.sh.props = json_object();
    rc.sh.quiet = true;
    rc.sh.vars = json_incref(a.defines);
    rc.sh.ro = (sl_render_opts){.width = 80, .wrap = true};
    if (!(err = sl_shell_read_file(a.file, &src)) &&
        !(err = sl_shell_args_password(&a, &password)) &&
        !(err = a.config_file ? sl_shell_props_load(a.config_file, rc.sh.props) : NULL)) {
        ro.user = a.user;
        ro.password = a.password;
        err = sl_rest_new(&ro, &rc.sh.rest);
    }
    int code = 1;
    if (err) {
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
    sl_buf_free(&src);
    free(password);
    sl_shell_args_free(&a);
    return code;
}
