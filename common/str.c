/*
 * str.c - small string helpers (see str.h).
 */
#include "common/str.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>

char *sl_str_upper(char *s)
{
    for (char *c = s; *c; c++) *c = (char)toupper((unsigned char)*c);
    return s;
}

bool sl_str_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool sl_str_to_i64(const char *s, size_t n, long long *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == n) return false;
    unsigned long long v = 0, lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (lim - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = neg ? (long long)(0 - v) : (long long)v;
    return true;
}
