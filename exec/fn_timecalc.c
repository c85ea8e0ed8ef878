/*
 * fn_timecalc.c - date/time arithmetic and conversions between temporal
 * values and numbers: FROM_UNIXTIME UNIX_TIMESTAMP UNIX_DATE FROM_DAYS
 * TIMESTAMPADD TIMESTAMPSUB DATEADD DATESUB TIMEADD TIMESUB.
 *
 * Model: TIMESTAMP is milliseconds since the epoch, DATE days since the epoch,
 * TIME milliseconds since midnight. The ADD and SUB functions take their unit as
 * an INTERVAL argument, which the planner passes as a constant whose .u.i is
 * the unit's length in milliseconds (see func.h): MILLISECONDS 1, SECONDS
 * 1000, MINUTES 60000, HOURS 3600000, DAYS 86400000. TIMEADD wraps around
 * midnight; DATEADD moves by whole days of the resulting instant (rounded down,
 * so DATEADD(HOURS, 25, d) is d + 1). Timestamp arithmetic wraps on int64
 * overflow, as Java's long arithmetic does.
 *
 * UNIX_TIMESTAMP() and UNIX_DATE() read the wall clock; the current date is
 * taken in UTC, sluice's default zone.
 */
#include "common/clock.h"
#include "exec/fn_int.h"

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

#define MS_PER_DAY 86400000LL

/* a + b * sign on int64, wrapping like Java's long instead of overflowing. */
static int64_t wrap_add(int64_t a, int64_t b, int sign)
{
    uint64_t r = sign > 0 ? (uint64_t)a + (uint64_t)b : (uint64_t)a - (uint64_t)b;
    return (int64_t)r;
}

/* The amount a[1] in units of a[0] as milliseconds, saturating as Java's
 * TimeUnit.toMillis does. */
static int64_t interval_ms(const sl_value *a)
{
    int64_t unit = a[0].u.i > 0 ? a[0].u.i : 1, x = a[1].u.i;
    if (x > INT64_MAX / unit) return INT64_MAX;
    if (x < INT64_MIN / unit) return INT64_MIN;
    return x * unit;
}

FN(identity)
{
    (void)cx;
    (void)n;
    *out = a[0];
    return NULL;
}

FN(unix_timestamp_now)
{
    (void)cx;
    (void)a;
    (void)n;
    *out = sl_value_int(sl_clock_wall_ms());
    return NULL;
}

FN(unix_date_now)
{
    (void)cx;
    (void)a;
    (void)n;
    *out = sl_value_int(fn_floor_div(sl_clock_wall_ms(), MS_PER_DAY));
    return NULL;
}

static sl_error *timestamp_shift(const sl_value *a, int sign, sl_value *out)
{
    *out = sl_value_int(wrap_add(a[2].u.i, interval_ms(a), sign));
    return NULL;
}

FN(timestampadd)
{
    (void)cx;
    (void)n;
    return timestamp_shift(a, 1, out);
}

FN(timestampsub)
{
    (void)cx;
    (void)n;
    return timestamp_shift(a, -1, out);
}

static sl_error *date_shift(const sl_value *a, int sign, sl_value *out)
{
    int64_t ms = wrap_add(a[2].u.i * MS_PER_DAY, interval_ms(a), sign);
    *out = sl_value_int(fn_floor_div(ms, MS_PER_DAY));
    return NULL;
}

FN(dateadd)
{
    (void)cx;
    (void)n;
    return date_shift(a, 1, out);
}

FN(datesub)
{
    (void)cx;
    (void)n;
    return date_shift(a, -1, out);
}

static sl_error *time_shift(const sl_value *a, int sign, sl_value *out)
{
    int64_t delta = interval_ms(a) % MS_PER_DAY;
    int64_t t = (a[2].u.i + sign * delta) % MS_PER_DAY;
    *out = sl_value_int(t < 0 ? t + MS_PER_DAY : t);
    return NULL;
}

FN(timeadd)
{
    (void)cx;
    (void)n;
    return time_shift(a, 1, out);
}

FN(timesub)
{
    (void)cx;
    (void)n;
    return time_shift(a, -1, out);
}

/* --- the table ------------------------------------------------------------------------------ */

static const sl_fn_sig from_unixtime_sigs[] = {
    {.params = "BIGINT",
     .ret = "TIMESTAMP",
     .impl = identity,
     .doc = "Converts milliseconds since the epoch into a TIMESTAMP."},
};
static const sl_fn_sig unix_timestamp_sigs[] = {
    {.params = "",
     .ret = "BIGINT",
     .impl = unix_timestamp_now,
     .flags = SL_FN_NONDETERMINISTIC,
     .doc = "Returns the current time as milliseconds since the epoch."},
    {.params = "TIMESTAMP",
     .ret = "BIGINT",
     .impl = identity,
     .doc = "Returns the TIMESTAMP as milliseconds since the epoch."},
};
static const sl_fn_sig unix_date_sigs[] = {
    {.params = "",
     .ret = "INT",
     .impl = unix_date_now,
     .flags = SL_FN_NONDETERMINISTIC,
     .doc = "Returns the current date (UTC) as days since 1970-01-01."},
    {.params = "DATE",
     .ret = "INT",
     .impl = identity,
     .doc = "Returns the DATE as days since 1970-01-01."},
};
static const sl_fn_sig from_days_sigs[] = {
    {.params = "INT",
     .ret = "DATE",
     .impl = identity,
     .doc = "Converts days since 1970-01-01 into a DATE."},
};

#define SHIFT_SIGS(fn, T, what)                                                                    \
    {.params = "INTERVAL, INT, " T,                                                                \
     .ret = T,                                                                                     \
     .impl = fn,                                                                                   \
     .doc = what " an INT number of units of time."},                                              \
    {                                                                                              \
        .params = "INTERVAL, BIGINT, " T, .ret = T, .impl = fn,                                    \
        .doc = what " a BIGINT number of units of time."                                           \
    }

static const sl_fn_sig tsadd_sigs[] = {
    SHIFT_SIGS(timestampadd, "TIMESTAMP", "Adds to a TIMESTAMP")};
static const sl_fn_sig tssub_sigs[] = {
    SHIFT_SIGS(timestampsub, "TIMESTAMP", "Subtracts from a TIMESTAMP")};
static const sl_fn_sig dateadd_sigs[] = {SHIFT_SIGS(dateadd, "DATE", "Adds to a DATE")};
static const sl_fn_sig datesub_sigs[] = {SHIFT_SIGS(datesub, "DATE", "Subtracts from a DATE")};
static const sl_fn_sig timeadd_sigs[] = {SHIFT_SIGS(timeadd, "TIME", "Adds to a TIME")};
static const sl_fn_sig timesub_sigs[] = {SHIFT_SIGS(timesub, "TIME", "Subtracts from a TIME")};

const sl_fn_def sl_fn_defs_timecalc[] = {
    {"DATEADD", SL_FN_SCALAR, FN_CAT_TIME, "Adds a duration to a DATE value.",
     FN_NSIGS(dateadd_sigs)},
    {"DATESUB", SL_FN_SCALAR, FN_CAT_TIME, "Subtracts a duration from a DATE value.",
     FN_NSIGS(datesub_sigs)},
    {"FROM_DAYS", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts an INT number of days since epoch to a DATE value.", FN_NSIGS(from_days_sigs)},
    {"FROM_UNIXTIME", SL_FN_SCALAR, FN_CAT_TIME,
     "Converts a BIGINT millisecond timestamp value into a TIMESTAMP value.",
     FN_NSIGS(from_unixtime_sigs)},
    {"TIMEADD", SL_FN_SCALAR, FN_CAT_TIME, "Adds a duration to a TIME value.",
     FN_NSIGS(timeadd_sigs)},
    {"TIMESTAMPADD", SL_FN_SCALAR, FN_CAT_TIME, "Adds a duration to a TIMESTAMP value.",
     FN_NSIGS(tsadd_sigs)},
    {"TIMESTAMPSUB", SL_FN_SCALAR, FN_CAT_TIME, "Subtracts a duration from a TIMESTAMP value.",
     FN_NSIGS(tssub_sigs)},
    {"TIMESUB", SL_FN_SCALAR, FN_CAT_TIME, "Subtracts a duration from a TIME value.",
     FN_NSIGS(timesub_sigs)},
    {"UNIX_DATE", SL_FN_SCALAR, FN_CAT_TIME,
     "Gets an integer representing days since epoch: of the given DATE, or of today.",
     FN_NSIGS(unix_date_sigs)},
    {"UNIX_TIMESTAMP", SL_FN_SCALAR, FN_CAT_TIME,
     "Gets the Unix timestamp in milliseconds: of the given TIMESTAMP, or of now.",
     FN_NSIGS(unix_timestamp_sigs)},
};
const uint32_t sl_fn_ndefs_timecalc = FN_NDEFS(sl_fn_defs_timecalc);
