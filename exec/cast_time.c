/*
 * cast_time.c - reading TIMESTAMP, DATE and TIME from text, as ksqlDB's CAST does.
 *
 * Model
 *   ksqlDB completes partial timestamps before parsing them with the pattern
 *   yyyy-MM-dd'T'HH:mm:ss.SSS (PartialStringToTimestampParser):
 *
 *     "2020"                 -> 2020-01-01T00:00:00.000
 *     "2020-05"              -> 2020-05-01T00:00:00.000
 *     "2020-05-26T13"        -> 2020-05-26T13:00:00.000
 *     "2020-05-26T13:5"      -> 2020-05-26T13:50:00.000   (padded from the pattern)
 *     "...T23:59:58.123+0200" -> offset applied; "Z" or no offset means UTC
 *
 *   The offset is everything from the first '+' (else the first '-') after the
 *   'T', read as java.time.ZoneOffset reads it. Day-of-month 29..31 beyond the
 *   month's end is clamped to its last day (Java's SMART resolver).
 *
 * Routines: sl_cast_parse_timestamp, sl_cast_parse_date, sl_cast_parse_time,
 * sl_cast_days_from_civil.
 */
#include "exec/cast.h"

#include <string.h>

static const char time_pattern[] = "HH:mm:ss.SSS";

int64_t sl_cast_days_from_civil(int64_t y, int m, int d)
{
    /* Count days from 0000-03-01 in 400-year eras (146097 days each), with March as the
     * first month so that the leap day ends the year; 719468 shifts to 1970-01-01. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

static sl_error *bad(const char *type, const char *s, size_t n)
{
    return sl_error_new(SL_E_EVAL, "invalid input syntax for type %s: \"%.*s\"", type,
                        (int)(n > 200 ? 200 : n), s);
}

/* Exactly k digits at s[*i] into *v. */
static bool digits(const char *s, size_t n, size_t *i, int k, int64_t *v)
{
    if (*i + (size_t)k > n) return false;
    int64_t r = 0;
    for (int j = 0; j < k; j++) {
        char c = s[*i + (size_t)j];
        if (c < '0' || c > '9') return false;
        r = r * 10 + (c - '0');
    }
    *i += (size_t)k;
    *v = r;
    return true;
}

/* "yyyy-MM-dd" (all of it) into days; y/M completed to "-01" as ksqlDB's completeDate. */
static bool parse_date_part(const char *s, size_t n, int64_t *days)
{
    size_t dashes = 0;
    for (size_t i = 0; i < n; i++)
        dashes += s[i] == '-';
    size_t i = 0;
    int64_t y = 0, m = 1, d = 1;
    if (!digits(s, n, &i, 4, &y)) return false;
    if (dashes >= 1 && (i >= n || s[i++] != '-' || !digits(s, n, &i, 2, &m))) return false;
    if (dashes >= 2 && (i >= n || s[i++] != '-' || !digits(s, n, &i, 2, &d))) return false;
    if (i != n || m < 1 || m > 12 || d < 1 || d > 31) return false;
    if (d > days_in_month(y, (int)m)) d = days_in_month(y, (int)m);
    *days = sl_cast_days_from_civil(y, (int)m, (int)d);
    return true;
}

/* "HH:mm:ss.SSS" exactly (after completion) into milliseconds. */
static bool parse_full_time(const char *s, size_t n, int64_t *ms)
{
    size_t i = 0;
    int64_t h = 0, mi = 0, se = 0, f = 0;
    if (!digits(s, n, &i, 2, &h) || i >= n || s[i++] != ':' || !digits(s, n, &i, 2, &mi) ||
        i >= n || s[i++] != ':' || !digits(s, n, &i, 2, &se) || i >= n || s[i++] != '.' ||
        !digits(s, n, &i, 3, &f) || i != n)
        return false;
    if (h > 23 || mi > 59 || se > 59) return false;
    *ms = ((h * 60 + mi) * 60 + se) * 1000 + f;
    return true;
}

/* ZoneOffset.of: +h, +hh, +hh:mm, +hhmm, +hh:mm:ss, +hhmmss (and '-'); seconds east. */
static bool parse_offset(const char *s, size_t n, int64_t *secs)
{
    if (n == 0) {
        *secs = 0;
        return true;
    }
    if (s[0] != '+' && s[0] != '-') return false;
    size_t i = 1;
    int64_t h = 0, m = 0, sec = 0;
    if (n == 2) {
        if (!digits(s, n, &i, 1, &h)) return false;
    } else {
        if (!digits(s, n, &i, 2, &h)) return false;
        bool colon = i < n && s[i] == ':';
        if (i < n) {
            i += colon;
            if (!digits(s, n, &i, 2, &m)) return false;
        }
        if (i < n) {
            if (colon && s[i++] != ':') return false;
            if (!digits(s, n, &i, 2, &sec)) return false;
        }
        if (i != n) return false;
    }
    if (h > 18 || m > 59 || sec > 59 || (h == 18 && (m || sec))) return false;
    *secs = (h * 3600 + m * 60 + sec) * (s[0] == '-' ? -1 : 1);
    return true;
}

sl_error *sl_cast_parse_timestamp(const char *s, size_t n, int64_t *ms)
{
    const char *t = s;
    size_t m = n;
    while (m && (unsigned char)t[0] <= ' ')
        t++, m--;
    while (m && (unsigned char)t[m - 1] <= ' ')
        m--;
    const char *tpos = memchr(t, 'T', m);
    size_t dlen = tpos ? (size_t)(tpos - t) : m;
    int64_t days, tms = 0, off = 0;
    if (!parse_date_part(t, dlen, &days)) return bad("TIMESTAMP", s, n);
    if (tpos) {
        const char *r = tpos + 1;
        size_t rn = m - dlen - 1;
        const char *z = memchr(r, '+', rn);
        if (!z) z = memchr(r, '-', rn);
        size_t tl = z ? (size_t)(z - r) : rn;
        if (tl && r[tl - 1] == 'Z') tl--;
        char full[sizeof time_pattern + 16];
        if (tl > sizeof full - 1) return bad("TIMESTAMP", s, n);
        memcpy(full, r, tl);
        for (size_t k = tl; k < sizeof time_pattern - 1; k++) /* complete from the pattern */
            full[k] = time_pattern[k] == ':' || time_pattern[k] == '.' ? time_pattern[k] : '0';
        size_t fl = tl > sizeof time_pattern - 1 ? tl : sizeof time_pattern - 1;
        if (!parse_full_time(full, fl, &tms) ||
            !parse_offset(z, z ? rn - (size_t)(z - r) : 0, &off))
            return bad("TIMESTAMP", s, n);
    }
    *ms = days * 86400000 + tms - off * 1000;
    return NULL;
}

sl_error *sl_cast_parse_date(const char *s, size_t n, int64_t *days)
{
    const char *t = s;
    size_t m = n;
    while (m && (unsigned char)t[0] <= ' ')
        t++, m--;
    while (m && (unsigned char)t[m - 1] <= ' ')
        m--;
    if (!parse_date_part(t, m, days)) return bad("DATE", s, n);
    return NULL;
}

sl_error *sl_cast_parse_time(const char *s, size_t n, int64_t *ms)
{
    const char *t = s;
    size_t m = n, i = 0;
    while (m && (unsigned char)t[0] <= ' ')
        t++, m--;
    while (m && (unsigned char)t[m - 1] <= ' ')
        m--;
    int64_t h = 0, mi = 0, se = 0, frac = 0;
    if (!digits(t, m, &i, 2, &h) || i >= m || t[i++] != ':' || !digits(t, m, &i, 2, &mi))
        return bad("TIME", s, n);
    if (i < m && (t[i++] != ':' || !digits(t, m, &i, 2, &se))) return bad("TIME", s, n);
    if (i < m) {
        if (t[i++] != '.') return bad("TIME", s, n);
        int nd = 0;
        for (; i < m && t[i] >= '0' && t[i] <= '9'; i++, nd++)
            if (nd < 3) frac = frac * 10 + (t[i] - '0');
        if (nd == 0 || nd > 9 || i != m) return bad("TIME", s, n);
        for (; nd < 3; nd++)
            frac *= 10;
    }
    if (h > 23 || mi > 59 || se > 59) return bad("TIME", s, n);
    *ms = ((h * 60 + mi) * 60 + se) * 1000 + frac;
    return NULL;
}
