/*
 * shell_exec.c - running one statement: ${var} substitution, then a local
 * statement, a query (POST /query, rows shown as they arrive) or anything
 * else (POST /ksql, entities rendered).
 *
 * The statement is parsed (parser/parser.h) to know what it is: SET, DEFINE,
 * RUN SCRIPT ... are the shell's own, a query goes to /query, the rest to
 * /ksql. A statement the parser rejects is still sent (by its first word):
 * the server's verdict and message are the ones that count - except for the
 * shell's own statements, whose syntax errors the shell reports itself.
 *
 * Variables are substituted here, in the shell, not by the server: what is
 * sent is exactly what error positions refer to, so the caret lands on the
 * text the user sees, and servers that ignore "sessionVariables" work the
 * same. sessionVariables is therefore not sent. SET 'ksql.variable.
 * substitution.enable'='false' turns substitution off, as in ksqlDB.
 */
#include "cli/shell_int.h"
#include "common/arena.h"
#include "common/clock.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HINT_AFTER_NS (3 * 1000000000LL)

const char *sl_shell_var(void *ctx, const char *name, size_t n)
{
    sl_shell *sh = ctx;
    const char *k;
    json_t *v;
    json_object_foreach(sh->vars, k, v)
    {
        if (strlen(k) == n && strncasecmp(k, name, n) == 0) return json_string_value(v);
    }
    return NULL;
}

static bool substitution_on(const sl_shell *sh)
{
    const char *v =
        json_string_value(json_object_get(sh->props, "ksql.variable.substitution.enable"));
    return !v || strcasecmp(v, "false") != 0;
}

int sl_shell_first_token(const char *s, size_t n)
{
    for (size_t off = 0; off < n;) {
        int type;
        off += sl_lex_next(s + off, n - off, &type);
        if (type != TK_SPACE && type != TK_COMMENT) return type;
    }
    return 0;
}

bool sl_shell_is_own(int tk)
{
    return tk == TK_SET || tk == TK_UNSET || tk == TK_DEFINE || tk == TK_UNDEFINE || tk == TK_RUN;
}

/* A push query: one that says EMIT. Asked of the tokens when it did not parse. */
static bool is_push(const char *s, size_t n, const sl_ast_stmt *st)
{
    if (st) return st->kind == SL_STMT_QUERY && st->query->emit != SL_EMIT_NONE;
    for (size_t off = 0; off < n;) {
        int type;
        off += sl_lex_next(s + off, n - off, &type);
        if (type == TK_EMIT) return true;
    }
    return false;
}

/* Statements after which the names Tab offers may have changed. */
static bool changes_catalog(const sl_ast_stmt *st)
{
    if (!st) return true; /* the server took what the shell could not parse: assume so */
    switch (st->kind) {
    case SL_STMT_CREATE_SOURCE:
    case SL_STMT_CREATE_AS:
    case SL_STMT_INSERT_INTO:
    case SL_STMT_DROP:
    case SL_STMT_CREATE_TYPE:
    case SL_STMT_ALTER_SOURCE:
    case SL_STMT_TERMINATE:
        return true;
    default:
        return false;
    }
}

/* A syntax error the shell found itself: "ERROR: line L:C: ...", the line, a caret. */
static void show_parse_error(sl_shell *sh, const sl_error *err, const char *stmt, size_t len)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "ERROR: ");
    sl_parse_error_text(err, &b);
    sl_buf_putc(&b, '\n');
    sl_parse_error_caret(stmt, len, err, &b);
    if (err->hint) sl_buf_printf(&b, "hint: %s\n", err->hint);
    sl_shell_errbuf(sh, &b);
    sl_buf_free(&b);
}

/* The server's error message; when it starts "line L:C:", the line and a caret. */
static void server_error(sl_buf *b, const char *message, const char *stmt, size_t len)
{
    sl_render_error(b, message);
    int line, col;
    if (!stmt || !sl_render_error_position(message, &line, &col)) return;
    sl_error *at = sl_error_at(SL_E_SYNTAX, line, col > 0 ? col : 1, "%s", "");
    sl_parse_error_caret(stmt, len, at, b);
    sl_error_free(at);
}

/* Prints a refused request: the entities done before the failure, then the
 * error with the statement line and a caret. */
static void print_failure(sl_shell *sh, const json_t *body, long status, const char *stmt,
                          size_t len)
{
    const json_t *done = json_object_get(body, "entities");
    if (json_array_size(done)) {
        sl_buf b = SL_BUF_INIT;
        sl_render_entities(&b, done, &sh->ro);
        sl_shell_outbuf(sh, &b);
        sl_buf_free(&b);
    }
    sl_buf b = SL_BUF_INIT;
    if (json_is_object(body)) {
        server_error(&b, sl_rest_error_message(body), stmt, len);
        if (status == 401)
            sl_buf_puts(&b, "hint: give a user and password: sluice -u USER -p PASSWORD\n");
    } else {
        char *j = json_dumps(body, JSON_ENCODE_ANY | JSON_COMPACT);
        sl_buf_printf(&b, "ERROR: the server answered HTTP %ld with an unexpected body: %.300s\n",
                      status, j ? j : "?");
        free(j);
    }
    sl_shell_errbuf(sh, &b);
    sl_buf_free(&b);
}

/* A command that failed although the request succeeded (status ERROR). */
static bool command_errors(sl_shell *sh, const json_t *entities, const char *stmt, size_t len)
{
    bool any = false;
    for (size_t i = 0; i < json_array_size(entities); i++) {
        const json_t *e = json_array_get(entities, i);
        const char *status =
            json_string_value(json_object_get(json_object_get(e, "commandStatus"), "status"));
        if (!status || strcmp(status, "ERROR") != 0) continue;
        sl_buf b = SL_BUF_INIT;
        server_error(&b, sl_rest_error_message(e), stmt, len);
        sl_shell_errbuf(sh, &b);
        sl_buf_free(&b);
        any = true;
    }
    return any;
}

static bool run_ksql(sl_shell *sh, const char *stmt, size_t len, const sl_ast_stmt *st)
{
    sl_rest_req req = {.ksql = stmt, .props = sh->props};
    sl_rest_result res;
    sl_error *err = sl_rest_ksql(sh->rest, &req, &res);
    if (err) {
        sl_shell_error(sh, err);
        sl_error_free(err);
        return false;
    }
    bool ok = res.status >= 200 && res.status < 300 && json_is_array(res.body);
    if (!ok) {
        print_failure(sh, res.body, res.status, stmt, len);
    } else if (command_errors(sh, res.body, stmt, len)) {
        ok = false;
    } else {
        sl_buf b = SL_BUF_INIT;
        if (sh->json_output)
            sl_render_json(&b, res.body);
        else
            sl_render_entities(&b, res.body, &sh->ro);
        sl_shell_outbuf(sh, &b);
        sl_buf_free(&b);
        if (changes_catalog(st)) sl_complete_invalidate(sh->comp);
    }
    sl_rest_result_clear(&res);
    return ok;
}

/* ---- queries ---- */

typedef struct query_view {
    sl_shell *sh;
    const char *stmt;
    size_t len;
    size_t rows, ncols; /* ncols: columns of the header */
    int64_t started_ns;
    bool push, hinted, failed;
} query_view;

static void show_json(sl_shell *sh, const json_t *v)
{
    sl_buf b = SL_BUF_INIT;
    sl_render_json(&b, v);
    sl_shell_outbuf(sh, &b);
    sl_buf_free(&b);
}

static bool on_event(void *ctx, const sl_rest_event *ev)
{
    query_view *qv = ctx;
    sl_shell *sh = qv->sh;
    sl_buf b = SL_BUF_INIT;
    if (ev->kind == SL_REST_EV_HEADER) {
        if (sh->json_output) {
            show_json(sh, json_object_get(ev->json, "header"));
        } else {
            json_t *names = sl_render_schema_names(ev->schema);
            qv->ncols = json_array_size(names);
            sl_render_grid_header(&b, names, &sh->ro);
            json_decref(names);
        }
    } else if (ev->kind == SL_REST_EV_ROW) {
        qv->rows++;
        if (sh->json_output)
            show_json(sh, json_object_get(ev->json, "row"));
        else
            sl_render_grid_row(&b, ev->columns, qv->ncols, ev->tombstone, &sh->ro);
    } else if (ev->kind == SL_REST_EV_FINAL) {
        sl_buf_printf(&b, "%s\n", ev->message);
    } else if (ev->kind == SL_REST_EV_ERROR) {
        sl_buf e = SL_BUF_INIT;
        server_error(&e, ev->message, qv->stmt, qv->len);
        sl_shell_errbuf(sh, &e);
        sl_buf_free(&e);
        qv->failed = true;
    }
    sl_shell_outbuf(sh, &b);
    sl_buf_free(&b);
    return true;
}

static bool reads_from_start(const sl_shell *sh)
{
    const char *v = json_string_value(json_object_get(sh->props, "auto.offset.reset"));
    return v && strcasecmp(v, "earliest") == 0;
}

/* Ten times a second while the stream is open: Ctrl-C, and the hint for a
 * push query that has shown nothing yet. */
static bool on_tick(void *ctx)
{
    query_view *qv = ctx;
    if (sl_shell_interrupt_take()) {
        qv->sh->stopped = true;
        return false;
    }
    if (qv->push && !qv->rows && !qv->hinted && !reads_from_start(qv->sh) &&
        sl_clock_mono_ns() - qv->started_ns > HINT_AFTER_NS) {
        qv->hinted = true;
        sl_shell_printf(qv->sh, "(No rows yet. A push query shows only events that arrive from now "
                                "on; to see the ones already there, press Ctrl-C and run: "
                                "SET 'auto.offset.reset'='earliest';)\n");
    }
    return true;
}

static bool run_query(sl_shell *sh, const char *stmt, size_t len, const sl_ast_stmt *st)
{
    query_view qv = {sh, stmt, len, 0, 0, sl_clock_mono_ns(), is_push(stmt, len, st), false, false};
    sl_rest_query_cb cb = {on_event, on_tick, &qv};
    sl_rest_req req = {.ksql = stmt, .props = sh->props};
    sl_rest_query_end end;
    sl_rest_result refusal;
    sl_error *err = sl_rest_query(sh->rest, &req, &cb, &end, &refusal);
    bool ok = !err && end != SL_REST_QUERY_REFUSED && !qv.failed;
    if (err)
        sl_shell_error(sh, err);
    else if (end == SL_REST_QUERY_REFUSED)
        print_failure(sh, refusal.body, refusal.status, stmt, len);
    /* after Ctrl-C the terminal has echoed "^C": end that line first */
    if (sh->stopped && sh->interactive) sl_shell_out(sh, "\n", 1);
    if (!err && end != SL_REST_QUERY_REFUSED) sl_shell_out(sh, "Query terminated\n", 17);
    sl_error_free(err);
    sl_rest_result_clear(&refusal);
    return ok;
}

/* Runs a substituted statement: parsed to know where it goes. */
static bool dispatch(sl_shell *sh, const char *stmt, size_t len)
{
    sl_arena *ar = sl_arena_new(0);
    sl_parse_opts po = {.flags = SL_PARSE_ALLOW_RUN_SCRIPT};
    sl_ast_stmt *st = NULL;
    sl_error *perr = sl_parse_statement(ar, stmt, len, &po, &st);
    const sl_ast_stmt *parsed = perr ? NULL : st;
    int tk = sl_shell_first_token(stmt, len);
    bool ok = false;
    if (perr && sl_shell_is_own(tk)) {
        show_parse_error(sh, perr, stmt, len);
    } else if (!parsed || !sl_shell_local_stmt(sh, parsed, &ok)) {
        ok = tk == TK_SELECT ? run_query(sh, stmt, len, parsed) : run_ksql(sh, stmt, len, parsed);
    }
    sl_error_free(perr);
    sl_arena_free(ar);
    return ok;
}

bool sl_shell_exec(sl_shell *sh, const char *text, size_t len)
{
    sh->ro.width = sl_shell_width();
    sl_buf stmt = SL_BUF_INIT;
    sl_error *err = NULL;
    if (substitution_on(sh))
        err = sl_parse_substitute(text, len, sl_shell_var, sh, &stmt);
    else
        sl_buf_append(&stmt, text, len);
    bool ok = false;
    if (err)
        show_parse_error(sh, err, text, len);
    else
        ok = dispatch(sh, sl_buf_cstr(&stmt), stmt.len);
    if (!ok) sh->failed = true;
    sl_error_free(err);
    sl_buf_free(&stmt);
    return ok;
}

bool sl_shell_run_text(sl_shell *sh, const char *src, size_t n)
{
    sl_arena *ar = sl_arena_new(0);
    sl_span_list spans = {0};
    size_t rest = sl_parse_split(ar, src, n, &spans);
    bool all_ok = true;
    for (uint32_t i = 0; i < spans.n && !sh->quit && !sh->stopped; i++) {
        bool ok = sl_shell_exec(sh, src + spans.v[i].off, spans.v[i].len);
        all_ok = all_ok && ok;
        if (!ok && sh->stop_on_error) {
            sl_arena_free(ar);
            return false;
        }
    }
    if (rest < n && !sh->quit && !sh->stopped) {
        /* the last statement lacks its ';': run it anyway */
        sl_buf last = SL_BUF_INIT;
        sl_buf_append(&last, src + rest, n - rest);
        sl_buf_puts(&last, ";");
        all_ok = sl_shell_exec(sh, last.p, last.len) && all_ok;
        sl_buf_free(&last);
    }
    sl_arena_free(ar);
    return all_ok;
}
