/*
 * fn_time.c - formatting and parsing dates and times: PARSE_TIMESTAMP
 * FORMAT_TIMESTAMP PARSE_DATE FORMAT_DATE PARSE_TIME FORMAT_TIME CONVERT_TZ
 * and the deprecated STRINGTOTIMESTAMP TIMESTAMPTOSTRING STRINGTODATE
 * DATETOSTRING.
 *
 * Model: TIMESTAMP is milliseconds since the epoch (UTC), DATE days since the
 * epoch, TIME milliseconds since midnight (value.h). Formatting breaks the
 * value into calendar fields in a zone (tz.h) and writes them by a
 * DateTimeFormatter pattern (timefmt.h); parsing reads fields and resolves
 * them as ksqlDB does:
 *
 *   PARSE_TIMESTAMP  fields missing from the text default to 1970-01-01T00:00
 *                    in the text's zone (z, VV, X...), else the zone argument,
 *                    else UTC (sluice's system default zone)
 *   PARSE_DATE       needs a whole date and no time field
 *   PARSE_TIME       needs an hour and no date field
 *
 * Each call site keeps its compiled patterns and loaded zones in its state: a
 * constant pattern or zone is prepared once in init, values from records go
 * through a four-entry cache, so per-record work is a lookup, arithmetic and
 * writing text.
 */
#include "common/mem.h"
#include "exec/fn_int.h"
#include "exec/timefmt.h"
#include "exec/tz.h"

#include <stdlib.h>
#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

#define NCACHE     4
#define MS_PER_DAY 86400000LL

/* --- per-call-site caches of compiled patterns and zones ------------------------------- */

typedef struct entry {
    char *key; /* malloc'd; NULL when the slot is empty */
    size_t len;
    void *obj; /* sl_timefmt * or sl_tz * */
} entry;

typedef struct cache {
    entry e[NCACHE];
    unsigned next;
    void (*free_obj)(void *);
} cache;

typedef struct time_state {
    cache fmts, zones;
    sl_tz *utc; /* the zone when none is given */
    sl_buf buf;
} time_state;

static void free_fmt(void *p)
{
    sl_timefmt_free(p);
}

static void free_tz(void *p)
{
    sl_tz_free(p);
}

static void cache_clear(cache *c)
{
    for (int i = 0; i < NCACHE; i++) {
        free(c->e[i].key);
        if (c->e[i].obj) c->free_obj(c->e[i].obj);
    }
}

static void *cache_get(cache *c, const char *key, size_t len)
{
    for (int i = 0; i < NCACHE; i++)
        if (c->e[i].key && c->e[i].len == len && memcmp(c->e[i].key, key, len) == 0)
            return c->e[i].obj;
    return NULL;
}

static void cache_put(cache *c, const char *key, size_t len, void *obj)
{
    entry *e = &c->e[c->next++ % NCACHE];
    free(e->key);
    if (e->obj) c->free_obj(e->obj);
    e->key = sl_strndup(key, len);
    e->len = len;
    e->obj = obj;
}

static sl_error *get_fmt(sl_fnctx *cx, const sl_value *pat, sl_timefmt **out)
{
    time_state *st = cx->state;
    if ((*out = cache_get(&st->fmts, pat->u.s, pat->len))) return NULL;
    sl_error *err = sl_timefmt_compile(pat->u.s, pat->len, out);
    if (!err) cache_put(&st->fmts, pat->u.s, pat->len, *out);
    return err;
}

/* The zone named by text (an ID, or with names a zone abbreviation from parsed text). */
static sl_error *get_zone(sl_fnctx *cx, const char *id, size_t len, bool names, sl_tz **out)
{
    time_state *st = cx->state;
    if ((*out = cache_get(&st->zones, id, len))) return NULL;
    sl_error *err = names ? sl_tz_load_name(id, len, out) : sl_tz_load(id, len, out);
    if (!err) cache_put(&st->zones, id, len, *out);
    return err;
}

static sl_error *time_init(const sl_fn_call *call, void **state)
{
    time_state *st = sl_calloc(1, sizeof *st);
    st->fmts.free_obj = free_fmt;
    st->zones.free_obj = free_tz;
    st->utc = sl_tz_utc();
    /* a constant pattern (argument 1) or zone (argument 2, or 1 for CONVERT_TZ) is
     * prepared now; a bad one is reported per record, as ksqlDB does */
    for (int i = 1; i < call->nargs && i <= 2; i++) {
        if (!fn_is_const(call, i) || call->const_args[i].null) continue;
        const sl_value *v = &call->const_args[i];
        bool zone = i == 2 || strcmp(call->def->name, "CONVERT_TZ") == 0;
        void *obj = NULL;
        sl_error *err = zone ? sl_tz_load(v->u.s, v->len, (sl_tz **)&obj)
                             : sl_timefmt_compile(v->u.s, v->len, (sl_timefmt **)&obj);
        if (err)
            sl_error_free(err);
        else
            cache_put(zone ? &st->zones : &st->fmts, v->u.s, v->len, obj);
    }
    *state = st;
    return NULL;
}

static void time_fini(void *state)
{
    time_state *st = state;
    if (!st) return;
    cache_clear(&st->fmts);
    cache_clear(&st->zones);
    sl_tz_free(st->utc);
    sl_buf_free(&st->buf);
    free(st);
}

/* --- breaking values into fields -------------------------------------------------------- */

static void set_date(sl_timeval *tv, int64_t days)
{
    tv->has_date = true;
    sl_fn_civil_from_days(days, &tv->year, &tv->month, &tv->day);
}

static void set_time(sl_timeval *tv, int64_t ms)
{
    tv->has_time = true;
    tv->hour = (int)(ms / 3600000);
    tv->minute = (int)(ms / 60000 % 60);
    tv->second = (int)(ms / 1000 % 60);
    tv->nano = (int32_t)(ms % 1000 * 1000000);
}

/* The timestamp ms as local fields in zone z. */
static sl_timeval timestamp_fields(const sl_tz *z, int64_t ms)
{
    sl_timeval tv = {.has_zone = true, .zone_id = sl_tz_id(z)};
    tv.offset = sl_tz_offset_at(z, fn_floor_div(ms, 1000), &tv.zone_abbr);
    if (ms > -(INT64_C(1) << 62) && ms < (INT64_C(1) << 62)) {
        int64_t local = ms + (int64_t)tv.offset * 1000, days = fn_floor_div(local, MS_PER_DAY);
        set_date(&tv, days);
        set_time(&tv, local - days * MS_PER_DAY);
        return tv;
    }
    /* in 128 bits: the local time of an extreme instant may not fit 64 */
    __int128 local = (__int128)ms + (__int128)tv.offset * 1000;
    __int128 days = local / MS_PER_DAY - (local % MS_PER_DAY < 0);
    set_date(&tv, (int64_t)days);
    set_time(&tv, (int64_t)(local - days * MS_PER_DAY));
    return tv;
}

static sl_error *format(sl_fnctx *cx, const sl_value *pat, const sl_timeval *tv, const char *what,
                        sl_value *out)
{
    sl_timefmt *f;
    sl_error *err = get_fmt(cx, pat, &f);
    if (!err) {
        /* short texts go through the stack, so the arena gets only what is used */
        char stack[512];
        size_t max = sl_timefmt_max_len(f), len;
        char *buf = max <= sizeof stack ? stack : sl_arena_alloc(cx->ar, max);
        err = sl_timefmt_format(f, tv, buf, &len);
        if (!err) *out = buf == stack ? fn_str_dup(cx, buf, len) : sl_value_str(buf, (uint32_t)len);
    }
    if (err)
        return sl_error_prefix(err, "Failed to format %s with formatter '%.*s': ", what,
                               (int)pat->len, pat->u.s);
    return NULL;
}

/* FORMAT_TIMESTAMP(ts, pattern[, zone]) and TIMESTAMPTOSTRING over BIGINT. */
FN(format_timestamp)
{
    sl_tz *z = ((time_state *)cx->state)->utc;
    sl_error *err = n > 2 ? get_zone(cx, a[2].u.s, a[2].len, false, &z) : NULL;
    if (err) return sl_error_prefix(err, "Failed to format timestamp: ");
    sl_timeval tv = timestamp_fields(z, a[0].u.i);
    return format(cx, &a[1], &tv, "timestamp", out);
}

FN(format_date)
{
    (void)n;
    sl_timeval tv = {0};
    set_date(&tv, a[0].u.i);
    return format(cx, &a[1], &tv, "date", out);
}

FN(format_time)
{
    (void)n;
    sl_timeval tv = {0};
    set_time(&tv, ((a[0].u.i % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
    return format(cx, &a[1], &tv, "time", out);
}

/* --- resolving parsed fields ------------------------------------------------------------ */

#define HAS(p, f) (((p)->have >> (f)) & 1u)

static sl_error *parse(sl_fnctx *cx, const sl_value *text, const sl_value *pat, const char *what,
                       sl_timeparse *p)
{
    sl_timefmt *f;
    sl_error *err = get_fmt(cx, pat, &f);
    if (!err) err = sl_timefmt_parse(f, text->u.s, text->len, p);
    if (err)
        return sl_error_prefix(err, "Failed to parse %s '%.*s' with formatter '%.*s': ", what,
                               (int)(text->len > 200 ? 200 : text->len), text->u.s, (int)pat->len,
                               pat->u.s);
    return NULL;
}

static int month_length(int64_t y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return len[m - 1] + (m == 2 && leap);
}

/* The proleptic year, from u, or y (with G), or the default. */
static int64_t year_of(const sl_timeparse *p, int64_t dflt)
{
    if (HAS(p, SL_TF_YEAR)) return p->v[SL_TF_YEAR];
    if (!HAS(p, SL_TF_YEAR_OF_ERA)) return dflt;
    int64_t yoe = p->v[SL_TF_YEAR_OF_ERA];
    return HAS(p, SL_TF_ERA) && p->v[SL_TF_ERA] == 0 ? 1 - yoe : yoe;
}

/* Days since the epoch of the parsed date; with whole, year, month and day (or
 * year and day of year) must all be there, else they default to 1970-01-01. */
static sl_error *resolve_date(const sl_timeparse *p, bool whole, int64_t *days)
{
    bool has_year = HAS(p, SL_TF_YEAR) || HAS(p, SL_TF_YEAR_OF_ERA);
    bool md = HAS(p, SL_TF_MONTH) && HAS(p, SL_TF_DAY);
    if (whole && !(has_year && (md || HAS(p, SL_TF_DAY_OF_YEAR))))
        return sl_error_new(SL_E_EVAL, "Unable to obtain LocalDate from the parsed fields");
    int64_t y = year_of(p, 1970);
    if (HAS(p, SL_TF_DAY_OF_YEAR) && !HAS(p, SL_TF_MONTH) && !HAS(p, SL_TF_DAY)) {
        int64_t doy = p->v[SL_TF_DAY_OF_YEAR];
        if (doy == 366 && month_length(y, 2) == 28)
            return sl_error_new(SL_E_EVAL,
                                "Invalid date 'DayOfYear 366' as '%lld' is not a leap "
                                "year",
                                (long long)y);
        *days = sl_cast_days_from_civil(y, 1, 1) + doy - 1;
    } else {
        int m = HAS(p, SL_TF_MONTH) ? (int)p->v[SL_TF_MONTH] : 1;
        int d = HAS(p, SL_TF_DAY) ? (int)p->v[SL_TF_DAY] : 1;
        if (d > month_length(y, m)) d = month_length(y, m); /* SMART: the month's last day */
        *days = sl_cast_days_from_civil(y, m, d);
    }
    if (HAS(p, SL_TF_DAY_OF_WEEK)) {
        int64_t dow = ((*days + 3) % 7 + 7) % 7 + 1;
        if (has_year || md) {
            if (dow != p->v[SL_TF_DAY_OF_WEEK])
                return sl_error_new(SL_E_EVAL,
                                    "Conflict found: Field DayOfWeek %lld differs from "
                                    "DayOfWeek %lld derived from the date",
                                    (long long)p->v[SL_TF_DAY_OF_WEEK], (long long)dow);
        } else {
            *days += p->v[SL_TF_DAY_OF_WEEK] - dow; /* within the week of the default date */
        }
    }
    return NULL;
}

/* Milliseconds since midnight of the parsed time (and a day carried by 24:00);
 * with need_hour, an hour of day must be determinable. */
static sl_error *resolve_time(const sl_timeparse *p, bool need_hour, int64_t *ms, int *carry)
{
    *carry = 0;
    if (HAS(p, SL_TF_NANO_OF_DAY)) {
        *ms = p->v[SL_TF_NANO_OF_DAY] / 1000000;
        return NULL;
    }
    if (HAS(p, SL_TF_MILLI_OF_DAY)) {
        *ms = p->v[SL_TF_MILLI_OF_DAY];
        return NULL;
    }
    int64_t h = 0;
    bool have_hour = true, ampm = HAS(p, SL_TF_AMPM);
    if (HAS(p, SL_TF_HOUR))
        h = p->v[SL_TF_HOUR];
    else if (HAS(p, SL_TF_CLOCK_HOUR))
        h = p->v[SL_TF_CLOCK_HOUR] % 24;
    else if (HAS(p, SL_TF_CLOCK_AMPM))
        h = p->v[SL_TF_CLOCK_AMPM] % 12, have_hour = ampm;
    else if (HAS(p, SL_TF_HOUR_AMPM))
        h = p->v[SL_TF_HOUR_AMPM], have_hour = ampm;
    else
        have_hour = false;
    if (ampm && !HAS(p, SL_TF_HOUR) && !HAS(p, SL_TF_CLOCK_HOUR)) h += 12 * p->v[SL_TF_AMPM];
    if (need_hour && !have_hour)
        return sl_error_new(SL_E_EVAL, "Unable to obtain LocalTime from the parsed fields");
    int64_t mi = HAS(p, SL_TF_MINUTE) ? p->v[SL_TF_MINUTE] : 0;
    int64_t s = HAS(p, SL_TF_SECOND) ? p->v[SL_TF_SECOND] : 0;
    int64_t ns = HAS(p, SL_TF_NANO) ? p->v[SL_TF_NANO] : 0;
    if (h == 24) { /* 24:00 is the end of the day */
        if (mi || s || ns)
            return sl_error_new(SL_E_EVAL, "Invalid value for HourOfDay (valid values 0 - 23): 24");
        h = 0;
        *carry = 1;
    }
    *ms = ((h * 60 + mi) * 60 + s) * 1000 + ns / 1000000;
    return NULL;
}

/* The instant of parsed text: its own offset or zone, else zone_arg, else UTC. */
static sl_error *resolve_timestamp(sl_fnctx *cx, const sl_timeparse *p, const sl_value *zone_arg,
                                   int64_t *out)
{
    int64_t days, ms;
    int carry;
    sl_error *err = resolve_date(p, false, &days);
    if (!err) err = resolve_time(p, false, &ms, &carry);
    if (err) return err;
    __int128 wide = (__int128)(days + carry) * MS_PER_DAY + ms;
    if (wide > INT64_MAX - 86400000LL * 2 || wide < INT64_MIN + 86400000LL * 2)
        return sl_error_new(SL_E_EVAL, "the date-time is out of the range of a TIMESTAMP");
    int64_t local = (int64_t)wide, local_s = fn_floor_div(local, 1000);
    int64_t sub = local - local_s * 1000;
    if (p->has_offset) {
        *out = local - (int64_t)p->offset * 1000;
        return NULL;
    }
    sl_tz *z = NULL;
    if (p->zone)
        err = get_zone(cx, p->zone, p->zone_len, true, &z);
    else if (zone_arg)
        err = get_zone(cx, zone_arg->u.s, zone_arg->len, false, &z);
    if (err) return err;
    *out = (z ? sl_tz_local_to_utc(z, local_s) : local_s) * 1000 + sub;
    return NULL;
}

/* PARSE_TIMESTAMP(text, pattern[, zone]) and STRINGTOTIMESTAMP (BIGINT). */
FN(parse_timestamp)
{
    sl_timeparse p;
    sl_error *err = parse(cx, &a[0], &a[1], "timestamp", &p);
    int64_t ts = 0;
    if (!err) err = resolve_timestamp(cx, &p, n > 2 ? &a[2] : NULL, &ts);
    if (err) return err;
    *out = sl_value_int(ts);
    return NULL;
}

/* PARSE_DATE and STRINGTODATE (INT days). */
FN(parse_date)
{
    (void)n;
    sl_timeparse p;
    sl_error *err = parse(cx, &a[0], &a[1], "date", &p);
    if (err) return err;
    if (p.have & SL_TF_TIME_FIELDS) return fn_err("Date format contains time field.");
    int64_t days;
    if ((err = resolve_date(&p, true, &days)))
        return sl_error_prefix(err, "Failed to parse date '%.*s': ", (int)a[0].len, a[0].u.s);
    *out = sl_value_int(days);
    return NULL;
}

FN(parse_time)
{
    (void)n;
    sl_timeparse p;
    sl_error *err = parse(cx, &a[0], &a[1], "time", &p);
    if (err) return err;
    static const sl_tf_field order[] = {SL_TF_DAY_OF_WEEK, SL_TF_DAY,         SL_TF_DAY_OF_YEAR,
                                        SL_TF_MONTH,       SL_TF_YEAR_OF_ERA, SL_TF_YEAR,
                                        SL_TF_ERA,         SL_TF_QUARTER};
    /* name the first date field as Java reports it after resolving: a whole date
     * makes DayOfWeek the first, a year of era has become a Year */
    bool whole = HAS(&p, SL_TF_YEAR_OF_ERA) && HAS(&p, SL_TF_MONTH) && HAS(&p, SL_TF_DAY);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (!HAS(&p, order[i])) continue;
        sl_tf_field f = whole                           ? SL_TF_DAY_OF_WEEK
                        : order[i] == SL_TF_YEAR_OF_ERA ? SL_TF_YEAR
                                                        : order[i];
        return fn_err("Failed to parse time '%.*s' with formatter '%.*s': Unsupported field: %s",
                      (int)a[0].len, a[0].u.s, (int)a[1].len, a[1].u.s, sl_tf_field_name(f));
    }
    int64_t ms;
    int carry;
    if ((err = resolve_time(&p, true, &ms, &carry)))
        return sl_error_prefix(err, "Failed to parse time '%.*s': ", (int)a[0].len, a[0].u.s);
    *out = sl_value_int(ms);
    return NULL;
}

/* --- CONVERT_TZ --------------------------------------------------------------------------- */

/* The timestamp shifted by the difference of the two zones' offsets at it. */
FN(convert_tz)
{
    (void)n;
    sl_tz *from, *to;
    sl_error *err = get_zone(cx, a[1].u.s, a[1].len, false, &from);
    if (!err) err = get_zone(cx, a[2].u.s, a[2].len, false, &to);
    if (err) return sl_error_prefix(err, "Invalid time zone: ");
    int64_t s = fn_floor_div(a[0].u.i, 1000);
    int64_t shift = (int64_t)sl_tz_offset_at(to, s, NULL) - sl_tz_offset_at(from, s, NULL);
    *out = sl_value_int(a[0].u.i + shift * 1000);
    return NULL;
}

/* --- the table ------------------------------------------------------------------------------ */

#define TIMEFN .init = time_init, .fini = time_fini

static const sl_fn_sig parse_ts_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "TIMESTAMP",
     .impl = parse_timestamp,
     TIMEFN,
     .doc = "Converts a string in the given format into a TIMESTAMP (UTC unless the text names "
            "a zone)."},
    {.params = "STRING, STRING, STRING",
     .ret = "TIMESTAMP",
     .impl = parse_timestamp,
     TIMEFN,
     .doc = "Converts a string in the given format at the given time zone into a TIMESTAMP."},
};
static const sl_fn_sig format_ts_sigs[] = {
    {.params = "TIMESTAMP, STRING",
     .ret = "STRING",
     .impl = format_timestamp,
     TIMEFN,
     .doc = "Converts a TIMESTAMP into a string in the given format, in UTC."},
    {.params = "TIMESTAMP, STRING, STRING",
     .ret = "STRING",
     .impl = format_timestamp,
     TIMEFN,
     .doc = "Converts a TIMESTAMP into a string in the given format at the given time zone."},
};
static const sl_fn_sig parse_date_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "DATE",
     .impl = parse_date,
     TIMEFN,
     .doc = "Converts a string in the given format into a DATE."},
};
static const sl_fn_sig format_date_sigs[] = {
    {.params = "DATE, STRING",
     .ret = "STRING",
     .impl = format_date,
     TIMEFN,
     .doc = "Converts a DATE into a string in the given format."},
};
static const sl_fn_sig parse_time_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "TIME",
     .impl = parse_time,
     TIMEFN,
     .doc = "Converts a string in the given format into a TIME."},
};
static const sl_fn_sig format_time_sigs[] = {
    {.params = "TIME, STRING",
     .ret = "STRING",
     .impl = format_time,
     TIMEFN,
     .doc = "Converts a TIME into a string in the given format."},
};
static const sl_fn_sig convert_tz_sigs[] = {
    {.params = "TIMESTAMP, STRING, STRING",
     .ret = "TIMESTAMP",
     .impl = convert_tz,
     TIMEFN,
     .doc = "Converts a TIMESTAMP from one time zone to another."},
};
static const sl_fn_sig string_to_ts_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "BIGINT",
     .impl = parse_timestamp,
     TIMEFN,
     .doc = "Converts a string in the given format into milliseconds since the epoch."},
    {.params = "STRING, STRING, STRING",
     .ret = "BIGINT",
     .impl = parse_timestamp,
     TIMEFN,
     .doc = "Converts a string in the given format at the given time zone into milliseconds "
            "since the epoch."},
};
static const sl_fn_sig ts_to_string_sigs[] = {
    {.params = "BIGINT, STRING",
     .ret = "STRING",
     .impl = format_timestamp,
     TIMEFN,
     .doc = "Converts milliseconds since the epoch into a string in the given format, in UTC."},
    {.params = "BIGINT, STRING, STRING",
     .ret = "STRING",
     .impl = format_timestamp,
     TIMEFN,
     .doc = "Converts milliseconds since the epoch into a string in the given format at the "
            "given time zone."},
};
static const sl_fn_sig string_to_date_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "INT",
     .impl = parse_date,
     TIMEFN,
     .doc = "Converts a string in the given format into days since 1970-01-01."},
};
static const sl_fn_sig date_to_string_sigs[] = {
    {.params = "INT, STRING",
     .ret = "STRING",
     .impl = format_date,
     TIMEFN,
     .doc = "Converts days since 1970-01-01 into a string in the given format."},
};

const sl_fn_def sl_fn_defs_time[] = {
    {"CONVERT_TZ", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a TIMESTAMP value from one timezone to another.", FN_NSIGS(convert_tz_sigs)},
    {"DATETOSTRING", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a number of days since epoch to a string in the given format (deprecated: use "
     "FORMAT_DATE).",
     FN_NSIGS(date_to_string_sigs)},
    {"FORMAT_DATE", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a DATE value to a string using the given format pattern. The format pattern "
     "should be in the format expected by java.time.format.DateTimeFormatter.",
     FN_NSIGS(format_date_sigs)},
    {"FORMAT_TIME", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a TIME value into the string representation of the time in the given format.",
     FN_NSIGS(format_time_sigs)},
    {"FORMAT_TIMESTAMP", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a TIMESTAMP value into the string representation of the timestamp in the given "
     "format.",
     FN_NSIGS(format_ts_sigs)},
    {"PARSE_DATE", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a string representation of a date in the given format into a DATE value.",
     FN_NSIGS(parse_date_sigs)},
    {"PARSE_TIME", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a string representation of a time in the given format into a TIME value.",
     FN_NSIGS(parse_time_sigs)},
    {"PARSE_TIMESTAMP", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a string representation of a date in the given format into a TIMESTAMP value.",
     FN_NSIGS(parse_ts_sigs)},
    {"STRINGTODATE", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a string representation of a date in the given format into the number of days "
     "since 1970-01-01 00:00:00 UTC/GMT (deprecated: use PARSE_DATE).",
     FN_NSIGS(string_to_date_sigs)},
    {"STRINGTOTIMESTAMP", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a string value in the given format into the BIGINT value that represents the "
     "millisecond timestamp (deprecated: use PARSE_TIMESTAMP).",
     FN_NSIGS(string_to_ts_sigs)},
    {"TIMESTAMPTOSTRING", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a BIGINT millisecond timestamp value into the string representation of the "
     "timestamp in the given format (deprecated: use FORMAT_TIMESTAMP).",
     FN_NSIGS(ts_to_string_sigs)},
};
const uint32_t sl_fn_ndefs_time = FN_NDEFS(sl_fn_defs_time);
