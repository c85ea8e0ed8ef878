/*
 * fuzz_parser.c - libFuzzer target for the SQL front end: lexer, parser, printer,
 * splitter, substitution and error rendering on arbitrary bytes.
 *
 * Beyond "no crash, no leak, no hang", it checks the printer's contract on every input
 * that parses: the printed text parses again (or hits a limit) to an equal tree and prints
 * the same. A violation aborts, so the fuzzer reports it.
 */
#include "parser/parser.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *lookup(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    if (len == 1 && name[0] == 'x') return "orders";
    if (len == 1 && name[0] == 'n') return "-42";
    if (len == 1 && name[0] == 'q') return "it's";
    return NULL;
}

static void check_round_trip(sl_arena *ar, const sl_ast_stmt *s, const sl_parse_opts *o)
{
    sl_buf once = SL_BUF_INIT, twice = SL_BUF_INIT;
    sl_ast_stmt *again = NULL;
    sl_ast_stmt_print(&once, s);
    sl_error *err = sl_parse_statement(ar, once.p, once.len, o, &again);
    if (err && err->code != SL_E_LIMIT) abort(); /* the printed form must parse */
    if (!err) {
        sl_ast_stmt_print(&twice, again);
        if (!sl_ast_stmt_eq(s, again) || strcmp(once.p, twice.p) != 0) abort();
    }
    sl_error_free(err);
    sl_buf_free(&once);
    sl_buf_free(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *sql = (const char *)data;
    sl_arena *ar = sl_arena_new(0);
    sl_parse_opts o = {0, 0, SL_PARSE_ALLOW_ASSERT | SL_PARSE_ALLOW_RUN_SCRIPT};
    sl_ast_stmt_list stmts = {0};
    sl_buf b = SL_BUF_INIT;

    sl_error *err = sl_parse_script(ar, sql, size, &o, &stmts);
    for (uint32_t i = 0; !err && i < stmts.n; i++)
        check_round_trip(ar, stmts.v[i], &o);
    if (err) {
        sl_parse_error_text(err, &b);
        sl_parse_error_caret(sql, size, err, &b);
    }
    sl_error_free(err);

    sl_ast_expr *e;
    err = sl_parse_expr(ar, sql, size, NULL, &e);
    if (!err) sl_ast_expr_print(&b, e);
    sl_error_free(err);

    sl_span_list spans = {0};
    size_t rest = sl_parse_split(ar, sql, size, &spans);
    if (rest > size) abort();
    for (uint32_t i = 0; i < spans.n; i++)
        if (spans.v[i].off + spans.v[i].len > rest && spans.v[i].off + spans.v[i].len > size)
            abort();

    sl_buf_reset(&b);
    sl_error_free(sl_parse_substitute(sql, size, lookup, NULL, &b));
    sl_buf_free(&b);
    sl_arena_free(ar);
    return 0;
}
