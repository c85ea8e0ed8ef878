/*
 * verify_csv.c - CSV as RFC 4180 writes it, read one record at a time for `sluice verify`'s
 * input files:
 *
 *   id,product,note              fields end at ',' and records at "\n" or "\r\n"
 *   1,apple,"red, ""crisp"""     a quoted field may hold ',', "" (one quote) and newlines
 *   2,pear,                      an unquoted empty field (here: NULL) is told apart from ""
 *
 * Blank lines are skipped. A quote inside an unquoted field is kept as text (spreadsheets
 * write such files); text after a closing quote and a quote never closed are errors, since
 * guessing there would shift every later field.
 */
#include "cli/verify.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

void sl_verify_csv_init(sl_verify_csv *c, const char *text, size_t len)
{
    c->p = text;
    c->end = text + len;
    c->line = 1;
}

static bool at_eol(const sl_verify_csv *c, const char *p)
{
    return p == c->end || *p == '\n' || (*p == '\r' && (p + 1 == c->end || p[1] == '\n'));
}

/* Moves past the end of line at c->p. */
static void skip_eol(sl_verify_csv *c)
{
    if (c->p < c->end && *c->p == '\r') c->p++;
    if (c->p < c->end && *c->p == '\n') {
        c->p++;
        c->line++;
    }
}

/* The quoted field at c->p, its quotes removed and "" made one quote. */
static sl_error *read_quoted(sl_verify_csv *c, sl_arena *ar, sl_verify_csv_field *f)
{
    uint32_t start = c->line;
    const char *p = c->p + 1;
    sl_buf b = SL_BUF_INIT;
    for (;;) {
        if (p == c->end) {
            sl_buf_free(&b);
            return sl_error_at(SL_E_BAD_REQUEST, (int)start, 0, "a quoted field is never closed");
        }
        if (*p == '"') {
            if (p + 1 < c->end && p[1] == '"') {
                sl_buf_putc(&b, '"');
                p += 2;
                continue;
            }
            p++;
            break;
        }
        if (*p == '\n') c->line++;
        sl_buf_putc(&b, *p++);
    }
    c->p = p;
    *f = (sl_verify_csv_field){sl_arena_strndup(ar, sl_buf_cstr(&b), b.len), (uint32_t)b.len, true};
    sl_buf_free(&b);
    if (!at_eol(c, p) && *p != ',')
        return sl_error_at(SL_E_BAD_REQUEST, (int)c->line, 0,
                           "unexpected text after a closing quote");
    return NULL;
}

static void read_plain(sl_verify_csv *c, sl_arena *ar, sl_verify_csv_field *f)
{
    const char *q = c->p;
    while (q < c->end && *q != ',' && !at_eol(c, q))
        q++;
    *f = (sl_verify_csv_field){sl_arena_strndup(ar, c->p, (size_t)(q - c->p)), (uint32_t)(q - c->p),
                               false};
    c->p = q;
}

/* Text with NUL bytes cannot be told from its C string: refuse it rather than cut it. */
static sl_error *check_nul(const sl_verify_csv_field *f, uint32_t line)
{
    if (strlen(f->s) == f->len) return NULL;
    return sl_error_at(SL_E_BAD_REQUEST, (int)line, 0, "a field holds a NUL byte");
}

sl_error *sl_verify_csv_next(sl_verify_csv *c, sl_arena *ar, sl_verify_csv_field **fields,
                             uint32_t *n, uint32_t *line)
{
    *n = 0;
    *fields = NULL;
    while (c->p < c->end && at_eol(c, c->p))
        skip_eol(c);
    if (c->p >= c->end) return NULL;
    *line = c->line;
    sl_verify_csv_field *v = NULL;
    size_t cap = 0, k = 0;
    sl_error *err = NULL;
    for (;;) {
        SL_GROW(v, cap, k + 1);
        if (c->p < c->end && *c->p == '"')
            err = read_quoted(c, ar, &v[k]);
        else
            read_plain(c, ar, &v[k]);
        if (!err) err = check_nul(&v[k], *line);
        k++;
        if (err || c->p >= c->end || *c->p != ',') break;
        c->p++; /* a ',' at the very end leaves an empty last field */
    }
    skip_eol(c);
    if (!err) {
        *fields = sl_arena_memdup(ar, v, k * sizeof *v);
        *n = (uint32_t)k;
    }
    free(v);
    return err;
}
