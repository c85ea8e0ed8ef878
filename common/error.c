/*
 * error.c - error objects: one block per error holding code, position and the
 * message with its optional detail and hint (see error.h).
 */
#include "common/error.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int http, ksql;
} code_table[] = {
#define X(sym, name, http, ksql) {name, http, ksql},
#include "common/errcodes.def"
#undef X
};

static sl_error *build(sl_errcode code, int line, int col, const char *msg, const char *detail,
                       const char *hint)
{
    size_t ml = strlen(msg) + 1, dl = detail ? strlen(detail) + 1 : 0;
    size_t hl = hint ? strlen(hint) + 1 : 0;
    sl_error *err = sl_malloc(sizeof *err + ml + dl + hl);
    err->code = code;
    err->line = line;
    err->col = col;
    memcpy(err->msg, msg, ml);
    err->detail = detail ? memcpy(err->msg + ml, detail, dl) : NULL;
    err->hint = hint ? memcpy(err->msg + ml + dl, hint, hl) : NULL;
    return err;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = sl_malloc((size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    return s;
}

sl_error *sl_error_newv(sl_errcode code, const char *fmt, va_list ap)
{
    char *msg = vformat(fmt, ap);
    sl_error *err = build(code, 0, 0, msg, NULL, NULL);
    free(msg);
    return err;
}

sl_error *sl_error_new(sl_errcode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_error *err = sl_error_newv(code, fmt, ap);
    va_end(ap);
    return err;
}

sl_error *sl_error_at(sl_errcode code, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_error *err = sl_error_newv(code, fmt, ap);
    va_end(ap);
    err->line = line;
    err->col = col;
    return err;
}

sl_error *sl_error_with_detail(sl_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = vformat(fmt, ap);
    va_end(ap);
    sl_error *e2 = build(err->code, err->line, err->col, err->msg, d, err->hint);
    free(d);
    sl_error_free(err);
    return e2;
}

sl_error *sl_error_with_hint(sl_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *h = vformat(fmt, ap);
    va_end(ap);
    sl_error *e2 = build(err->code, err->line, err->col, err->msg, err->detail, h);
    free(h);
    sl_error_free(err);
    return e2;
}

sl_error *sl_error_prefix(sl_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = vformat(fmt, ap);
    va_end(ap);
    size_t pl = strlen(p), ml = strlen(err->msg);
    char *m = sl_malloc(pl + ml + 1);
    memcpy(m, p, pl);
    memcpy(m + pl, err->msg, ml + 1);
    sl_error *e2 = build(err->code, err->line, err->col, m, err->detail, err->hint);
    free(p);
    free(m);
    sl_error_free(err);
    return e2;
}

sl_error *sl_error_copy(const sl_error *err)
{
    return err ? build(err->code, err->line, err->col, err->msg, err->detail, err->hint) : NULL;
}

void sl_error_free(sl_error *err)
{
    free(err);
}

const char *sl_errcode_name(sl_errcode code)
{
    return code < SL_E__COUNT ? code_table[code].name : "unknown";
}

int sl_errcode_http_status(sl_errcode code)
{
    return code < SL_E__COUNT ? code_table[code].http : 500;
}

int sl_errcode_ksql(sl_errcode code)
{
    return code < SL_E__COUNT ? code_table[code].ksql : 50000;
}
