/*
 * fuzz_script.c - fuzz target for the shell's SQL text routines
 * (cli/script.c): statement splitting, tokens, ${var} substitution, normal
 * forms and history lines over any bytes a user or a file may hold.
 *
 * Promises checked: statements tile the text in order without overlap;
 * positions grow; a statement's normal form is that of its own normal form
 * (idempotent); nothing crashes or leaks.
 */
#include "cli/script.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *lookup(void *ctx, const char *name, size_t n)
{
    (void)ctx;
    if (n == 1 && name[0] == 'a') return "x";
    if (n == 1 && name[0] == 'b') return "it's";
    return NULL;
}

static void check_statement(const sl_script_stmt *st)
{
    sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT, c = SL_BUF_INIT;
    sl_script_normalize(st->text, st->len, &a);
    sl_script_normalize(sl_buf_cstr(&a), a.len, &b);
    if (strcmp(sl_buf_cstr(&a), sl_buf_cstr(&b)) != 0) abort();
    sl_error_free(sl_script_subst(st->text, st->len, lookup, NULL, &c));
    sl_buf_reset(&c);
    sl_script_flatten(st->text, st->len, &c);
    sl_buf_free(&a);
    sl_buf_free(&b);
    sl_buf_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    sl_script_scan sc;
    sl_script_scan_init(&sc, s, size);
    sl_script_stmt st;
    const char *end = s;
    int line = 0, col = 0;
    sl_script_next_result r;
    while ((r = sl_script_next(&sc, &st)) != SL_SCRIPT_END) {
        if (st.text < end || st.text + st.len > s + size) abort();
        if (st.line < line || (st.line == line && st.col <= col)) abort();
        check_statement(&st);
        if (r == SL_SCRIPT_PARTIAL) break;
        end = st.text + st.len;
        line = st.line;
        col = st.col;
    }
    sl_script_tok toks[64];
    sl_script_tokens(s, size, toks, 64);
    return 0;
}
