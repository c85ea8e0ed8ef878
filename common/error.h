/*
 * error.h - the one error convention of sluice.
 *
 * Fallible functions return sl_error * (NULL means success). An error is one
 * allocation holding its code, position and message; the caller owns it and
 * frees it with sl_error_free (NULL is a no-op). Codes come from errcodes.def,
 * which also gives each code's name, HTTP status and ksqlDB REST error_code.
 *
 * Messages follow one style: a short primary line stating the fact (for ksqlDB
 * compatibility, the text ksqlDB prints where one exists), then optional detail
 * and hint lines.
 */
#ifndef SL_COMMON_ERROR_H
#define SL_COMMON_ERROR_H

#include <stdarg.h>

typedef enum sl_errcode {
#define X(sym, name, http, ksql) SL_E_##sym,
#include "common/errcodes.def"
#undef X
    SL_E__COUNT
} sl_errcode;

typedef struct sl_error {
    sl_errcode code;
    int line, col;      /* 1-based position in the statement text; 0 when unknown */
    const char *detail; /* optional, points into this block; NULL when absent */
    const char *hint;   /* optional, points into this block; NULL when absent */
    char msg[];         /* primary message, NUL-terminated */
} sl_error;

/* A new error with a printf-style message. Never returns NULL. */
sl_error *sl_error_new(sl_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
sl_error *sl_error_newv(sl_errcode code, const char *fmt, va_list ap);
/* As sl_error_new, at line:col of the statement text. */
sl_error *sl_error_at(sl_errcode code, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Returns a copy of err with detail / hint set (printf-style); takes ownership of err. */
sl_error *sl_error_with_detail(sl_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
sl_error *sl_error_with_hint(sl_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Returns a new error whose message is prefix + err's message; takes ownership of err. */
sl_error *sl_error_prefix(sl_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
sl_error *sl_error_copy(const sl_error *err);
void sl_error_free(sl_error *err);

const char *sl_errcode_name(sl_errcode code);
int sl_errcode_http_status(sl_errcode code);
int sl_errcode_ksql(sl_errcode code);

#endif
