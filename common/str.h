/*
 * str.h - byte slices and small string helpers used across layers.
 * A slice borrows its bytes; it is not NUL-terminated.
 */
#ifndef SL_COMMON_STR_H
#define SL_COMMON_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

typedef struct sl_slice {
    const char *p;
    size_t n;
} sl_slice;

static inline sl_slice sl_slice_of(const char *s)
{
    return (sl_slice){s, strlen(s)};
}

static inline bool sl_slice_eq(sl_slice a, sl_slice b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* ASCII case-insensitive comparison of a slice with a C string. */
static inline bool sl_slice_ieq(sl_slice a, const char *s)
{
    size_t n = strlen(s);
    return a.n == n && strncasecmp(a.p, s, n) == 0;
}

/* ASCII upper-casing in place; returns s. */
char *sl_str_upper(char *s);
/* True when s ends with suffix. */
bool sl_str_ends_with(const char *s, const char *suffix);
/* Parses a signed decimal integer filling the whole of s; false on junk or overflow. */
bool sl_str_to_i64(const char *s, size_t n, long long *out);

#endif
