/*
 * buf.h - a growable byte buffer, always NUL-terminated after its contents so
 * buf.p can be used as a C string. Owned by whoever embeds it; free with
 * sl_buf_free. Zero-initialised (SL_BUF_INIT) is a valid empty buffer.
 */
#ifndef SL_COMMON_BUF_H
#define SL_COMMON_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct sl_buf {
    char *p;
    size_t len, cap;
} sl_buf;

#define SL_BUF_INIT {NULL, 0, 0}

/* Makes room for n more bytes (plus the terminating NUL). */
void sl_buf_reserve(sl_buf *b, size_t n);
void sl_buf_append(sl_buf *b, const void *p, size_t n);
void sl_buf_puts(sl_buf *b, const char *s);
void sl_buf_printf(sl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal, quotes included. */
void sl_buf_json_str(sl_buf *b, const char *s, size_t n);
/* Empties the buffer, keeping its memory. */
void sl_buf_reset(sl_buf *b);
void sl_buf_free(sl_buf *b);
/* Hands the contents (malloc'd, NUL-terminated) to the caller and empties the buffer. */
char *sl_buf_take(sl_buf *b);

static inline void sl_buf_putc(sl_buf *b, char c)
{
    if (b->len + 2 > b->cap) sl_buf_reserve(b, 1);
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

/* The contents as a C string ("" when empty). */
static inline const char *sl_buf_cstr(const sl_buf *b)
{
    return b->p ? b->p : "";
}

#endif
