/*
 * test_serde_delimited.c - unit tests of the DELIMITED format: the wire forms
 * of delimited.json, decimal.json, timestamp.json and time.json, commons-csv
 * 1.4's quoting on both sides, text-to-type parsing as ksqlDB's parsers do,
 * and every error path.
 */
#include "exec/serde.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sl_arena *ar;

static void setup(void)
{
    ar = sl_arena_new(0);
}

static void teardown(void)
{
    sl_arena_free(ar);
}

static sl_serde *mk(const sl_field *cols, uint32_t n, char delim, bool key)
{
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.delimiter = delim;
    p.is_key = key;
    p.topic = "t";
    sl_serde *s = NULL;
    sl_error *err = sl_serde_new(SL_SERDE_DELIMITED, cols, n, &p, NULL, &s);
    ck_assert_msg(!err, "sl_serde_new: %s", err ? err->msg : "");
    return s;
}

static const char *dec(const sl_serde *s, const char *text, size_t n, sl_value *cols)
{
    sl_error *err = sl_serde_decode(s, text, n, ar, cols, NULL);
    if (!err) return NULL;
    char *m = sl_arena_strdup(ar, err->msg);
    sl_error_free(err);
    return m;
}

static void dec_ok(const sl_serde *s, const char *text, sl_value *cols)
{
    const char *m = dec(s, text, strlen(text), cols);
    ck_assert_msg(!m, "decode %s: %s", text, m);
}

static const char *fail_of(const sl_serde *s, const char *text)
{
    sl_value cols[16];
    const char *m = dec(s, text, strlen(text), cols);
    ck_assert_msg(m, "expected an error for %s", text);
    return m;
}

static const char *enc(const sl_serde *s, const sl_value *cols)
{
    sl_buf b = SL_BUF_INIT;
    bool is_null;
    ck_assert(!sl_serde_encode(s, cols, &b, &is_null));
    ck_assert(!is_null);
    char *r = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

static const char *txt(const sl_type *t, sl_value v)
{
    sl_buf b = SL_BUF_INIT;
    sl_value_print(&b, t, v);
    char *r = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

START_TEST(test_serde_delimited_conformance_wire_forms)
{
    /* delimited.json: "select delimited value_format" with ',', '|', SPACE and TAB. */
    sl_field f[] = {{"ID", &sl_type_bigint}, {"NAME", &sl_type_string}, {"VALUE", &sl_type_int}};
    const char delims[] = {',', '|', ' ', '\t'};
    for (size_t d = 0; d < sizeof delims; d++) {
        sl_serde *s = mk(f, 3, delims[d], false);
        sl_value c[3];
        char in[32];
        snprintf(in, sizeof in, "100%c100%c500", delims[d], delims[d]);
        dec_ok(s, in, c);
        ck_assert_int_eq(c[0].u.i, 100);
        ck_assert_str_eq(txt(&sl_type_string, c[1]), "100");
        ck_assert_int_eq(c[2].u.i, 500);
        ck_assert_str_eq(enc(s, c), in);
        snprintf(in, sizeof in, "0%czero%c0", delims[d], delims[d]);
        dec_ok(s, in, c);
        ck_assert_str_eq(enc(s, c), in);
        sl_serde_free(s);
    }
    /* "BOOLEAN - key", "INT - key": a quoted key reads as its text. */
    sl_field kb[] = {{"K", &sl_type_boolean}}, ki[] = {{"K", &sl_type_int}};
    sl_serde *s = mk(kb, 1, 0, true);
    sl_value c[4];
    dec_ok(s, "\"true\"", c);
    ck_assert(!c[0].null && c[0].u.i == 1);
    ck_assert_str_eq(enc(s, c), "true");
    sl_serde_free(s);
    s = mk(ki, 1, 0, true);
    dec_ok(s, "\"22\"", c);
    ck_assert_int_eq(c[0].u.i, 22);
    ck_assert_str_eq(enc(s, c), "22");
    sl_serde_free(s);
    /* "multi-column key" and "with different kv delimiters". */
    sl_field k2[] = {{"K1", &sl_type_string}, {"K2", &sl_type_string}};
    s = mk(k2, 2, 0, true);
    dec_ok(s, "\"foo\",\"bar\"", c);
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "foo");
    ck_assert_str_eq(txt(&sl_type_string, c[1]), "bar");
    ck_assert_str_eq(enc(s, c), "foo,bar");
    sl_serde_free(s);
    s = mk(k2, 2, ';', true);
    dec_ok(s, "foo,bar;baz", c);
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "foo,bar");
    ck_assert_str_eq(enc(s, c), "foo,bar;baz");
    sl_serde_free(s);
    /* decimal.json: DECIMAL(21,19) and trailing zeros kept; timestamp.json, time.json. */
    sl_field fd[] = {{"DEC", sl_type_decimal(ar, 21, 19)},
                     {"D2", sl_type_decimal(ar, 6, 4)},
                     {"TS", &sl_type_timestamp},
                     {"T", &sl_type_time}};
    s = mk(fd, 4, 0, false);
    dec_ok(s, "10.1234512345123451234,10.0000,10,10", c);
    ck_assert_str_eq(enc(s, c), "10.1234512345123451234,10.0000,10,10");
    dec_ok(s, "0.05,1,0,86400000", c);
    ck_assert_str_eq(enc(s, c), "0.0500000000000000000,1.0000,0,86400000");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_delimited_reads_csv_as_commons_csv)
{
    sl_field f[] = {{"A", &sl_type_string}, {"B", &sl_type_string}, {"C", &sl_type_int}};
    sl_serde *s = mk(f, 3, 0, false);
    sl_value c[3];
    dec_ok(s, "\"a,b\",\"say \"\"hi\"\"\n!\",7", c);
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "a,b");
    ck_assert_str_eq(txt(&sl_type_string, c[1]), "say \"hi\"\n!");
    dec_ok(s, ",\"\",", c); /* empty fields, quoted or not, are NULL */
    ck_assert(c[0].null && c[1].null && c[2].null);
    dec_ok(s, "\r\n\na b , x\"y ,3\r\nignored,second,record", c);
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "a b ");
    ck_assert_str_eq(txt(&sl_type_string, c[1]), " x\"y ");
    ck_assert_int_eq(c[2].u.i, 3);
    dec_ok(s, "\"q\" \t,b,1", c); /* whitespace may follow a closing quote */
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "q");
    dec_ok(s, "\xff\xc3,\xe2\x82\xac,1", c); /* invalid UTF-8 reads as U+FFFD */
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_str_eq(txt(&sl_type_string, c[1]), "\xe2\x82\xac");
    ck_assert_str_eq(fail_of(s, "a,b"), "Failed to deserialize value from topic: t. Column count "
                                        "mismatch on deserialization. topic: t, expected: 3, "
                                        "got: 2");
    ck_assert_str_eq(fail_of(s, "a,b,1,"), "Failed to deserialize value from topic: t. Column "
                                           "count mismatch on deserialization. topic: t, "
                                           "expected: 3, got: 4");
    ck_assert_str_eq(fail_of(s, "\r\n"), "Failed to deserialize value from topic: t. No fields in "
                                         "record");
    ck_assert_str_eq(fail_of(s, "\"a\"b,c,1"), "Failed to deserialize value from topic: t. (line "
                                               "1) invalid char between encapsulated token and "
                                               "delimiter");
    ck_assert_str_eq(fail_of(s, "a,\"b\n,1"), "Failed to deserialize value from topic: t. "
                                              "(startline 1) EOF reached before encapsulated "
                                              "token finished");
    ck_assert_str_eq(fail_of(s, "a,b,x1"), "Failed to deserialize value from topic: t. For input "
                                           "string: \"x1\", column: `C`");
    ck_assert_str_eq(fail_of(s, "a,b,\x01\xff"
                                "9"),
                     "Failed to deserialize value from topic: t. "
                     "For input string: \"??9\", column: `C`");
    ck_assert_str_eq(fail_of(s, "a,b,2147483648"), "Failed to deserialize value from topic: t. "
                                                   "For input string: \"2147483648\", column: "
                                                   "`C`");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_delimited_parses_types_as_java)
{
    sl_field f[] = {{"B", &sl_type_boolean},
                    {"D", &sl_type_double},
                    {"L", &sl_type_bigint},
                    {"BY", &sl_type_bytes},
                    {"DT", &sl_type_date},
                    {"T", &sl_type_time},
                    {"DEC", sl_type_decimal(ar, 4, 2)}};
    sl_serde *s = mk(f, 7, '|', false);
    sl_value c[7];
    dec_ok(s, "TRUE|1.5f|-9223372036854775808|dmFy|-1|0|-0.5", c);
    ck_assert_int_eq(c[0].u.i, 1);
    ck_assert(c[1].u.d == 1.5);
    ck_assert_int_eq(c[2].u.i, INT64_MIN);
    ck_assert_int_eq(c[3].len, 3);
    ck_assert_int_eq(c[4].u.i, -1);
    ck_assert_str_eq(txt(f[6].type, c[6]), "-0.50");
    dec_ok(s, "yes| 2e3 |+1|dmE|||1e1", c); /* Boolean.parseBoolean: anything else is false */
    ck_assert_int_eq(c[0].u.i, 0);
    ck_assert(c[1].u.d == 2000.0);
    ck_assert_int_eq(c[2].u.i, 1);
    ck_assert_int_eq(c[3].len, 2); /* java.util.Base64 takes a missing padding */
    ck_assert(c[4].null && c[5].null);
    dec_ok(s, "false|-Infinity|0|||86400000|", c);
    ck_assert(isinf(c[1].u.d));
    ck_assert_str_eq(fail_of(s, "true|x|1||||"),
                     "Failed to deserialize value from topic: t. For input string: \"x\", "
                     "column: `D`");
    ck_assert_str_eq(fail_of(s, "true|1|1|d m=|||"),
                     "Failed to deserialize value from topic: t. Illegal base64 value \"d m=\", "
                     "column: `BY`");
    ck_assert_str_eq(fail_of(s, "true|1|1|||-1|"),
                     "Failed to deserialize value from topic: t. Time values must use number of "
                     "milliseconds greater than 0 and less than 86400000., column: `T`");
    ck_assert_str_eq(fail_of(s, "true|1|1||||123.4"),
                     "Failed to deserialize value from topic: t. Numeric field overflow: A field "
                     "with precision 4 and scale 2 must round to an absolute value less than "
                     "10^2. Got 123.4, column: `DEC`");
    ck_assert_str_eq(fail_of(s, "true|1|1||||1.x"),
                     "Failed to deserialize value from topic: t. Invalid decimal value \"1.x\", "
                     "column: `DEC`");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_delimited_quotes_like_commons_csv)
{
    sl_field f[] = {{"A", &sl_type_string}, {"B", &sl_type_string}};
    sl_serde *s = mk(f, 2, 0, false);
    const char *cases[][3] = {
        /* first, second, encoded */
        {"plain", "text", "plain,text"},
        {"", "", "\"\","}, /* an empty first field is quoted, later ones not */
        {NULL, "x", ",x"}, /* NULL prints nothing, even first */
        {"a,b", "c\"d", "\"a,b\",\"c\"\"d\""},
        {"line\nbreak", "cr\r", "\"line\nbreak\",\"cr\r\""},
        {" lead", "trail ", "\" lead\",\"trail \""},
        {"#x", "!y", "\"#x\",\"!y\""}, /* starts with a character <= '#' */
        {"\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\",\xc3\xa9t\xc3\xa9"},
        {"-1", "+1", "-1,+1"},
        {"$x", "a b", "$x,a b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sl_value c[2], back[2];
        for (int k = 0; k < 2; k++)
            c[k] = cases[i][k] ? sl_value_str(cases[i][k], (uint32_t)strlen(cases[i][k]))
                               : sl_value_null();
        const char *e = enc(s, c);
        ck_assert_msg(strcmp(e, cases[i][2]) == 0, "case %zu: %s", i, e);
        dec_ok(s, e, back); /* and it reads back, empty strings as NULL */
        for (int k = 0; k < 2; k++)
            ck_assert(back[k].null ? !cases[i][k] || !cases[i][k][0]
                                   : strcmp(txt(&sl_type_string, back[k]), cases[i][k]) == 0);
    }
    sl_serde_free(s);
    /* Numbers, booleans, bytes, doubles as Java prints them. */
    sl_field g[] = {{"D", &sl_type_double},
                    {"B", &sl_type_boolean},
                    {"BY", &sl_type_bytes},
                    {"I", &sl_type_int}};
    s = mk(g, 4, ';', false);
    sl_value c[4] = {sl_value_double(1e10), sl_value_bool(true), sl_value_str("\xfb\xff", 2),
                     sl_value_int(-5)};
    ck_assert_str_eq(enc(s, c), "1.0E10;true;+/8=;-5");
    c[0] = sl_value_double(NAN);
    c[2] = sl_value_null();
    ck_assert_str_eq(enc(s, c), "NaN;true;;-5");
    sl_serde_free(s);
    sl_field by[] = {{"BY", &sl_type_bytes}, {"X", &sl_type_int}};
    s = mk(by, 2, 'A', false); /* a delimiter that base64 uses forces quotes */
    sl_value cb[2] = {sl_value_str("\0", 1), sl_value_int(1)};
    ck_assert_str_eq(enc(s, cb), "\"AA==\"A1");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_delimited_projection_and_wide_rows)
{
    sl_field f[40];
    bool needed[40];
    for (int i = 0; i < 40; i++) {
        f[i] = (sl_field){sl_arena_printf(ar, "C%d", i), &sl_type_int};
        needed[i] = i % 10 == 3;
    }
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    sl_serde *s;
    ck_assert(!sl_serde_new(SL_SERDE_DELIMITED, f, 40, &p, needed, &s));
    sl_buf b = SL_BUF_INIT;
    for (int i = 0; i < 40; i++)
        sl_buf_printf(&b, "%s%s", i ? "," : "", i == 5 ? "junk" : "7");
    sl_value c[40];
    ck_assert(!sl_serde_decode(s, b.p, b.len, ar, c, NULL)); /* column 5 is not needed */
    ck_assert_int_eq(c[3].u.i, 7);
    ck_assert(c[5].null && c[4].null);
    sl_buf_free(&b);
    sl_serde_free(s);
}
END_TEST

static Suite *serde_delimited_suite(void)
{
    Suite *su = suite_create("serde_delimited");
    TCase *tc = tcase_create("delimited");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_serde_delimited_conformance_wire_forms);
    tcase_add_test(tc, test_serde_delimited_reads_csv_as_commons_csv);
    tcase_add_test(tc, test_serde_delimited_parses_types_as_java);
    tcase_add_test(tc, test_serde_delimited_quotes_like_commons_csv);
    tcase_add_test(tc, test_serde_delimited_projection_and_wide_rows);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(serde_delimited_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
