/*
 * check.c - `sluice check` and `sluice fmt`: parse every statement of SQL scripts and
 * ksqlDB QTT files; report syntax errors, or print the canonical SQL.
 *
 *   sluice check [--round-trip] [--quiet | --verbose] FILE|DIR...
 *       file:line:col: message, the source line and a caret for each statement that does
 *       not parse (--verbose: also for those a QTT test expects to fail). With --round-trip each
 * parsed statement is also printed, re-parsed and compared (tree equality and identical re-printed
 * text). Ends with "N passed, M failed"; exit 1 if any failed. sluice fmt FILE|DIR... the canonical
 * form of each statement, one per line; errors and the closing "N passed, M failed" go to stderr so
 * stdout stays SQL.
 *
 * A QTT test whose expectedException is a ksqlDB parse failure may fail to parse: its
 * statements count as passed either way, and check reports how many such tests sluice
 * rejects too. Statements of .sql files may use the test-only ASSERT statements and
 * RUN SCRIPT; QTT statements are server statements and may not.
 */
#include "cli/cli.h"

#include "common/buf.h"
#include "parser/parser.h"

#include <stdio.h>
#include <string.h>

typedef struct tally {
    long passed, failed;
    long expect_tests, expect_rejected; /* QTT tests expecting a parse failure */
    const char *last_test;              /* to count such tests once; valid for one file */
    bool last_test_rejected;
} tally;

typedef struct options {
    bool round_trip, quiet, verbose, fmt;
} options;

static sl_parse_opts parse_opts(const sl_cli_input *in)
{
    sl_parse_opts o = {0};
    if (in->test_file) o.flags = SL_PARSE_ALLOW_ASSERT | SL_PARSE_ALLOW_RUN_SCRIPT;
    return o;
}

/* "file:line:col: " for an error at err's position inside in. */
static void where(sl_buf *b, const char *path, const sl_cli_input *in, const sl_error *err)
{
    int line = err->line > 0 ? err->line : 1, col = err->col > 0 ? err->col : 1;
    if (in->test) {
        sl_buf_printf(b, "%s: test \"%s\" statement %d:%d:%d: ", path, in->test, in->index, line,
                      col);
        return;
    }
    if (line == 1) col += in->col - 1;
    sl_buf_printf(b, "%s:%d:%d: ", path, line + in->line - 1, col);
}

static void report(const char *path, const sl_cli_input *in, const sl_error *err, const char *what)
{
    sl_buf b = SL_BUF_INIT;
    where(&b, path, in, err);
    sl_buf_printf(&b, "%s%s", what, err->msg);
    if (err->detail) sl_buf_printf(&b, ": %s", err->detail);
    sl_buf_putc(&b, '\n');
    sl_parse_error_caret(in->text, in->len, err, &b);
    fputs(sl_buf_cstr(&b), stderr);
    sl_buf_free(&b);
}

/* Prints s, re-parses the text and compares. Returns an error describing a mismatch. */
static sl_error *round_trip(sl_arena *ar, const sl_ast_stmt *s, const sl_parse_opts *o)
{
    sl_buf once = SL_BUF_INIT, twice = SL_BUF_INIT;
    sl_ast_stmt *again = NULL;
    sl_ast_stmt_print(&once, s);
    sl_error *err = sl_parse_statement(ar, once.p, once.len, o, &again);
    if (err) {
        err = sl_error_prefix(err, "printed form does not parse: %s: ", sl_buf_cstr(&once));
    } else {
        sl_ast_stmt_print(&twice, again);
        if (!sl_ast_stmt_eq(s, again) || strcmp(sl_buf_cstr(&once), sl_buf_cstr(&twice)) != 0)
            err = sl_error_new(SL_E_INTERNAL, "printed form parses differently: %s",
                               sl_buf_cstr(&once));
    }
    sl_buf_free(&once);
    sl_buf_free(&twice);
    return err;
}

static void count_expected_test(tally *t, const sl_cli_input *in, bool rejected)
{
    if (!in->expect_parse_error) return;
    if (!t->last_test || strcmp(t->last_test, in->test) != 0) {
        t->expect_tests++;
        t->last_test = in->test;
        t->last_test_rejected = false;
    }
    if (rejected && !t->last_test_rejected) {
        t->expect_rejected++;
        t->last_test_rejected = true;
    }
}

static void fmt_print(const sl_cli_input *in, const sl_ast_stmt_list *stmts)
{
    sl_buf b = SL_BUF_INIT;
    if (in->test && in->index == 1) sl_buf_printf(&b, "-- %s\n", in->test);
    for (uint32_t i = 0; i < stmts->n; i++) {
        sl_ast_stmt_print(&b, stmts->v[i]);
        sl_buf_putc(&b, '\n');
    }
    fputs(sl_buf_cstr(&b), stdout);
    sl_buf_free(&b);
}

static void check_input(const options *opt, tally *t, sl_arena *ar, const char *path,
                        const sl_cli_input *in)
{
    sl_parse_opts o = parse_opts(in);
    sl_ast_stmt_list stmts = {0};
    sl_error *err = sl_parse_script(ar, in->text, in->len, &o, &stmts);
    count_expected_test(t, in, err != NULL);
    if (opt->verbose && err && in->expect_parse_error) report(path, in, err, "expected: ");
    if (err && in->expect_parse_error) {
        t->passed++;
    } else if (err) {
        t->failed++;
        if (!opt->quiet) report(path, in, err, "");
    } else {
        for (uint32_t i = 0; opt->round_trip && !err && i < stmts.n; i++)
            err = round_trip(ar, stmts.v[i], &o);
        if (err) {
            t->failed++;
            if (!opt->quiet) report(path, in, err, "round trip: ");
        } else {
            t->passed++;
            if (opt->fmt) fmt_print(in, &stmts);
        }
    }
    sl_error_free(err);
}

static int run(options *opt, int argc, char **argv)
{
    if (argc == 0) {
        fprintf(stderr, "usage: sluice %s FILE|DIR...\n", opt->fmt ? "fmt" : "check");
        return 2;
    }
    sl_arena *ar = sl_arena_new(0);
    const char **paths;
    size_t npaths;
    tally t = {0};
    int status = 0;
    sl_cli_paths_expand(ar, argc, argv, &paths, &npaths);
    for (size_t i = 0; i < npaths; i++) {
        sl_arena *file_ar = sl_arena_new(0);
        sl_cli_input_list inputs = {0};
        sl_error *err = sl_cli_inputs_load(file_ar, paths[i], &inputs);
        if (err) {
            fprintf(stderr, "sluice: %s\n", err->msg);
            sl_error_free(err);
            status = 2;
        }
        sl_arena *stmt_ar = sl_arena_new(0);
        for (uint32_t k = 0; k < inputs.n; k++) {
            check_input(opt, &t, stmt_ar, paths[i], &inputs.v[k]);
            sl_arena_reset(stmt_ar);
        }
        sl_arena_free(stmt_ar);
        sl_arena_free(file_ar);
        t.last_test = NULL; /* it pointed into file_ar */
    }
    FILE *sum = opt->fmt ? stderr : stdout;
    if (t.expect_tests)
        fprintf(sum,
                "%ld of %ld tests that expect a ksqlDB parse error are rejected by the parser\n",
                t.expect_rejected, t.expect_tests);
    fprintf(sum, "%ld passed, %ld failed\n", t.passed, t.failed);
    sl_arena_free(ar);
    return status ? status : t.failed ? 1 : 0;
}

int sl_cli_check_run(int argc, char **argv)
{
    options opt = {0};
    int i = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--round-trip") == 0)
            opt.round_trip = true;
        else if (strcmp(argv[i], "--quiet") == 0)
            opt.quiet = true;
        else if (strcmp(argv[i], "--verbose") == 0)
            opt.verbose = true;
        else {
            fprintf(stderr, "sluice check: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    return run(&opt, argc - i, argv + i);
}

int sl_cli_fmt_run(int argc, char **argv)
{
    options opt = {.fmt = true};
    return run(&opt, argc, argv);
}
