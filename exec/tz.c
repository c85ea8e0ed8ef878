/*
 * tz.c - time zones from TZif files and fixed offsets (see tz.h).
 *
 * A TZif file (RFC 8536) holds a v1 block of 32-bit data, then for version 2+
 * the same again with 64-bit transition times, then a footer line with a
 * POSIX TZ rule for instants after the last transition. We read the 64-bit
 * block when there is one, check every count against the file size before
 * using it, and keep the footer rule. Leap-second records are skipped (the
 * plain zoneinfo files have none).
 */
#include "exec/tz.h"
#include "common/mem.h"
#include "exec/fn_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_MAX_FILE (1 << 20) /* the largest zone file is a few KiB */

/* A POSIX TZ rule: "std offset [dst [offset] [,start[/time],end[/time]]]". */
typedef struct posix_date {
    char kind;    /* 'J' (1..365, no leap day), 'D' (0..365) or 'M' */
    int m, w, d;  /* M: month, week (5 = last), weekday; J/D: day in d */
    int32_t time; /* seconds after local midnight, may be negative or past 24h */
} posix_date;

typedef struct posix_rule {
    int32_t std_off, dst_off; /* seconds east of UTC */
    char std_name[16], dst_name[16];
    bool has_dst;
    posix_date start, end;
} posix_rule;

typedef struct tz_type {
    int32_t off;
    uint32_t abbr; /* index into chars */
} tz_type;

struct sl_tz {
    char *id;
    int64_t *times; /* transition instants, ascending */
    uint8_t *idx;   /* the type each transition switches to */
    tz_type *types;
    char *chars; /* NUL-separated abbreviations */
    uint32_t ntimes, ntypes, nchars;
    bool has_rule;
    posix_rule rule;
    int32_t fixed; /* the offset of a fixed zone (ntypes == 0 and !has_rule) */
    char fixed_abbr[32];
};

static sl_tz *fixed_zone(const char *id, int32_t off, const char *abbr)
{
    sl_tz *z = sl_calloc(1, sizeof *z);
    z->id = sl_strdup(id);
    z->fixed = off;
    snprintf(z->fixed_abbr, sizeof z->fixed_abbr, "%s", abbr);
    return z;
}

sl_tz *sl_tz_utc(void)
{
    return fixed_zone("UTC", 0, "UTC");
}

void sl_tz_free(sl_tz *z)
{
    if (!z) return;
    free(z->id);
    free(z->times);
    free(z->idx);
    free(z->types);
    free(z->chars);
    free(z);
}

const char *sl_tz_id(const sl_tz *z)
{
    return z->id;
}

/* --- offsets as text: ZoneOffset.of and its normalised ID ------------------------------- */

/* Parses "+h", "+hh", "+hh:mm", "+hhmm", "+hh:mm:ss", "+hhmmss"; false when malformed. */
static bool parse_offset(const char *s, size_t n, int32_t *out)
{
    if (n < 2 || (s[0] != '+' && s[0] != '-')) return false;
    int parts[3] = {0, 0, 0}, np = 0;
    size_t i = 1;
    bool colons = n > 3 && s[3] == ':';
    if (n == 2) {
        if (s[1] < '0' || s[1] > '9') return false;
        parts[np++] = s[1] - '0';
        i = 2;
    }
    while (i < n && np < 3) {
        if (np > 0 && colons) {
            if (s[i] != ':') return false;
            i++;
        }
        if (i + 2 > n || s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9') return false;
        parts[np++] = (s[i] - '0') * 10 + (s[i + 1] - '0');
        i += 2;
    }
    if (i != n || parts[0] > 18 || parts[1] > 59 || parts[2] > 59) return false;
    int32_t secs = parts[0] * 3600 + parts[1] * 60 + parts[2];
    if (secs > 18 * 3600) return false;
    *out = s[0] == '-' ? -secs : secs;
    return true;
}

/* ZoneOffset's ID: "Z" or "+hh:mm" or "+hh:mm:ss". */
static void offset_id(char *buf, size_t cap, int32_t off)
{
    if (off == 0) {
        snprintf(buf, cap, "Z");
        return;
    }
    int32_t a = off < 0 ? -off : off;
    if (a % 60)
        snprintf(buf, cap, "%c%02d:%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60, a % 60);
    else
        snprintf(buf, cap, "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* --- the POSIX TZ footer ---------------------------------------------------------------- */

static const char *posix_name(const char *p, char *out, size_t cap)
{
    size_t n = 0;
    if (*p == '<') {
        for (p++; *p && *p != '>'; p++)
            if (n + 1 < cap) out[n++] = *p;
        if (*p != '>') return NULL;
        p++;
    } else {
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            if (n + 1 < cap)
                out[n++] = *p++;
            else
                p++;
    }
    out[n] = 0;
    return n >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] as seconds; hours may go up to 167 (POSIX time of day). */
static const char *posix_hms(const char *p, int32_t *out)
{
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    int32_t v = 0, part = 0;
    for (int k = 0; k < 3; k++) {
        if (*p < '0' || *p > '9') return k ? p : NULL;
        part = 0;
        while (*p >= '0' && *p <= '9')
            part = part * 10 + (*p++ - '0');
        if (part > 167) return NULL;
        v += part * (k == 0 ? 3600 : k == 1 ? 60 : 1);
        if (*p != ':') break;
        p++;
    }
    *out = sign * v;
    return p;
}

static const char *posix_date_parse(const char *p, posix_date *d)
{
    if (*p == 'M') {
        d->kind = 'M';
        if (sscanf(p + 1, "%d.%d.%d", &d->m, &d->w, &d->d) != 3) return NULL;
        if (d->m < 1 || d->m > 12 || d->w < 1 || d->w > 5 || d->d < 0 || d->d > 6) return NULL;
        p++;
        for (int dots = 0; (*p >= '0' && *p <= '9') || (*p == '.' && dots < 2); p++)
            dots += *p == '.';
    } else {
        d->kind = *p == 'J' ? 'J' : 'D';
        if (*p == 'J') p++;
        if (*p < '0' || *p > '9') return NULL;
        d->d = 0;
        while (*p >= '0' && *p <= '9')
            d->d = d->d * 10 + (*p++ - '0');
        if (d->d > 365) return NULL;
    }
    d->time = 7200; /* 02:00 by default */
    if (*p == '/') return posix_hms(p + 1, &d->time);
    return p;
}

static bool posix_parse(const char *p, posix_rule *r)
{
    memset(r, 0, sizeof *r);
    int32_t off;
    if (!(p = posix_name(p, r->std_name, sizeof r->std_name)) || !(p = posix_hms(p, &off)))
        return false;
    r->std_off = -off; /* POSIX counts west of Greenwich as positive */
    if (!*p) return true;
    if (!(p = posix_name(p, r->dst_name, sizeof r->dst_name))) return false;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = posix_hms(p, &off))) return false;
        r->dst_off = -off;
    }
    if (*p != ',' || !(p = posix_date_parse(p + 1, &r->start))) return false;
    if (*p != ',' || !(p = posix_date_parse(p + 1, &r->end))) return false;
    return *p == 0;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The local-time second (since the epoch) at which a rule date falls in year y. */
static int64_t posix_when(const posix_date *d, int64_t y)
{
    int64_t day;
    if (d->kind == 'J') {
        day = sl_cast_days_from_civil(y, 1, 1) + d->d - 1;
        if (is_leap(y) && d->d >= 60) day++;
    } else if (d->kind == 'D') {
        day = sl_cast_days_from_civil(y, 1, 1) + d->d;
    } else {
        int64_t first = sl_cast_days_from_civil(y, d->m, 1);
        int64_t wd = ((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday (4) */
        day = first + (d->d - wd + 7) % 7 + 7 * (d->w - 1);
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int len = mdays[d->m - 1] + (d->m == 2 && is_leap(y));
        while (day >= first + len)
            day -= 7;
    }
    return day * 86400 + d->time;
}

static int32_t posix_offset(const posix_rule *r, int64_t utc, const char **abbr)
{
    if (!r->has_dst) {
        if (abbr) *abbr = r->std_name;
        return r->std_off;
    }
    int64_t y, local = utc + r->std_off;
    int mo, dd;
    sl_fn_civil_from_days(local >= 0 ? local / 86400 : -((-local + 86399) / 86400), &y, &mo, &dd);
    /* DST begins at a standard-time wall clock and ends at a daylight-time one */
    int64_t start = posix_when(&r->start, y) - r->std_off;
    int64_t end = posix_when(&r->end, y) - r->dst_off;
    bool dst = start < end ? utc >= start && utc < end : !(utc >= end && utc < start);
    if (abbr) *abbr = dst ? r->dst_name : r->std_name;
    return dst ? r->dst_off : r->std_off;
}

/* --- TZif files ------------------------------------------------------------------------- */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const uint8_t *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Reads the data block at p (v = 1: 32-bit times) into z; *used receives its size. */
static bool read_block(sl_tz *z, const uint8_t *p, size_t n, int v, size_t *used)
{
    if (n < 44 || memcmp(p, "TZif", 4) != 0) return false;
    uint32_t isut = be32(p + 20), isstd = be32(p + 24), leap = be32(p + 28);
    uint32_t timecnt = be32(p + 32), typecnt = be32(p + 36), charcnt = be32(p + 40);
    size_t tsz = v == 1 ? 4 : 8;
    if (typecnt == 0 || typecnt > 256 || timecnt > 100000 || charcnt > 4096 || leap > 10000 ||
        isut > typecnt || isstd > typecnt)
        return false;
    size_t need =
        44 + timecnt * tsz + timecnt + typecnt * 6 + charcnt + leap * (tsz + 4) + isstd + isut;
    if (need > n) return false;
    *used = need;
    if (v == 1 && p[4] >= '2') return true; /* only its size matters: the 64-bit block follows */
    const uint8_t *q = p + 44;
    z->ntimes = timecnt;
    z->ntypes = typecnt;
    z->nchars = charcnt;
    z->times = sl_malloc(sizeof *z->times * (timecnt ? timecnt : 1));
    z->idx = sl_malloc(timecnt ? timecnt : 1);
    z->types = sl_malloc(sizeof *z->types * typecnt);
    z->chars = sl_calloc(1, charcnt + 1);
    for (uint32_t i = 0; i < timecnt; i++, q += tsz)
        z->times[i] = tsz == 4 ? (int32_t)be32(q) : be64(q);
    for (uint32_t i = 0; i < timecnt; i++) {
        z->idx[i] = *q++;
        if (z->idx[i] >= typecnt) return false;
    }
    for (uint32_t i = 0; i < typecnt; i++, q += 6) {
        z->types[i].off = (int32_t)be32(q);
        z->types[i].abbr = q[5] < charcnt ? q[5] : 0;
        if (z->types[i].off < -26 * 3600 || z->types[i].off > 26 * 3600) return false;
    }
    memcpy(z->chars, q, charcnt);
    for (uint32_t i = 1; i < timecnt; i++)
        if (z->times[i] < z->times[i - 1]) return false;
    return true;
}

static bool parse_tzif(sl_tz *z, const uint8_t *p, size_t n)
{
    size_t used;
    if (!read_block(z, p, n, 1, &used)) return false;
    if (p[4] < '2') return true;
    size_t used2;
    if (!read_block(z, p + used, n - used, 2, &used2)) return false;
    const char *foot = (const char *)p + used + used2;
    size_t fn = n - used - used2;
    if (fn >= 2 && foot[0] == '\n') {
        const char *end = memchr(foot + 1, '\n', fn - 1);
        if (end && end > foot + 1) {
            char rule[128];
            size_t rn = (size_t)(end - foot - 1);
            if (rn < sizeof rule) {
                memcpy(rule, foot + 1, rn);
                rule[rn] = 0;
                z->has_rule = posix_parse(rule, &z->rule);
            }
        }
    }
    return true;
}

/* Reads the zone file of a region ID (already checked to be a safe path). */
static sl_error *load_file(const char *id, size_t len, sl_tz **out)
{
    char path[512];
    snprintf(path, sizeof path, "%s%.*s", SL_TZ_DIR, (int)len, id);
    FILE *f = fopen(path, "rb");
    if (!f) return sl_error_new(SL_E_EVAL, "Unknown time-zone ID: %.*s", (int)len, id);
    uint8_t *buf = sl_malloc(TZ_MAX_FILE);
    size_t n = fread(buf, 1, TZ_MAX_FILE, f);
    fclose(f);
    sl_tz *z = sl_calloc(1, sizeof *z);
    z->id = sl_strndup(id, len);
    bool ok = n < TZ_MAX_FILE && parse_tzif(z, buf, n);
    free(buf);
    if (!ok) {
        sl_tz_free(z);
        return sl_error_new(SL_E_EVAL, "Unknown time-zone ID: %.*s (unreadable zone file)",
                            (int)len, id);
    }
    *out = z;
    return NULL;
}

/* ZoneId's region ID syntax, and no way out of the zoneinfo directory. */
static bool region_ok(const char *s, size_t n)
{
    if (n < 2 || n > 200) return false;
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  strchr("~/._+-", c);
        if (!ok || c == 0) return false;
        if (c == '.' && s[i - 1] == '.') return false;
    }
    if (memmem(s, n, "/.", 2)) return false;
    return !(n >= 6 && (memcmp(s, "posix/", 6) == 0 || memcmp(s, "right/", 6) == 0));
}

sl_error *sl_tz_load(const char *id, size_t len, sl_tz **out)
{
    int32_t off;
    char buf[32];
    if (len == 1 && id[0] == 'Z') {
        *out = fixed_zone("Z", 0, "Z");
        return NULL;
    }
    if (len && (id[0] == '+' || id[0] == '-')) {
        if (!parse_offset(id, len, &off))
            return sl_error_new(SL_E_EVAL, "Invalid ID for ZoneOffset, invalid format: %.*s",
                                (int)len, id);
        offset_id(buf, sizeof buf, off);
        *out = fixed_zone(buf, off, buf);
        return NULL;
    }
    static const char *const prefixes[] = {"UTC", "GMT", "UT"};
    for (int i = 0; i < 3; i++) {
        size_t pl = strlen(prefixes[i]);
        if (len < pl || memcmp(id, prefixes[i], pl) != 0) continue;
        if (len == pl) {
            *out = fixed_zone(prefixes[i], 0, prefixes[i]);
            return NULL;
        }
        if (id[pl] != '+' && id[pl] != '-') break;
        if (!parse_offset(id + pl, len - pl, &off))
            return sl_error_new(SL_E_EVAL, "Invalid ID for offset-based ZoneId: %.*s", (int)len,
                                id);
        char oid[16];
        offset_id(oid, sizeof oid, off);
        snprintf(buf, sizeof buf, "%s%s", prefixes[i], off ? oid : "");
        *out = fixed_zone(buf, off, buf);
        return NULL;
    }
    if (!region_ok(id, len))
        return sl_error_new(SL_E_EVAL, "Invalid ID for region-based ZoneId, invalid format: %.*s",
                            (int)len, id);
    return load_file(id, len, out);
}

sl_error *sl_tz_load_name(const char *name, size_t len, sl_tz **out)
{
    static const char *const names[][2] = {
        {"PST", "America/Los_Angeles"},
        {"PDT", "America/Los_Angeles"},
        {"MST", "America/Denver"},
        {"MDT", "America/Denver"},
        {"CST", "America/Chicago"},
        {"CDT", "America/Chicago"},
        {"EST", "America/New_York"},
        {"EDT", "America/New_York"},
        {"AKST", "America/Anchorage"},
        {"AKDT", "America/Anchorage"},
        {"HST", "Pacific/Honolulu"},
        {"BST", "Europe/London"},
        {"CEST", "CET"},
        {"EEST", "EET"},
        {"WEST", "WET"},
        {"MSK", "Europe/Moscow"},
        {"JST", "Asia/Tokyo"},
        {"IST", "Asia/Kolkata"},
        {"AEST", "Australia/Sydney"},
        {"AEDT", "Australia/Sydney"},
        {"NZST", "Pacific/Auckland"},
        {"NZDT", "Pacific/Auckland"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i][0]) == len && memcmp(names[i][0], name, len) == 0)
            return sl_tz_load(names[i][1], strlen(names[i][1]), out);
    return sl_tz_load(name, len, out);
}

/* --- offsets ------------------------------------------------------------------------------ */

int32_t sl_tz_offset_at(const sl_tz *z, int64_t utc_s, const char **abbr)
{
    if (z->ntypes == 0) {
        if (z->has_rule) return posix_offset(&z->rule, utc_s, abbr);
        if (abbr) *abbr = z->fixed_abbr;
        return z->fixed;
    }
    if (z->has_rule && (z->ntimes == 0 || utc_s >= z->times[z->ntimes - 1]))
        return posix_offset(&z->rule, utc_s, abbr);
    uint32_t t = 0; /* before the first transition: the first type */
    if (z->ntimes && utc_s >= z->times[0]) {
        uint32_t lo = 0, hi = z->ntimes; /* the last transition at or before utc_s */
        while (hi - lo > 1) {
            uint32_t mid = (lo + hi) / 2;
            if (z->times[mid] <= utc_s)
                lo = mid;
            else
                hi = mid;
        }
        t = z->idx[lo];
    }
    if (abbr) *abbr = z->chars + z->types[t].abbr;
    return z->types[t].off;
}

int64_t sl_tz_local_to_utc(const sl_tz *z, int64_t local_s)
{
    /* the offsets in force a day either side cover any single transition */
    int32_t early = sl_tz_offset_at(z, local_s - 86400, NULL);
    int32_t late = sl_tz_offset_at(z, local_s + 86400, NULL);
    if (early == late) return local_s - early;
    bool early_ok = sl_tz_offset_at(z, local_s - early, NULL) == early;
    bool late_ok = sl_tz_offset_at(z, local_s - late, NULL) == late;
    if (early_ok) return local_s - early; /* an overlap keeps the earlier offset */
    if (late_ok) return local_s - late;
    return local_s - early; /* a gap: the clock moves forward by its length */
}
