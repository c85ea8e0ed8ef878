/*
 * buf.c - growable byte buffer (see buf.h).
 */
#include "common/buf.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>

void sl_buf_reserve(sl_buf *b, size_t n)
{
    size_t need = b->len + n + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->p = sl_realloc(b->p, cap);
    b->cap = cap;
}

void sl_buf_append(sl_buf *b, const void *p, size_t n)
{
    sl_buf_reserve(b, n);
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sl_buf_puts(sl_buf *b, const char *s)
{
    sl_buf_append(b, s, strlen(s));
}

void sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) return;
    sl_buf_reserve(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sl_buf_printf(sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void sl_buf_json_str(sl_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sl_buf_reserve(b, n + 2);
    sl_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': sl_buf_append(b, "\\\"", 2); break;
        case '\\': sl_buf_append(b, "\\\\", 2); break;
        case '\n': sl_buf_append(b, "\\n", 2); break;
        case '\r': sl_buf_append(b, "\\r", 2); break;
        case '\t': sl_buf_append(b, "\\t", 2); break;
        case '\b': sl_buf_append(b, "\\b", 2); break;
        case '\f': sl_buf_append(b, "\\f", 2); break;
        default:
            if (c < 0x20) {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                sl_buf_append(b, u, 6);
            } else {
                sl_buf_putc(b, (char)c);
            }
        }
    }
    sl_buf_putc(b, '"');
}

void sl_buf_reset(sl_buf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

void sl_buf_free(sl_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *sl_buf_take(sl_buf *b)
{
    char *p = b->p ? b->p : sl_strdup("");
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}
