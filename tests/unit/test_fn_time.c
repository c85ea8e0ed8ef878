/*
 * test_fn_time.c - the date/time functions (exec/fn_time.c, fn_timecalc.c)
 * and their helpers (exec/timefmt.c patterns, exec/tz.c zones): the
 * expectations of ksqlDB's stringtimestamp.json, timestamp-to-string.json,
 * timestampformat.json, format-date.json, datestring.json, parse-time.json,
 * convert-tz.json, from-days.json, unix-date.json and the add/sub cases, plus
 * DST gaps and overlaps, far-future instants (POSIX zone rules), pattern
 * features and errors.
 */
#define FNT_GROUPS                                                                                 \
    {sl_fn_defs_time, sl_fn_ndefs_time},                                                           \
    {                                                                                              \
        sl_fn_defs_timecalc, sl_fn_ndefs_timecalc                                                  \
    }
#include "fn_test.h"
#include "exec/timefmt.h"
#include "exec/tz.h"

static targ TS(int64_t ms)
{
    return (targ){&sl_type_timestamp, sl_value_int(ms), false};
}

static targ DT(int64_t days)
{
    return (targ){&sl_type_date, sl_value_int(days), false};
}

static targ TM(int64_t ms)
{
    return (targ){&sl_type_time, sl_value_int(ms), false};
}

/* An INTERVAL argument: the unit's length in milliseconds, a constant. */
static targ UNIT(int64_t ms)
{
    return (targ){&sl_type_interval, sl_value_int(ms), true};
}

#define MILLIS  1
#define SECONDS 1000
#define HOURS   3600000
#define DAYS    86400000

START_TEST(test_fn_time_parse_timestamp)
{
    const char *s2 = "STRING, STRING", *s3 = "STRING, STRING, STRING";
    /* stringtimestamp.json */
    EQ(CALLR("BIGINT", "PARSE_TIMESTAMP", s2, S("2018-05-11T21:58:33"),
             K(S("yyyy-MM-dd'T'HH:mm:ss"))),
       "1526075913000");
    EQ(CALLR("BIGINT", "PARSE_TIMESTAMP", s2, S("2020-05-11T21:58:33"),
             K(S("yyyy-MM-dd'T'HH:mm:ss"))),
       "1589234313000");
    /* PST names the Los Angeles zone, whose rules give -07:00 in May */
    EQ(CALLR("BIGINT", "PARSE_TIMESTAMP", s2, S("2018-05-11T21:58:33 PST"),
             K(S("yyyy-MM-dd'T'HH:mm:ss zzz"))),
       "1526101113000");
    EQ(CALL("PARSE_TIMESTAMP", s2, S("2018-05-11T21:58:33"), S("yyyy-MM-dd'T'HH:mm:ss")),
       "2018-05-11T21:58:33.000");
    /* timestampformat.json */
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2018-05-11T21:58:33Z"), S("yyyy-MM-dd'T'HH:mm:ssX")),
       "1526075913000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2019-08-27T13:31:09.2+0000"),
            S("yyyy-MM-dd'T'HH:mm:ss.SX")),
       "1566912669200");
    /* the zone argument, and DST: a gap moves forward, an overlap takes the earlier offset */
    EQ(CALL("STRINGTOTIMESTAMP", s3, S("2021-03-14 02:30"), S("yyyy-MM-dd HH:mm"),
            K(S("America/Los_Angeles"))),
       "1615717800000");
    EQ(CALL("STRINGTOTIMESTAMP", s3, S("2021-11-07 01:30"), S("yyyy-MM-dd HH:mm"),
            S("America/Los_Angeles")),
       "1636273800000");
    EQ(CALL("STRINGTOTIMESTAMP", s3, S("2022-01-01"), S("yyyy-MM-dd"), S("Asia/Kolkata")),
       "1640975400000");
    /* missing fields default to 1970-01-01T00:00 */
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("10:00"), S("HH:mm")), "36000000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("1971"), S("yyyy")), "31536000000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("02-31"), S("MM-dd")), "5011200000");
    /* adjacent value parsing, 12-hour clocks, 24:00 */
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("20240131134559"), S("yyyyMMddHHmmss")), "1706708759000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2022-01-01 03:04:05 PM"), S("yyyy-MM-dd hh:mm:ss a")),
       "1641049445000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2021-01-01 24:00"), S("yyyy-MM-dd HH:mm")),
       "1609545600000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2021-01-01 10:00 +01:00"), S("yyyy-MM-dd HH:mm XXX")),
       "1609491600000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2021-01-01 10:00 GMT+1"), S("yyyy-MM-dd HH:mm O")),
       "1609491600000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2021-01-01 10:00 Europe/Paris"), S("yyyy-MM-dd HH:mm VV")),
       "1609491600000");
    /* optional sections */
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2021-01-01"), S("yyyy-MM-dd[ HH:mm]")), "1609459200000");
    EQ(CALL("STRINGTOTIMESTAMP", s2, S("2021-01-01 10:00"), S("yyyy-MM-dd[ HH:mm]")),
       "1609495200000");
    /* errors */
    ck_assert(strstr(CALL("STRINGTOTIMESTAMP", s2, S("2021-13-01"), S("yyyy-MM-dd")),
                     "Invalid value for MonthOfYear (valid values 1 - 12): 13") != NULL);
    ck_assert(strstr(CALL("STRINGTOTIMESTAMP", s2, S("2021-01-01x"), S("yyyy-MM-dd")),
                     "unparsed text found at index 10") != NULL);
    ck_assert(strstr(CALL("STRINGTOTIMESTAMP", s2, S("2021/01/01"), S("yyyy-MM-dd")),
                     "could not be parsed at index 4") != NULL);
    ck_assert(
        strstr(CALL("STRINGTOTIMESTAMP", s3, S("2021-01-01"), S("yyyy-MM-dd"), S("Mars/Olympus")),
               "Unknown time-zone ID: Mars/Olympus") != NULL);
    ck_assert(is_error(
        CALL("STRINGTOTIMESTAMP", s3, S("2021-01-01"), S("yyyy-MM-dd"), S("../../etc/passwd"))));
    ck_assert(strstr(CALL("STRINGTOTIMESTAMP", s2, S("x"), S("yyyy-bb")),
                     "Unknown pattern letter: b") != NULL);
    EQ(CALL("STRINGTOTIMESTAMP", s2, N("STRING"), S("yyyy")), "NULL");
}
END_TEST

START_TEST(test_fn_time_format_timestamp)
{
    const char *t2 = "TIMESTAMP, STRING", *t3 = "TIMESTAMP, STRING, STRING";
    /* timestamp-to-string.json */
    EQ(CALL("FORMAT_TIMESTAMP", t3, TS(1526075913000), K(S("yyyy-MM-dd HH:mm:ss zzz")),
            K(S("America/Los_Angeles"))),
       "2018-05-11 14:58:33 PDT");
    EQ(CALL("TIMESTAMPTOSTRING", "BIGINT, STRING, STRING", L(1526075913000),
            S("yyyy-MM-dd HH:mm:ss zzz"), S("Europe/London")),
       "2018-05-11 22:58:33 BST");
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(1526075913000), S("yyyy-MM-dd HH:mm:ss")),
       "2018-05-11 21:58:33");
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(-1), S("yyyy-MM-dd HH:mm:ss.SSS")),
       "1969-12-31 23:59:59.999");
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(1641049445123), S("EEEE, MMMM d, yyyy h:mm:ss.SS a")),
       "Saturday, January 1, 2022 3:04:05.12 PM");
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(1641049445123), S("EEE MMM dd yy D Q QQQ G k K")),
       "Sat Jan 01 22 1 1 Q1 AD 15 3");
    EQ(CALL("FORMAT_TIMESTAMP", t3, TS(1526075913000), S("XXX|XX|X|xxx|Z|ZZZZZ|O|OOOO|VV"),
            S("America/Los_Angeles")),
       "-07:00|-0700|-07|-07:00|-0700|-07:00|GMT-7|GMT-07:00|America/Los_Angeles");
    EQ(CALL("FORMAT_TIMESTAMP", t3, TS(0), S("XXX|xxx|Z|O|z"), S("UTC")), "Z|+00:00|+0000|GMT|UTC");
    EQ(CALL("FORMAT_TIMESTAMP", t3, TS(0), S("HH:mm XXX"), S("+05:30")), "05:30 +05:30");
    EQ(CALL("FORMAT_TIMESTAMP", t3, TS(0), S("HH:mm"), S("GMT-3")), "21:00");
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(0), S("''yyyy'T' 'o''clock'")), "'1970T o'clock");
    /* past the last transition in the file: the POSIX rule in its footer */
    EQ(CALL("FORMAT_TIMESTAMP", t3, TS(4118126400000), S("yyyy-MM-dd HH:mm zzz"),
            S("America/Los_Angeles")),
       "2100-07-01 05:00 PDT");
    EQ(CALL("FORMAT_TIMESTAMP", t3, TS(4072161600000), S("yyyy-MM-dd HH:mm XXX"),
            S("Australia/Sydney")),
       "2099-01-15 23:00 +11:00");
    /* years past 9999 and before 1 */
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(253402300800000), S("yyyy-MM-dd")), "+10000-01-01");
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(-62167219200000), S("yyyy G uuuu")), "0001 BC 0000");
    EQ(CALL("FORMAT_TIMESTAMP", t2, TS(-62167219200001), S("yyyy G uuuu")), "0002 BC -0001");
    /* errors */
    ck_assert(strstr(CALL("FORMAT_TIMESTAMP", t3, TS(0), S("yyyy"), S("PST")),
                     "Unknown time-zone ID: PST") != NULL);
    ck_assert(is_error(CALL("FORMAT_TIMESTAMP", t2, TS(0), S("yyyy-MM-dd'T"))));
    ck_assert(is_error(CALL("FORMAT_TIMESTAMP", t2, TS(0), S("YYYY"))));
    ck_assert(is_error(CALL("FORMAT_TIMESTAMP", t2, TS(0), S("HHH"))));
    ck_assert(is_error(CALL("FORMAT_TIMESTAMP", t2, TS(0), S("yyyy]"))));
    EQ(CALL("FORMAT_TIMESTAMP", t2, N("TIMESTAMP"), S("yyyy")), "NULL");
}
END_TEST

START_TEST(test_fn_time_dates)
{
    /* format-date.json and datestring.json */
    EQ(CALL("FORMAT_DATE", "DATE, STRING", DT(17662), S("yyyy-MM-dd")), "2018-05-11");
    EQ(CALL("FORMAT_DATE", "DATE, STRING", DT(18027), S("dd/MM/yyyy")), "11/05/2019");
    EQ(CALL("FORMAT_DATE", "DATE, STRING", DT(18993), S("dd-MMM-yyyy")), "01-Jan-2022");
    EQ(CALL("FORMAT_DATE", "DATE, STRING", DT(0), S("dd-MM-yyyy")), "01-01-1970");
    EQ(CALL("DATETOSTRING", "INT, STRING", I(-1), S("dd-MM-yyyy'Sophia'")), "31-12-1969Sophia");
    ck_assert(strstr(CALL("FORMAT_DATE", "DATE, STRING", DT(0), S("yyyy HH")),
                     "Unsupported field: HourOfDay") != NULL);
    EQ(CALL("PARSE_DATE", "STRING, STRING", S("2018-05-11"), K(S("yyyy-MM-dd"))), "2018-05-11");
    EQ(CALL("PARSE_DATE", "STRING, STRING", S("05-MAR-21"), S("dd-MMM-yy")), "2021-03-05");
    EQ(CALL("PARSE_DATE", "STRING, STRING", S("2021-04-31"), S("yyyy-MM-dd")), "2021-04-30");
    EQ(CALL("PARSE_DATE", "STRING, STRING", S("2020 366"), S("yyyy DDD")), "2020-12-31");
    EQ(CALL("STRINGTODATE", "STRING, STRING", S("20240131"), S("yyyyMMdd")), "19753");
    ck_assert(is_error(CALL("STRINGTODATE", "STRING, STRING", S("foo"), S("yyyyMMdd"))));
    ck_assert(is_error(CALL("PARSE_DATE", "STRING, STRING", S("2021-05"), S("yyyy-MM"))));
    ck_assert(strstr(CALL("PARSE_DATE", "STRING, STRING", S("2021-05-01 10"), S("yyyy-MM-dd HH")),
                     "Date format contains time field.") != NULL);
    ck_assert(is_error(CALL("PARSE_DATE", "STRING, STRING", S("2021 366"), S("yyyy DDD"))));
    ck_assert(
        is_error(CALL("PARSE_DATE", "STRING, STRING", S("Mon 2022-01-01"), S("EEE yyyy-MM-dd"))));
    EQ(CALL("PARSE_DATE", "STRING, STRING", S("Sat 2022-01-01"), S("EEE yyyy-MM-dd")),
       "2022-01-01");
}
END_TEST

START_TEST(test_fn_time_times)
{
    /* parse-time.json */
    EQ(CALLR("BIGINT", "PARSE_TIME", "STRING, STRING", S("00:01:05Lit"), S("HH:mm:ss'Lit'")),
       "65000");
    EQ(CALLR("BIGINT", "PARSE_TIME", "STRING, STRING", S("11/05/19"), S("HH/mm/ss")), "39919000");
    EQ(CALLR("BIGINT", "PARSE_TIME", "STRING, STRING", S("01:00:00 PM"), S("hh:mm:ss a")),
       "46800000");
    EQ(CALLR("BIGINT", "PARSE_TIME", "STRING, STRING", S("01:00:00 Pm"), S("hh:mm:ss a")),
       "46800000");
    EQ(CALL("PARSE_TIME", "STRING, STRING", S("12:34:56.789"), S("HH:mm:ss.SSS")), "12:34:56.789");
    ck_assert(strstr(CALL("PARSE_TIME", "STRING, STRING", S("2021 10"), S("yyyy HH")),
                     "Unsupported field: Year") != NULL);
    ck_assert(is_error(CALL("PARSE_TIME", "STRING, STRING", S("01:00"), S("hh:mm"))));
    EQ(CALL("FORMAT_TIME", "TIME, STRING", TM(46800000), S("hh:mm a")), "01:00 PM");
    EQ(CALL("FORMAT_TIME", "TIME, STRING", TM(65123), S("HH:mm:ss.SSS A")), "00:01:05.123 65123");
    ck_assert(strstr(CALL("FORMAT_TIME", "TIME, STRING", TM(0), S("yyyy")),
                     "Unsupported field: YearOfEra") != NULL);
}
END_TEST

START_TEST(test_fn_time_convert_tz)
{
    const char *sig = "TIMESTAMP, STRING, STRING";
    EQ(CALLR("BIGINT", "CONVERT_TZ", sig, TS(100), K(S("+0200")), K(S("+0500"))), "10800100");
    EQ(CALLR("BIGINT", "CONVERT_TZ", sig, TS(1589234313000), S("+0200"), S("+0500")),
       "1589245113000");
    EQ(CALLR("BIGINT", "CONVERT_TZ", sig, TS(1526075913000), S("UTC"), S("America/Los_Angeles")),
       "1526050713000");
    ck_assert(strstr(CALL("CONVERT_TZ", sig, TS(0), S("UTC"), S("Nowhere/Land")),
                     "Invalid time zone") != NULL);
    ck_assert(is_error(CALL("CONVERT_TZ", sig, TS(0), S("+25:00"), S("UTC"))));
}
END_TEST

START_TEST(test_fn_time_arithmetic)
{
    EQ(CALLR("BIGINT", "TIMESTAMPADD", "INTERVAL, INT, TIMESTAMP", UNIT(MILLIS), I(10), TS(10)),
       "20");
    EQ(CALLR("BIGINT", "TIMESTAMPSUB", "INTERVAL, INT, TIMESTAMP", UNIT(MILLIS), I(10), TS(20)),
       "10");
    EQ(CALLR("BIGINT", "TIMESTAMPSUB", "INTERVAL, INT, TIMESTAMP", UNIT(MILLIS), I(-5), TS(-100)),
       "-95");
    EQ(CALL("TIMESTAMPADD", "INTERVAL, INT, TIMESTAMP", UNIT(DAYS), I(1), TS(0)),
       "1970-01-02T00:00:00.000");
    EQ(CALL("TIMESTAMPADD", "INTERVAL, INT, TIMESTAMP", UNIT(MILLIS), N("INT"), TS(0)), "NULL");
    EQ(CALLR("BIGINT", "TIMESTAMPADD", "INTERVAL, BIGINT, TIMESTAMP", UNIT(DAYS), L(INT64_MAX),
             TS(0)),
       "9223372036854775807");
    /* timeadd.json / timesub.json: TIME wraps at midnight */
    EQ(CALLR("BIGINT", "TIMEADD", "INTERVAL, INT, TIME", UNIT(MILLIS), I(10), TM(86399995)), "5");
    EQ(CALLR("BIGINT", "TIMEADD", "INTERVAL, INT, TIME", UNIT(MILLIS), I(-5), TM(2)), "86399997");
    EQ(CALLR("BIGINT", "TIMESUB", "INTERVAL, INT, TIME", UNIT(MILLIS), I(10), TM(5)), "86399995");
    EQ(CALL("TIMEADD", "INTERVAL, INT, TIME", UNIT(HOURS), I(25), TM(0)), "01:00:00");
    EQ(CALL("DATEADD", "INTERVAL, INT, DATE", UNIT(DAYS), I(3), DT(0)), "1970-01-04");
    EQ(CALL("DATESUB", "INTERVAL, INT, DATE", UNIT(DAYS), I(1), DT(0)), "1969-12-31");
    EQ(CALL("DATEADD", "INTERVAL, INT, DATE", UNIT(HOURS), I(25), DT(0)), "1970-01-02");
    EQ(CALL("DATEADD", "INTERVAL, INT, DATE", UNIT(SECONDS), I(-1), DT(0)), "1969-12-31");
    /* conversions */
    EQ(CALLR("BIGINT", "FROM_UNIXTIME", "BIGINT", L(1589234313000)), "1589234313000");
    EQ(CALL("FROM_UNIXTIME", "BIGINT", L(100)), "1970-01-01T00:00:00.100");
    EQ(CALL("UNIX_TIMESTAMP", "TIMESTAMP", TS(1589234313000)), "1589234313000");
    EQ(CALL("FROM_DAYS", "INT", I(-10)), "1969-12-22");
    EQ(CALL("UNIX_DATE", "DATE", DT(100)), "100");
    ck_assert(strtoll(CALL0("UNIX_TIMESTAMP"), NULL, 10) > 1600000000000LL);
    ck_assert(strtoll(CALL0("UNIX_DATE"), NULL, 10) > 18500);
}
END_TEST

START_TEST(test_fn_time_zones)
{
    sl_tz *z;
    ck_assert_ptr_null(sl_tz_load("Europe/London", 13, &z));
    const char *abbr;
    ck_assert_int_eq(sl_tz_offset_at(z, 1526075913, &abbr), 3600);
    ck_assert_str_eq(abbr, "BST");
    ck_assert_int_eq(sl_tz_offset_at(z, 1516075913, &abbr), 0);
    ck_assert_str_eq(abbr, "GMT");
    ck_assert_str_eq(sl_tz_id(z), "Europe/London");
    sl_tz_free(z);
    static const struct {
        const char *id, *norm;
        int32_t off;
    } fixed[] = {{"Z", "Z", 0},
                 {"+5", "+05:00", 18000},
                 {"-0530", "-05:30", -19800},
                 {"+05:30:15", "+05:30:15", 19815},
                 {"UTC", "UTC", 0},
                 {"GMT+2", "GMT+02:00", 7200},
                 {"UT-01:30", "UT-01:30", -5400},
                 {"UTC+0", "UTC", 0}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        ck_assert_ptr_null(sl_tz_load(fixed[i].id, strlen(fixed[i].id), &z));
        ck_assert_int_eq(sl_tz_offset_at(z, 0, NULL), fixed[i].off);
        ck_assert_str_eq(sl_tz_id(z), fixed[i].norm);
        sl_tz_free(z);
    }
    static const char *bad[] = {
        "", "+", "+19", "+05:3", "GMT+x", "1/2", "Europe/../..", "posix/UTC", "America//X", "a b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sl_error *err = sl_tz_load(bad[i], strlen(bad[i]), &z);
        ck_assert_msg(err != NULL, "%s should not load", bad[i]);
        ck_assert_int_eq(err->code, SL_E_EVAL);
        sl_error_free(err);
    }
    /* a file that is not TZif is refused, not trusted */
    sl_error *err = sl_tz_load("zone.tab", 8, &z);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
}
END_TEST

START_TEST(test_fn_time_pattern_roundtrip)
{
    /* every day of a few centuries formats and parses back through yyyy-MM-dd and DDD */
    sl_timefmt *f;
    ck_assert_ptr_null(sl_timefmt_compile("uuuu-MM-dd D E", 14, &f));
    char *buf = malloc(sl_timefmt_max_len(f));
    for (int64_t days = -200000; days < 200000; days += 97) {
        sl_timeval tv = {.has_date = true};
        sl_fn_civil_from_days(days, &tv.year, &tv.month, &tv.day);
        ck_assert_int_eq(sl_cast_days_from_civil(tv.year, tv.month, tv.day), days);
        size_t len;
        ck_assert_ptr_null(sl_timefmt_format(f, &tv, buf, &len));
        sl_timeparse p;
        ck_assert_ptr_null(sl_timefmt_parse(f, buf, len, &p));
        ck_assert_int_eq(p.v[SL_TF_YEAR], tv.year);
        ck_assert_int_eq(p.v[SL_TF_MONTH], tv.month);
        ck_assert_int_eq(p.v[SL_TF_DAY], tv.day);
        ck_assert_int_eq(p.v[SL_TF_DAY_OF_WEEK], ((days + 3) % 7 + 7) % 7 + 1);
    }
    free(buf);
    sl_timefmt_free(f);
}
END_TEST

static Suite *fn_time_suite(void)
{
    Suite *s = suite_create("fn_time");
    TCase *tc = tcase_create("time");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_time_parse_timestamp);
    tcase_add_test(tc, test_fn_time_format_timestamp);
    tcase_add_test(tc, test_fn_time_dates);
    tcase_add_test(tc, test_fn_time_times);
    tcase_add_test(tc, test_fn_time_convert_tz);
    tcase_add_test(tc, test_fn_time_arithmetic);
    tcase_add_test(tc, test_fn_time_zones);
    tcase_add_test(tc, test_fn_time_pattern_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_time_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
