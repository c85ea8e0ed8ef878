/*
 * test_serde_json.c - unit tests of the JSON format: ksqlDB's field matching and
 * coercions, NULLs, nested composites, decimals and time types, the wire forms
 * of /work/shared/conformance/qtt (json.json, serdes.json, multi-col-keys.json,
 * decimal.json, bytes.json, null.json, ...), every error path, and what the
 * encoder writes.
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

static sl_serde *mk(const sl_field *cols, uint32_t n, const sl_serde_props *props,
                    const bool *needed)
{
    sl_serde *s = NULL;
    sl_error *err = sl_serde_new(SL_SERDE_JSON, cols, n, props, needed, &s);
    ck_assert_msg(!err, "sl_serde_new: %s", err ? err->msg : "");
    return s;
}

/* Decodes text; returns NULL on success or the error message (in the arena). */
static const char *dec(const sl_serde *s, const char *text, sl_value *cols, bool *is_null)
{
    sl_error *err = sl_serde_decode(s, text, strlen(text), ar, cols, is_null);
    if (!err) return NULL;
    char *m = sl_arena_strdup(ar, err->msg);
    sl_error_free(err);
    return m;
}

static void dec_ok(const sl_serde *s, const char *text, sl_value *cols)
{
    const char *m = dec(s, text, cols, NULL);
    ck_assert_msg(!m, "decode %s: %s", text, m);
}

static const char *enc(const sl_serde *s, const sl_value *cols)
{
    sl_buf b = SL_BUF_INIT;
    bool is_null;
    sl_error *err = sl_serde_encode(s, cols, &b, &is_null);
    ck_assert(!err);
    char *r = sl_arena_strdup(ar, is_null ? "<null>" : sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

/* A value as ksqlDB's text rendering prints it (NULL prints "null"). */
static const char *txt(const sl_type *t, sl_value v)
{
    sl_buf b = SL_BUF_INIT;
    sl_value_print(&b, t, v);
    char *r = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

static const char *fail_of(const sl_serde *s, const char *text)
{
    sl_value cols[8];
    const char *m = dec(s, text, cols, NULL);
    ck_assert_msg(m, "expected an error for %s", text);
    return m;
}

START_TEST(test_serde_json_decodes_bid_matching_names_case_insensitively)
{
    sl_field f[] = {{"AUCTION", &sl_type_bigint}, {"BIDDER", &sl_type_bigint},
                    {"PRICE", &sl_type_int},      {"CHANNEL", &sl_type_string},
                    {"URL", &sl_type_string},     {"DATETIME", &sl_type_timestamp},
                    {"EXTRA", &sl_type_string}};
    bool needed[] = {true, true, true, true, false, true, false};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.topic = "bids";
    sl_serde *s = mk(f, 7, &p, needed);
    sl_value c[7];
    dec_ok(s,
           "{\"auction\":1000,\"bidder\":2001,\"price\":1234,\"channel\":\"Google\","
           "\"url\":\"https://www.nexmark.com/a\",\"dateTime\":1700000000000,\"extra\":\"x\"}",
           c);
    ck_assert_int_eq(c[0].u.i, 1000);
    ck_assert_int_eq(c[1].u.i, 2001);
    ck_assert_int_eq(c[2].u.i, 1234);
    ck_assert_str_eq(txt(&sl_type_string, c[3]), "Google");
    ck_assert(c[4].null); /* not needed */
    ck_assert_int_eq(c[5].u.i, 1700000000000LL);
    ck_assert(c[6].null);
    /* An unneeded column is skipped without looking at its type ... */
    dec_ok(s, "{\"auction\":1,\"url\":[{\"deep\":[1,2,{}]}],\"extra\":{\"a\":null}}", c);
    ck_assert_int_eq(c[0].u.i, 1);
    ck_assert(c[1].null && c[2].null);
    /* ... but must still be valid JSON. */
    ck_assert_str_eq(fail_of(s, "{\"auction\":1,\"url\":[1,}"),
                     "Failed to deserialize value from topic: bids. Unexpected character ('}' "
                     "(code 125)): expected a valid value (JSON String, Number, Array, Object or "
                     "token 'null', 'true' or 'false')");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_exact_name_beats_upper_cased_and_last_duplicate_wins)
{
    sl_field f[] = {{"foo", &sl_type_int}, {"FOO", &sl_type_int}, {"Bar", &sl_type_int}};
    sl_serde *s = mk(f, 3, NULL, NULL);
    sl_value c[3];
    /* "foo" feeds `foo` exactly and `FOO` by its upper-cased name; "FOO" then sets `FOO`. */
    dec_ok(s, "{\"foo\":1,\"FOO\":2}", c);
    ck_assert_int_eq(c[0].u.i, 1);
    ck_assert_int_eq(c[1].u.i, 2);
    dec_ok(s, "{\"FOO\":2,\"foo\":1}", c); /* exact wins whatever the order */
    ck_assert_int_eq(c[0].u.i, 1);
    ck_assert_int_eq(c[1].u.i, 2);
    dec_ok(s, "{\"Foo\":3,\"fOO\":4}", c); /* only upper-case matches: the last wins */
    ck_assert(c[0].null);
    ck_assert_int_eq(c[1].u.i, 4);
    /* A mixed-case column matches only exactly. */
    dec_ok(s, "{\"BAR\":5,\"bar\":6}", c);
    ck_assert(c[2].null);
    dec_ok(s, "{\"Bar\":7,\"Bar\":8}", c);
    ck_assert_int_eq(c[2].u.i, 8);
    /* A later duplicate that decodes replaces an earlier one that did not, and vice versa. */
    dec_ok(s, "{\"FOO\":\"x\",\"FOO\":9}", c);
    ck_assert_int_eq(c[1].u.i, 9);
    ck_assert_str_eq(fail_of(s, "{\"FOO\":9,\"FOO\":\"x\"}"),
                     "Failed to deserialize value. Can't coerce string to type. targetType: "
                     "INTEGER, path: $.FOO");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_nulls_missing_fields_and_null_records)
{
    sl_field f[] = {{"ID", &sl_type_int}, {"NAME", &sl_type_string}};
    sl_serde *s = mk(f, 2, NULL, NULL);
    sl_value c[2];
    bool is_null;
    ck_assert(!dec(s, "{\"NAME\":null}", c, &is_null));
    ck_assert(!is_null && c[0].null && c[1].null);
    ck_assert(!dec(s, " {} ", c, &is_null));
    ck_assert(!is_null && c[0].null);
    ck_assert(!dec(s, " null\n", c, &is_null)); /* a JSON null value is a null record */
    ck_assert(is_null && c[0].null && c[1].null);
    ck_assert(!sl_serde_decode(s, NULL, 0, ar, c, &is_null)); /* no bytes: a tombstone */
    ck_assert(is_null);
    ck_assert_str_eq(enc(s, c), "{\"ID\":null,\"NAME\":null}");
    ck_assert_str_eq(fail_of(s, ""), "Failed to deserialize value. Can't convert type. "
                                     "sourceType: MissingNode, requiredType: STRUCT<ID INT, NAME "
                                     "VARCHAR>, path: $");
    ck_assert_str_eq(fail_of(s, "[1]"), "Failed to deserialize value. Can't convert type. "
                                        "sourceType: ArrayNode, requiredType: STRUCT<ID INT, "
                                        "NAME VARCHAR>, path: $");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_unwrapped_single_values)
{
    sl_field f[] = {{"FOO", &sl_type_string}};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.wrap_single = 0;
    sl_serde *s = mk(f, 1, &p, NULL);
    sl_value c[1];
    bool is_null;
    ck_assert(!dec(s, "\"bar\"", c, &is_null)); /* serdes.json: value "bar" */
    ck_assert(!is_null);
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "bar");
    ck_assert_str_eq(enc(s, c), "\"bar\"");
    ck_assert(!dec(s, "null", c, &is_null)); /* a NULL column, not a null record */
    ck_assert(!is_null && c[0].null);
    ck_assert_str_eq(enc(s, c), "<null>"); /* ksqlDB writes no bytes for it */
    ck_assert(!dec(s, "", c, &is_null));   /* Jackson's MissingNode reads as "" */
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "");
    ck_assert(!dec(s, "{\"FOO\":1}", c, NULL)); /* an object is a JSON string here */
    ck_assert_str_eq(txt(&sl_type_string, c[0]), "{\"FOO\":1}");
    sl_serde_free(s);

    /* json.json: anonymous BOOLEAN, BIGINT, DOUBLE, DECIMAL, MAP values. */
    sl_field fb[] = {{"V", &sl_type_boolean}};
    s = mk(fb, 1, &p, NULL);
    dec_ok(s, "true", c);
    ck_assert_int_eq(c[0].u.i, 1);
    ck_assert_str_eq(enc(s, c), "true");
    sl_serde_free(s);
    sl_field fl[] = {{"V", &sl_type_bigint}};
    s = mk(fl, 1, &p, NULL);
    dec_ok(s, "10827272222", c);
    ck_assert_int_eq(c[0].u.i, 10827272222LL);
    sl_serde_free(s);
    sl_field fm[] = {{"V", sl_type_map(ar, &sl_type_string, &sl_type_double)}};
    s = mk(fm, 1, &p, NULL);
    dec_ok(s, "{\"a\": 45.67}", c);
    ck_assert_str_eq(txt(fm[0].type, c[0]), "{a=45.67}");
    ck_assert_str_eq(enc(s, c), "{\"a\":45.67}");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_coerces_like_ksqldb)
{
    sl_field f[] = {{"I", &sl_type_int},
                    {"L", &sl_type_bigint},
                    {"D", &sl_type_double},
                    {"S", &sl_type_string},
                    {"B", &sl_type_boolean}};
    sl_serde *s = mk(f, 5, NULL, NULL);
    sl_value c[5];
    dec_ok(s, "{\"I\":\"10\",\"L\":\"-9223372036854775808\",\"D\":\"1e3\",\"S\":10,\"B\":true}", c);
    ck_assert_int_eq(c[0].u.i, 10);
    ck_assert_int_eq(c[1].u.i, INT64_MIN);
    ck_assert(c[2].u.d == 1000.0);
    ck_assert_str_eq(txt(&sl_type_string, c[3]), "10");
    /* Numbers into INT/BIGINT truncate and keep the low bits, as Java's intValue(). */
    dec_ok(s, "{\"I\":1.9,\"L\":-2.5e0}", c);
    ck_assert_int_eq(c[0].u.i, 1);
    ck_assert_int_eq(c[1].u.i, -2);
    dec_ok(s, "{\"I\":2147483648,\"L\":18446744073709551617}", c);
    ck_assert_int_eq(c[0].u.i, INT32_MIN);
    ck_assert_int_eq(c[1].u.i, 1);
    dec_ok(s, "{\"I\":1e10,\"L\":1E+20}", c);
    ck_assert_int_eq(c[0].u.i, 1410065408);
    ck_assert_int_eq(c[1].u.i, 7766279631452241920LL);
    /* Scalars into STRING read as Jackson's asText(): BigDecimal text for floats. */
    const char *cases[][2] = {{"1.50", "1.50"},
                              {"1e2", "1E+2"},
                              {"-0.0", "0.0"},
                              {"-0", "0"},
                              {"1.5e1", "15"},
                              {"0.0000001", "1E-7"},
                              {"false", "false"},
                              {"\"\\u00e9\"", "é"},
                              {"123456789012345678901", "123456789012345678901"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char doc[128];
        snprintf(doc, sizeof doc, "{\"S\":%s}", cases[i][0]);
        dec_ok(s, doc, c);
        ck_assert_str_eq(txt(&sl_type_string, c[3]), cases[i][1]);
    }
    /* Composites into STRING: objects as compact JSON, arrays as "[a, b]". */
    dec_ok(s, "{\"S\": {\"a\" : [1, 2.50, \"x\\\"y\"], \"b\" : {}}}", c);
    ck_assert_str_eq(txt(&sl_type_string, c[3]), "{\"a\":[1,2.50,\"x\\\"y\"],\"b\":{}}");
    dec_ok(s, "{\"S\": [\"a\", 1, null, true, [2, \"b\"], {\"k\": \"v\"}]}", c);
    ck_assert_str_eq(txt(&sl_type_string, c[3]), "[a, 1, null, true, [2, b], {\"k\":\"v\"}]");
    /* DOUBLE reads Java's Double.parseDouble forms from strings. */
    dec_ok(s, "{\"D\":\"NaN\"}", c);
    ck_assert(isnan(c[2].u.d));
    dec_ok(s, "{\"D\":\" -Infinity \"}", c);
    ck_assert(isinf(c[2].u.d) && c[2].u.d < 0);
    dec_ok(s, "{\"D\":\"0x1p3\",\"L\":\"+7\"}", c);
    ck_assert(c[2].u.d == 8.0);
    ck_assert_int_eq(c[1].u.i, 7);
    dec_ok(s, "{\"D\":\"-0X.8P1d\"}", c);
    ck_assert(c[2].u.d == -1.0);
    dec_ok(s, "{\"D\":\"0x1.00000000000000000000000000000000000000000000000000000000000000001p0\"}",
           c);
    ck_assert(c[2].u.d == 1.0);
    dec_ok(s, "{\"D\":1e400}", c); /* BigDecimal.doubleValue() overflows to Infinity */
    ck_assert(isinf(c[2].u.d));
    dec_ok(s, "{\"D\":0.1,\"L\":-0}", c);
    ck_assert(c[2].u.d == 0.1);
    ck_assert_int_eq(c[1].u.i, 0);
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_reports_type_errors_with_paths)
{
    sl_field person[] = {{"NAME", &sl_type_string}, {"AGE", &sl_type_int}};
    const sl_type *pt = sl_type_struct(ar, 2, person);
    sl_field f[] = {{"I", &sl_type_int},
                    {"P", sl_type_array(ar, pt)},
                    {"M", sl_type_map(ar, &sl_type_string, &sl_type_double)},
                    {"B", &sl_type_boolean}};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.topic = "t";
    sl_serde *s = mk(f, 4, &p, NULL);
    ck_assert_str_eq(fail_of(s, "{\"I\":\"abc\"}"),
                     "Failed to deserialize value from topic: t. Can't coerce string to type. "
                     "targetType: INTEGER, path: $.I");
    ck_assert_str_eq(fail_of(s, "{\"I\":true}"),
                     "Failed to deserialize value from topic: t. Can't convert type. sourceType: "
                     "BooleanNode, requiredType: INTEGER, path: $.I");
    ck_assert_str_eq(fail_of(s, "{\"B\":1}"),
                     "Failed to deserialize value from topic: t. Can't convert type. sourceType: "
                     "IntNode, requiredType: BOOLEAN, path: $.B");
    ck_assert_str_eq(fail_of(s, "{\"P\":[{\"age\":1},{\"age\":{}}]}"),
                     "Failed to deserialize value from topic: t. Can't convert type. sourceType: "
                     "ObjectNode, requiredType: INTEGER, path: $.P[1].AGE");
    ck_assert_str_eq(fail_of(s, "{\"P\":{}}"),
                     "Failed to deserialize value from topic: t. Can't convert type. sourceType: "
                     "ObjectNode, requiredType: ARRAY<STRUCT<NAME VARCHAR, AGE INT>>, path: $.P");
    ck_assert_str_eq(fail_of(s, "{\"M\":{\"k\":\"x\"}}"),
                     "Failed to deserialize value from topic: t. Can't coerce string to type. "
                     "targetType: DOUBLE, path: $.M.k.value");
    /* The first failing field in schema order is reported, whatever the key order ... */
    ck_assert_str_eq(fail_of(s, "{\"B\":2.5,\"I\":[]}"),
                     "Failed to deserialize value from topic: t. Can't convert type. sourceType: "
                     "ArrayNode, requiredType: INTEGER, path: $.I");
    ck_assert_str_eq(fail_of(s, "{\"B\":12345678901234567890}"),
                     "Failed to deserialize value from topic: t. Can't convert type. sourceType: "
                     "BigIntegerNode, requiredType: BOOLEAN, path: $.B");
    /* ... but a syntax error anywhere in the record wins, as Jackson parses it all first. */
    ck_assert_str_eq(fail_of(s, "{\"I\":\"x\",\"B\":tru}"),
                     "Failed to deserialize value from topic: t. Unrecognized token 'tru': was "
                     "expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
                     "'false')");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_failed_field_keeps_depth_and_quotes_safely)
{
    sl_field f[] = {{"A", sl_type_array(ar, sl_type_array(ar, &sl_type_int))},
                    {"M", sl_type_map(ar, &sl_type_string, &sl_type_int)}};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.max_depth = 4;
    sl_serde *s = mk(f, 2, &p, NULL);
    /* A fails three levels down; the rest of the record still has all four levels. */
    ck_assert_str_eq(fail_of(s, "{\"A\":[[true]],\"B\":[[[1]]]}"),
                     "Failed to deserialize value. Can't convert type. sourceType: BooleanNode, "
                     "requiredType: INTEGER, path: $.A[0][0]");
    /* Record text quoted in a message comes out printable. */
    ck_assert_str_eq(fail_of(s, "{\"M\":{\"a\\nb\":\"x\"}}"),
                     "Failed to deserialize value. Can't coerce string to type. targetType: "
                     "INTEGER, path: $.M.a?b.value");
    ck_assert_str_eq(fail_of(s, "{\"M\":x\xff}"),
                     "Failed to deserialize value. Unrecognized token 'x?': was expecting (JSON "
                     "String, Number, Array, Object or token 'null', 'true' or 'false')");
    sl_serde_free(s);
}
END_TEST

static const char *dec_decimal(int prec, int scale, const char *text)
{
    sl_field f[] = {{"V", sl_type_decimal(ar, prec, scale)}};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.wrap_single = 0;
    sl_serde *s = mk(f, 1, &p, NULL);
    sl_value c[1];
    const char *m = dec(s, text, c, NULL);
    const char *r = m ? m : sl_arena_printf(ar, "%s|%s", txt(f[0].type, c[0]), enc(s, c));
    sl_serde_free(s);
    return r;
}

START_TEST(test_serde_json_decimals_are_exact)
{
    ck_assert_str_eq(dec_decimal(4, 2, "10.1"), "10.10|10.10");
    ck_assert_str_eq(dec_decimal(4, 2, "99.99"), "99.99|99.99");
    ck_assert_str_eq(dec_decimal(4, 2, "\"-99.99\""), "-99.99|-99.99");
    ck_assert_str_eq(dec_decimal(6, 4, "10"), "10.0000|10.0000");
    ck_assert_str_eq(dec_decimal(6, 4, "0.0001"), "0.0001|0.0001");
    ck_assert_str_eq(dec_decimal(21, 19, "10.123451234512345"),
                     "10.1234512345123450000|10.1234512345123450000");
    ck_assert_str_eq(dec_decimal(4, 2, "1.5000000000000000000000000000000000000000000000000"),
                     "1.50|1.50");
    ck_assert_str_eq(dec_decimal(4, 2, "0.5e1"), "5.00|5.00");
    ck_assert_str_eq(
        dec_decimal(38, 0, "99999999999999999999999999999999999999"),
        "99999999999999999999999999999999999999|99999999999999999999999999999999999999");
    ck_assert_str_eq(dec_decimal(38, 38, "-0.99999999999999999999999999999999999999"),
                     "-0.99999999999999999999999999999999999999|"
                     "-0.99999999999999999999999999999999999999");
    ck_assert_str_eq(dec_decimal(10, 8, "0.00000001"), "0.00000001|1E-8");
    ck_assert_str_eq(dec_decimal(10, 8, "0"), "0.00000000|0E-8");
    ck_assert_str_eq(dec_decimal(4, 2, "0e999999999999999999"), "0.00|0.00");
    ck_assert_str_eq(dec_decimal(4, 2, "100"),
                     "Failed to deserialize value. Numeric field overflow: A field with precision "
                     "4 and scale 2 must round to an absolute value less than 10^2. Got 100, "
                     "path: $");
    ck_assert_str_eq(dec_decimal(4, 2, "1.234"),
                     "Failed to deserialize value. Cannot fit decimal '1.234' into DECIMAL(4, 2) "
                     "without rounding. (Requires 4,3), path: $");
    const char *big = dec_decimal(4, 2, "1e99999"); /* the number is cut in the message */
    ck_assert_msg(strncmp(big,
                          "Failed to deserialize value. Numeric field overflow: A field with "
                          "precision 4 and scale 2 must round to an absolute value less "
                          "than 10^2. Got 1000000000",
                          141) == 0 &&
                      strstr(big, "0000..., path: $") && strlen(big) < 260,
                  "%s", big);
    ck_assert_str_eq(dec_decimal(4, 2, "\"1,5\""), "Failed to deserialize value. Can't coerce "
                                                   "string to type. targetType: DECIMAL(4, 2), "
                                                   "path: $");
    ck_assert_str_eq(dec_decimal(4, 2, "true"), "Failed to deserialize value. Can't convert "
                                                "type. sourceType: BooleanNode, requiredType: "
                                                "DECIMAL(4, 2), path: $");
}
END_TEST

START_TEST(test_serde_json_time_types_and_bytes)
{
    sl_field f[] = {{"TS", &sl_type_timestamp},
                    {"D", &sl_type_date},
                    {"T", &sl_type_time},
                    {"B", &sl_type_bytes}};
    sl_serde *s = mk(f, 4, NULL, NULL);
    sl_value c[4];
    dec_ok(s, "{\"ts\":10,\"d\":-10,\"t\":\"5000\",\"b\":\"dmFyaWF0aW9ucw==\"}", c);
    ck_assert_int_eq(c[0].u.i, 10);
    ck_assert_int_eq(c[1].u.i, -10);
    ck_assert_int_eq(c[2].u.i, 5000);
    ck_assert_int_eq(c[3].len, 10);
    ck_assert(memcmp(c[3].u.s, "variations", 10) == 0);
    ck_assert_str_eq(enc(s, c), "{\"TS\":10,\"D\":-10,\"T\":5000,\"B\":\"dmFyaWF0aW9ucw==\"}");
    dec_ok(s, "{\"B\":\"ew\\u003d\\u003d\"}", c); /* escapes resolve before base64 */
    ck_assert_int_eq(c[3].len, 1);
    ck_assert_str_eq(fail_of(s, "{\"T\":86400001}"),
                     "Failed to deserialize value. Time values must use number of milliseconds "
                     "greater than 0 and less than 86400000., path: $.T");
    ck_assert_str_eq(fail_of(s, "{\"TS\":\"2020-01-01\"}"),
                     "Failed to deserialize value. Can't coerce string to type. targetType: "
                     "TIMESTAMP, path: $.TS");
    ck_assert_str_eq(fail_of(s, "{\"B\":\"abc\"}"),
                     "Failed to deserialize value. Value is not a valid Base64 encoded string: "
                     "abc, path: $.B");
    ck_assert_str_eq(fail_of(s, "{\"B\":1}"),
                     "Failed to deserialize value. Can't convert type. sourceType: IntNode, "
                     "requiredType: BYTES, path: $.B");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_nested_composites)
{
    /* null.json: COL1 STRUCT<Person STRUCT<Name STRING>>, COL2 ARRAY<INT> */
    sl_field name[] = {{"NAME", &sl_type_string}};
    sl_field person[] = {{"PERSON", sl_type_struct(ar, 1, name)}};
    const sl_type *map_t = sl_type_map(ar, &sl_type_string, sl_type_array(ar, &sl_type_int));
    sl_field f[] = {{"COL1", sl_type_struct(ar, 1, person)},
                    {"COL2", sl_type_array(ar, &sl_type_int)},
                    {"COL3", map_t}};
    sl_serde *s = mk(f, 3, NULL, NULL);
    sl_value c[3];
    dec_ok(s, "{\"COL1\": {\"Person\": {\"Name\": \"George\"}}, \"COL2\": [1, 2, null]}", c);
    ck_assert_str_eq(txt(f[0].type, c[0]), "Struct{PERSON=Struct{NAME=George}}");
    ck_assert_str_eq(txt(f[1].type, c[1]), "[1, 2, null]");
    ck_assert(c[2].null);
    ck_assert_str_eq(enc(s, c), "{\"COL1\":{\"PERSON\":{\"NAME\":\"George\"}},\"COL2\":[1,2,null],"
                                "\"COL3\":null}");
    dec_ok(s,
           "{\"COL1\": {\"Person\": null}, \"COL2\": [], \"col3\": {\"a\": [1], \"b\": [], "
           "\"a\": [2, 3], \"c\": null}}",
           c);
    ck_assert_str_eq(txt(f[0].type, c[0]), "Struct{}");
    ck_assert_int_eq(c[1].u.arr->n, 0);
    ck_assert_str_eq(txt(map_t, c[2]), "{a=[2, 3], b=[], c=null}"); /* last duplicate wins */
    ck_assert_str_eq(enc(s, c), "{\"COL1\":{\"PERSON\":null},\"COL2\":[],\"COL3\":{\"a\":[2,3],"
                                "\"b\":[],\"c\":null}}");
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_large_maps_keep_unique_keys)
{
    sl_field f[] = {{"M", sl_type_map(ar, &sl_type_string, &sl_type_int)}};
    sl_serde *s = mk(f, 1, NULL, NULL);
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "{\"M\":{");
    for (int i = 0; i < 300; i++)
        sl_buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i % 100, i);
    sl_buf_puts(&b, "}}");
    sl_value c[1];
    dec_ok(s, sl_buf_cstr(&b), c);
    ck_assert_int_eq(c[0].u.map->n, 100);
    ck_assert_str_eq(txt(&sl_type_string, c[0].u.map->k[7]), "k7");
    ck_assert_int_eq(c[0].u.map->v[7].u.i, 207);
    sl_buf_free(&b);
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_rejects_malformed_records)
{
    sl_field f[] = {{"A", &sl_type_string}};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.max_depth = 8;
    p.max_record_bytes = 64;
    sl_serde *s = mk(f, 1, &p, NULL);
    const char *bad[][2] = {
        {"{\"A\":\"x\",}", "Unexpected character ('}' (code 125)): was expecting double-quote to "
                           "start field name"},
        {"{\"A\":\"x\"", "Unexpected end-of-input: was expecting comma to separate Object "
                         "entries"},
        {"{\"A\" \"x\"}", "Unexpected character ('\"' (code 34)): was expecting a colon to "
                          "separate field name and value"},
        {"{\"A\":\"\\x\"}", "Unrecognized character escape 'x' (code 120)"},
        {"{\"A\":\"a\nb\"}", "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be "
                             "escaped using backslash to be included in string value"},
        {"{\"A\":\"\xff\"}", "Invalid UTF-8 start byte 0xFF"},
        {"{\"A\":\"\xc3(\"}", "Invalid UTF-8 middle byte"},
        {"{\"A\":\"\xed\xa0\x80\"}", "Invalid UTF-8 middle byte"},
        {"{\"A\":01}", "Invalid numeric value: Leading zeroes not allowed"},
        {"{\"A\":1.}", "Unexpected character ('}' (code 125)) in numeric value: Decimal point "
                       "not followed by a digit"},
        {"{\"A\":-}", "Unexpected character ('}' (code 125)) in numeric value: expected digit "
                      "(0-9) to follow minus sign, for valid numeric value"},
        {"{\"A\":NaN}", "Non-standard token 'NaN': enable "
                        "`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"},
        {"{\"A\":'x'}", "Unexpected character (''' (code 39)): expected a valid value (JSON "
                        "String, Number, Array, Object or token 'null', 'true' or 'false')"},
        {"{\"A\":\"x\"} x", "Unexpected character after the JSON value: trailing content is "
                            "not allowed"},
        {"{\"B\":[[[[[[[[1]]]]]]]]}", "Document nesting depth (9) exceeds the maximum allowed "
                                      "(8)"},
        {"{\"A\":[[[[[[[[1]]]]]]]]}", "Document nesting depth (9) exceeds the maximum allowed "
                                      "(8)"},
        {"{\"A\":\"0123456789012345678901234567890123456789012345678901234567890\"}",
         "Record of 69 bytes exceeds the limit of 64 bytes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *m = fail_of(s, bad[i][0]);
        const char *want = sl_arena_printf(ar, "Failed to deserialize value. %s", bad[i][1]);
        ck_assert_msg(strcmp(m, want) == 0, "%s: got <%s> want <%s>", bad[i][0], m, want);
    }
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_strings_unescape_and_validate)
{
    sl_field f[] = {{"A", &sl_type_string}};
    sl_serde *s = mk(f, 1, NULL, NULL);
    sl_value c[1];
    dec_ok(s,
           "\xEF\xBB\xBF{\"\\u0041\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\uD800x"
           "\xe2\x82\xac\"}",
           c);
    ck_assert_str_eq(txt(&sl_type_string, c[0]),
                     "\"\\/\b\f\n\r\té\xF0\x9F\x98\x80\xEF\xBF\xBDx\xe2\x82\xac");
    ck_assert_str_eq(enc(s, c), "{\"A\":\"\\\"\\\\/\\b\\f\\n\\r\\té\xF0\x9F\x98\x80\xEF\xBF\xBDx"
                                "\xe2\x82\xac\"}");
    c[0] = sl_value_str("\x01\x1f\x7f", 3);
    ck_assert_str_eq(enc(s, c), "{\"A\":\"\\u0001\\u001F\x7f\"}");
    /* A one-megabyte string is fine. */
    size_t n = 1 << 20;
    char *big = malloc(n + 16);
    memcpy(big, "{\"A\":\"", 6);
    memset(big + 6, 'z', n);
    memcpy(big + 6 + n, "\"}", 3);
    dec_ok(s, big, c);
    ck_assert_int_eq(c[0].len, n);
    free(big);
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_encodes_as_ksqldb_writes)
{
    sl_field f[] = {{"D", &sl_type_double}, {"DEC", sl_type_decimal(ar, 6, 4)},
                    {"S", &sl_type_string}, {"B", &sl_type_boolean},
                    {"L", &sl_type_bigint}, {"quoted \"name\"", &sl_type_int}};
    sl_serde *s = mk(f, 6, NULL, NULL);
    sl_value c[6] = {sl_value_double(1e10), sl_value_decimal(ar, 100000), sl_value_str("x", 1),
                     sl_value_bool(false),  sl_value_int(INT64_MIN),      sl_value_null()};
    ck_assert_str_eq(enc(s, c), "{\"D\":1.0E10,\"DEC\":10.0000,\"S\":\"x\",\"B\":false,"
                                "\"L\":-9223372036854775808,\"quoted \\\"name\\\"\":null}");
    const struct {
        double d;
        const char *want;
    } doubles[] = {{0.1, "0.1"},
                   {100, "100.0"},
                   {1234.589, "1234.589"},
                   {1e7, "1.0E7"},
                   {9999999, "9999999.0"},
                   {0.001, "0.001"},
                   {1e-4, "1.0E-4"},
                   {-0.0, "-0.0"},
                   {0.1 + 0.2, "0.30000000000000004"},
                   {1.0 / 3, "0.3333333333333333"},
                   {5e-324, "4.9E-324"},
                   {1.7976931348623157e308, "1.7976931348623157E308"},
                   {NAN, "\"NaN\""},
                   {-INFINITY, "\"-Infinity\""},
                   {123456789012345.0, "1.23456789012345E14"},
                   {2e-3, "0.002"}};
    for (size_t i = 0; i < sizeof doubles / sizeof *doubles; i++) {
        c[0] = sl_value_double(doubles[i].d);
        const char *e = enc(s, c);
        char want[96];
        snprintf(want, sizeof want, "{\"D\":%s,", doubles[i].want);
        ck_assert_msg(strncmp(e, want, strlen(want)) == 0, "%g: %s", doubles[i].d, e);
    }
    sl_serde_free(s);
}
END_TEST

/* Significant digits of a Java double text ("1.2345E-7", "0.001", "100.0"). */
static int sig_digits(const char *t)
{
    char d[40];
    int n = 0;
    for (const char *c = t; *c && *c != 'E'; c++)
        if (*c >= '0' && *c <= '9' && (n || *c != '0')) d[n++] = *c;
    while (n > 1 && d[n - 1] == '0')
        n--;
    return n ? n : 1;
}

START_TEST(test_serde_json_doubles_are_shortest_round_trips)
{
    sl_field f[] = {{"D", &sl_type_double}};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.wrap_single = 0;
    sl_serde *s = mk(f, 1, &p, NULL);
    uint64_t x = 0x243F6A8885A308D3ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double d;
        if (i % 4 == 0)
            d = (double)(x % 100000) / 100.0; /* "money" values: the fast path */
        else
            memcpy(&d, &x, sizeof d);
        if (!isfinite(d)) continue;
        sl_value v = sl_value_double(d);
        const char *t = enc(s, &v);
        ck_assert_msg(strtod(t, NULL) == d, "%s does not read back as %.17g", t, d);
        if (fabs(d) < 2.2250738585072014e-308) continue; /* subnormals: Java prints >= 2 */
        int shortest = 17;
        for (int prec = 1; prec <= 17; prec++) {
            char b[40];
            snprintf(b, sizeof b, "%.*e", prec - 1, d);
            if (strtod(b, NULL) == d) {
                shortest = prec;
                break;
            }
        }
        ck_assert_msg(sig_digits(t) == shortest, "%s for %.17g: %d digits, shortest %d", t, d,
                      sig_digits(t), shortest);
        sl_value back;
        dec_ok(s, t, &back);
        ck_assert(back.u.d == d);
    }
    sl_serde_free(s);
}
END_TEST

static sl_value sample(const sl_type *t, int i)
{
    switch (t->kind) {
    case SL_K_BOOLEAN:
        return sl_value_bool(i & 1);
    case SL_K_INT:
        return sl_value_int(i % 2 ? INT32_MIN : INT32_MAX);
    case SL_K_BIGINT:
        return sl_value_int(i % 2 ? INT64_MIN : INT64_MAX);
    case SL_K_DOUBLE:
        return sl_value_double(i % 2 ? -1.5e-300 : 3.141592653589793);
    case SL_K_DECIMAL:
        return sl_value_decimal(ar, i % 2 ? -sl_decimal_pow10(9) + 1 : 1);
    case SL_K_STRING:
        return i % 2 ? sl_value_str("", 0) : sl_value_str("h\"é\n", 5);
    case SL_K_BYTES:
        return sl_value_str(i % 2 ? "\0\xff" : "abc", i % 2 ? 2 : 3);
    case SL_K_TIMESTAMP:
        return sl_value_int(i % 2 ? -1 : 1700000000123LL);
    case SL_K_DATE:
        return sl_value_int(i % 2 ? -719528 : 19000);
    case SL_K_TIME:
        return sl_value_int(i % 2 ? 0 : 86399999);
    case SL_K_ARRAY: {
        sl_array *a = sl_array_new(ar, 3);
        for (uint32_t k = 0; k < 3; k++)
            a->v[k] = k == 1 ? sl_value_null() : sample(t->elem, i + (int)k);
        return sl_value_array(a);
    }
    case SL_K_MAP: {
        sl_map *m = sl_map_new(ar, 2);
        m->k[0] = sl_value_str("a", 1);
        m->k[1] = sl_value_str("B", 1);
        m->v[0] = sample(t->elem, i);
        m->v[1] = sl_value_null();
        return sl_value_map(m);
    }
    case SL_K_STRUCT: {
        sl_struct *st = sl_struct_new(ar, t->nfields);
        for (uint32_t k = 0; k < t->nfields; k++)
            st->f[k] = sample(t->fields[k].type, i + (int)k);
        return sl_value_struct(st);
    }
    default:
        return sl_value_null();
    }
}

START_TEST(test_serde_json_round_trips_every_type)
{
    const sl_type *prims[] = {&sl_type_boolean,
                              &sl_type_int,
                              &sl_type_bigint,
                              &sl_type_double,
                              sl_type_decimal(ar, 9, 3),
                              &sl_type_string,
                              &sl_type_bytes,
                              &sl_type_timestamp,
                              &sl_type_date,
                              &sl_type_time};
    sl_field inner[] = {{"X", &sl_type_string}, {"y", &sl_type_double}};
    sl_field f[16];
    uint32_t n = 0;
    for (size_t i = 0; i < sizeof prims / sizeof *prims; i++)
        f[n++] = (sl_field){sl_arena_printf(ar, "C%zu", i), prims[i]};
    f[n++] = (sl_field){"ARR", sl_type_array(ar, sl_type_decimal(ar, 38, 10))};
    f[n++] = (sl_field){"MAP", sl_type_map(ar, &sl_type_string, sl_type_array(ar, &sl_type_int))};
    f[n++] = (sl_field){"ST", sl_type_struct(ar, 2, inner)};
    sl_serde *s = mk(f, n, NULL, NULL);
    for (int round = 0; round < 3; round++) {
        sl_value in[16], out[16];
        for (uint32_t i = 0; i < n; i++)
            in[i] = round == 2 ? sl_value_null() : sample(f[i].type, round);
        const char *text = enc(s, in);
        dec_ok(s, text, out);
        for (uint32_t i = 0; i < n; i++)
            ck_assert_msg(sl_value_eq(f[i].type, in[i], out[i]), "column %s: %s", f[i].name, text);
    }
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_json_keys)
{
    /* multi-col-keys.json: JSON keys with several columns are objects. */
    sl_field inner[] = {{"F1", &sl_type_int}};
    sl_field k[] = {{"K", &sl_type_int}, {"K2", sl_type_struct(ar, 1, inner)}};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.is_key = true;
    sl_serde *s = mk(k, 2, &p, NULL);
    sl_value c[2];
    dec_ok(s, "{\"K\": 1, \"K2\": {\"F1\": 2}}", c);
    ck_assert_int_eq(c[0].u.i, 1);
    ck_assert_str_eq(enc(s, c), "{\"K\":1,\"K2\":{\"F1\":2}}");
    sl_serde_free(s);
    /* json.json "STRUCT - key": a single key column is written bare; fields match any case. */
    sl_field sf[] = {{"F", &sl_type_double}};
    sl_field k1[] = {{"K", sl_type_struct(ar, 1, sf)}};
    s = mk(k1, 1, &p, NULL);
    bool is_null;
    ck_assert(!dec(s, "{\"f\": 45.67}", c, &is_null));
    ck_assert(!is_null);
    ck_assert_str_eq(enc(s, c), "{\"F\":45.67}");
    ck_assert(!dec(s, "null", c, &is_null)); /* a null key column, not a null record */
    ck_assert(!is_null && c[0].null);
    ck_assert_str_eq(enc(s, c), "<null>");
    ck_assert_str_eq(fail_of(s, "1"), "Failed to deserialize key. Can't convert type. "
                                      "sourceType: IntNode, requiredType: STRUCT<F DOUBLE>, "
                                      "path: $");
    sl_serde_free(s);
    sl_field kd[] = {{"K", sl_type_decimal(ar, 6, 4)}};
    s = mk(kd, 1, &p, NULL);
    dec_ok(s, "12.365", c);
    ck_assert_str_eq(enc(s, c), "12.3650");
    sl_serde_free(s);
}
END_TEST

/* more-complex-struct.json, "complex struct select star": a deep schema decodes and
 * encodes back to the bytes ksqlDB writes, whatever the case of the keys. */
START_TEST(test_serde_json_conformance_complex_struct)
{
    sl_field sl4[] = {{"SL4_STRING", &sl_type_string},
                      {"SL4_INT", &sl_type_int},
                      {"SL4_DOUBLE_ARRAY", sl_type_array(ar, &sl_type_double)}};
    sl_field sl3[] = {{"SL3_STRUCT", sl_type_struct(ar, 3, sl4)},
                      {"SL3_DOUBLE_ARRAY", sl_type_array(ar, &sl_type_double)},
                      {"SL3_STRING", &sl_type_string}};
    sl_field sl23[] = {{"SL2_3_STRING", &sl_type_string}, {"SL2_3_DOUBLE", &sl_type_double}};
    sl_field sl2[] = {
        {"SL2_STRUCT", sl_type_struct(ar, 3, sl3)},
        {"SL2_STRUCT_MAP", sl_type_map(ar, &sl_type_string, sl_type_struct(ar, 2, sl23))},
        {"SL2_DOUBLE", &sl_type_double},
        {"SL2_BOOLEAN", &sl_type_boolean}};
    sl_field sl12[] = {{"SL1_2_STRING", &sl_type_string}, {"SL1_2_DOUBLE", &sl_type_double}};
    sl_field sl1[] = {{"SL1_STRUCT", sl_type_struct(ar, 4, sl2)},
                      {"SL1_STRING", &sl_type_string},
                      {"SL1_STRUCT_ARRAY", sl_type_array(ar, sl_type_struct(ar, 2, sl12))}};
    sl_field f[] = {{"NESTED_STRUCT_FIELD", sl_type_struct(ar, 3, sl1)},
                    {"COL1", &sl_type_bigint},
                    {"COL2", &sl_type_string}};
    sl_serde *s = mk(f, 3, NULL, NULL);
    sl_value c[3];
    const char *in =
        "{\"NESTED_STRUCT_FIELD\":{\"SL1_STRUCT\":{\"SL2_STRUCT\":{\"SL3_STRUCT\":{\"SL4_STRING\""
        ":\"SL4_68\",\"SL4_INT\":99,\"SL4_DOUBLE_ARRAY\":[44.00196898385005,20.811629846775816,18"
        ".106233954153627]},\"SL3_DOUBLE_ARRAY\":[31.29018346053053,87.19637274214466,70.00366916"
        "161433],\"SL3_STRING\":\"SL3_94\"},\"SL2_STRUCT_MAP\":{\"mapkey\":{\"SL2_3_STRING\":\"SL"
        "2_3_32\",\"SL2_3_DOUBLE\":62.714783363909}},\"SL2_DOUBLE\":96.18972237459049,\"SL2_BOOLE"
        "AN\":true},\"SL1_STRING\":\"SL1__14\",\"SL1_STRUCT_ARRAY\":[{\"SL1_2_STRING\":\"SL1_2_93"
        "\",\"SL1_2_DOUBLE\":68.75388222481254}]},\"COL1\":15,\"COL2\":\"COL_2_89\"}";
    dec_ok(s, in, c);
    ck_assert_str_eq(enc(s, c), in);
    dec_ok(
        s,
        "{\"nested_struct_field\": {\"sl1_struct\": {\"sl2_struct\": {\"sl3_struct\": {\"sl4_stri"
        "ng\": \"SL4_67\", \"sl4_int\": 65, \"sl4_double_array\": [14.483946419811055, 48.0906288"
        "1637733, 65.07562628320905]}, \"sl3_double_array\": [79.77170455118497, 58.3248738141290"
        "6, 44.62474921754443], \"sl3_string\": \"SL3_16\"}, \"sl2_struct_map\": {\"mapkey\": {\""
        "sl2_3_string\": \"SL2_3_60\", \"sl2_3_double\": 17.481981844681428}}, \"sl2_double\": 38"
        ".56446292115307, \"sl2_boolean\": true}, \"sl1_string\": \"SL1__5\", \"sl1_struct_array\""
        ": [{\"sl1_2_string\": \"SL1_2_84\", \"sl1_2_double\": 2.7452530984616863}]}, \"col1\": 3"
        "3, \"col2\": \"COL_2_71\"}",
        c);
    ck_assert_str_eq(
        enc(s, c),
        "{\"NESTED_STRUCT_FIELD\":{\"SL1_STRUCT\":{\"SL2_STRUCT\":{\"SL3_STRUCT\":{\"SL4_STRING\""
        ":\"SL4_67\",\"SL4_INT\":65,\"SL4_DOUBLE_ARRAY\":[14.483946419811055,48.09062881637733,65"
        ".07562628320905]},\"SL3_DOUBLE_ARRAY\":[79.77170455118497,58.32487381412906,44.624749217"
        "54443],\"SL3_STRING\":\"SL3_16\"},\"SL2_STRUCT_MAP\":{\"mapkey\":{\"SL2_3_STRING\":\"SL2"
        "_3_60\",\"SL2_3_DOUBLE\":17.481981844681428}},\"SL2_DOUBLE\":38.56446292115307,\"SL2_BOO"
        "LEAN\":true},\"SL1_STRING\":\"SL1__5\",\"SL1_STRUCT_ARRAY\":[{\"SL1_2_STRING\":\"SL1_2_8"
        "4\",\"SL1_2_DOUBLE\":2.7452530984616863}]},\"COL1\":33,\"COL2\":\"COL_2_71\"}");
    sl_serde_free(s);
}
END_TEST

/* bytes.json, "bytes in complex types". */
START_TEST(test_serde_json_conformance_bytes_in_composites)
{
    sl_field sf[] = {{"B", &sl_type_bytes}};
    sl_field f[] = {{"S", sl_type_struct(ar, 1, sf)},
                    {"A", sl_type_array(ar, &sl_type_bytes)},
                    {"M", sl_type_map(ar, &sl_type_string, &sl_type_bytes)}};
    sl_serde *s = mk(f, 3, NULL, NULL);
    sl_value c[3];
    const char *in = "{\"S\":{\"B\":\"ew==\"},\"A\":[\"ew==\",\"ew==\"],\"M\":{\"B\":\"ew==\"}}";
    dec_ok(s, in, c);
    ck_assert_int_eq(c[1].u.arr->v[1].len, 1);
    ck_assert_int_eq(c[1].u.arr->v[1].u.s[0], '{');
    ck_assert_str_eq(enc(s, c), in);
    sl_serde_free(s);
}
END_TEST

static Suite *serde_json_suite(void)
{
    Suite *su = suite_create("serde_json");
    TCase *tc = tcase_create("json");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_serde_json_decodes_bid_matching_names_case_insensitively);
    tcase_add_test(tc, test_serde_json_exact_name_beats_upper_cased_and_last_duplicate_wins);
    tcase_add_test(tc, test_serde_json_nulls_missing_fields_and_null_records);
    tcase_add_test(tc, test_serde_json_unwrapped_single_values);
    tcase_add_test(tc, test_serde_json_coerces_like_ksqldb);
    tcase_add_test(tc, test_serde_json_reports_type_errors_with_paths);
    tcase_add_test(tc, test_serde_json_failed_field_keeps_depth_and_quotes_safely);
    tcase_add_test(tc, test_serde_json_decimals_are_exact);
    tcase_add_test(tc, test_serde_json_time_types_and_bytes);
    tcase_add_test(tc, test_serde_json_nested_composites);
    tcase_add_test(tc, test_serde_json_large_maps_keep_unique_keys);
    tcase_add_test(tc, test_serde_json_rejects_malformed_records);
    tcase_add_test(tc, test_serde_json_strings_unescape_and_validate);
    tcase_add_test(tc, test_serde_json_encodes_as_ksqldb_writes);
    tcase_add_test(tc, test_serde_json_doubles_are_shortest_round_trips);
    tcase_add_test(tc, test_serde_json_round_trips_every_type);
    tcase_add_test(tc, test_serde_json_keys);
    tcase_add_test(tc, test_serde_json_conformance_complex_struct);
    tcase_add_test(tc, test_serde_json_conformance_bytes_in_composites);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(serde_json_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
