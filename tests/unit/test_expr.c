/*
 * test_expr.c - unit tests of the expression builders, compiler and evaluator
 * (exec/expr*.c): every expression form with NULLs, ksqlDB's typing errors,
 * per-record errors and their boundaries, constant folding, and the cases the
 * conformance files (binary-comparison, decimal, between, in, like,
 * case-expression, create_array/map, arrayindex, null...) pin down.
 *
 * Cases are written as SQL text (expr_sql.c builds them through the builder
 * API) over a schema of named columns with one row of values.
 */
#include "exec/expr.h"
#include "exec/expr_int.h"
#include "expr_sql.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sl_arena *ar;
static expr_sql_col cols[32];
static sl_value vals[32];
static int ncols;
static const char *last_err; /* the per-record error of the last run, or NULL */

static void setup(void)
{
    ar = sl_arena_new(0);
    ncols = 0;
    last_err = NULL;
}

static void teardown(void)
{
    sl_arena_free(ar);
}

static void col(const char *name, const char *type, sl_value v)
{
    cols[ncols].name = name;
    cols[ncols].type = expr_sql_type(ar, type);
    ck_assert_msg(cols[ncols].type, "bad type %s", type);
    vals[ncols++] = v;
}

static sl_value S(const char *s)
{
    return sl_value_str(s, (uint32_t)strlen(s));
}

static sl_value I(int64_t i)
{
    return sl_value_int(i);
}

static sl_value N(void)
{
    return sl_value_null();
}

static sl_value DEC(sl_int128 u)
{
    return sl_value_decimal(ar, u);
}

static sl_value ARR(int n, const sl_value *v)
{
    sl_array *a = sl_array_new(ar, (uint32_t)n);
    memcpy(a->v, v, sizeof *v * (size_t)n);
    return sl_value_array(a);
}

static sl_value MAP1(sl_value k, sl_value v)
{
    sl_map *m = sl_map_new(ar, 1);
    m->k[0] = k;
    m->v[0] = v;
    return sl_value_map(m);
}

static sl_value ST(int n, const sl_value *v)
{
    sl_struct *s = sl_struct_new(ar, (uint32_t)n);
    memcpy(s->f, v, sizeof *v * (size_t)n);
    return sl_value_struct(s);
}

static const char *printed(const sl_type *t, sl_value v)
{
    if (v.null) return "NULL";
    sl_buf b = SL_BUF_INIT;
    sl_value_print(&b, t, v);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

static sl_expr *parse(const char *sql)
{
    sl_expr *e = NULL;
    sl_error *err = expr_sql_parse(ar, sql, cols, ncols, &e);
    ck_assert_msg(!err, "%s: %s", sql, err ? err->msg : "");
    return e;
}

/* The message of the error building sql fails with. */
static const char *build_err(const char *sql)
{
    sl_expr *e = NULL;
    sl_error *err = expr_sql_parse(ar, sql, cols, ncols, &e);
    ck_assert_msg(err, "%s: expected an error", sql);
    char *m = sl_arena_strdup(ar, err->msg);
    sl_error_free(err);
    return m;
}

/* Evaluates sql over the current row; the value as ksqlDB prints it, "NULL" for NULL. */
static const char *run(const char *sql)
{
    sl_expr *e = parse(sql);
    sl_prog *p = NULL;
    sl_error *err = sl_expr_compile(ar, e, &p);
    ck_assert_msg(!err, "%s: %s", sql, err ? err->msg : "");
    sl_row row = {.col = vals, .offset = -1, .partition = -1};
    sl_error *rerr = NULL;
    sl_value v = sl_prog_eval(p, &row, ar, &rerr);
    last_err = rerr ? sl_arena_strdup(ar, rerr->msg) : NULL;
    sl_error_free(rerr);
    const char *s = printed(e->type, v);
    sl_prog_free(p);
    return s;
}

static const char *type_of(const char *sql)
{
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, parse(sql)->type);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

#define RUN(sql, want) ck_assert_str_eq(run(sql), want)

START_TEST(test_expr_integer_arithmetic_is_java)
{
    col("COL0", "INT", I(6));
    col("COL1", "BIGINT", I(25));
    col("COL2", "DOUBLE", sl_value_double(3.21));
    col("MAXI", "INT", I(INT32_MAX));
    col("MINI", "INT", I(INT32_MIN));
    col("MAXB", "BIGINT", I(INT64_MAX));
    /* comparison-expression.json "in projection" and operators.json precedence */
    RUN("COL0 + COL1", "31");
    RUN("COL2 + 10", "13.21");
    RUN("COL1 * 25", "625");
    RUN("12 * 4 + 2", "50");
    RUN("6 / 3 + 4", "6");
    RUN("6 % 4 + 4", "6");
    RUN("16 % 6 - 4", "0");
    RUN("10 - 2 + 5", "13");
    ck_assert_str_eq(type_of("COL0 + COL1"), "BIGINT");
    ck_assert_str_eq(type_of("COL0 * 2"), "INTEGER");
    ck_assert_str_eq(type_of("COL0 + COL2"), "DOUBLE");
    RUN("MAXI + 1", "-2147483648");
    RUN("MAXB + 1", "-9223372036854775808");
    RUN("MINI / -1", "-2147483648");
    RUN("MINI % -1", "0");
    RUN("-MINI", "-2147483648");
    RUN("COL0 / 4", "1");
    RUN("-COL0 / 4", "-1");
    RUN("-COL0 % 4", "-2");
    RUN("COL2 % 2", "1.21");
}
END_TEST

START_TEST(test_expr_division_by_zero_is_a_record_error)
{
    col("A", "INT", I(1));
    col("D", "DOUBLE", sl_value_double(1.0));
    col("X", "DECIMAL(4, 2)", DEC(1001));
    RUN("A / 0", "NULL");
    ck_assert_str_eq(last_err, "/ by zero: (A / 0)");
    RUN("A % 0", "NULL");
    ck_assert_ptr_nonnull(last_err);
    RUN("D / 0", "Infinity");
    ck_assert_ptr_null(last_err);
    RUN("X / 0", "NULL");
    ck_assert_str_eq(last_err, "Division by zero");
    /* the error stops at the nearest boundary: an explicit CAST, a constructor element */
    RUN("IFNULL(CAST(A / 0 AS STRING), 'x')", "x");
    ck_assert_str_eq(last_err, "/ by zero: (A / 0)");
    RUN("ARRAY[A / 0, 2]", "[null, 2]");
    RUN("IFNULL(A / 0, 5)", "NULL"); /* no boundary: the whole expression */
    ck_assert_ptr_nonnull(last_err);
}
END_TEST

START_TEST(test_expr_null_operands_of_arithmetic)
{
    col("A", "INT", N());
    col("B", "INT", I(2));
    RUN("A + B", "NULL");
    ck_assert_str_eq(last_err, "Arithmetic on a NULL value: (A + B)");
    RUN("-A", "NULL");
    ck_assert_ptr_nonnull(last_err);
    ck_assert_str_eq(build_err("NULL + 1"), "Error processing expression: (null + 1). Arithmetic "
                                            "on types null and INTEGER are not supported.");
    ck_assert_str_eq(build_err("5.0 / NULL"), "Error processing expression: (5.0 / null). "
                                              "Arithmetic on types DECIMAL(2, 1) and null are not "
                                              "supported.");
    ck_assert_str_eq(build_err("MAP(1 := 'cat') + NULL"),
                     "Error processing expression: (MAP(1:='cat') + null). Arithmetic on types "
                     "MAP<INTEGER, STRING> and null are not supported.");
    ck_assert_str_eq(build_err("NULL * NULL"), "Error processing expression: (null * null). "
                                               "Arithmetic on types null and null are not "
                                               "supported.");
    ck_assert_str_eq(build_err("'a' - 1"), "Error processing expression: ('a' - 1). Unsupported "
                                           "arithmetic types. STRING INTEGER");
}
END_TEST

START_TEST(test_expr_decimal_arithmetic_from_decimal_json)
{
    col("A", "DECIMAL(4, 2)", DEC(1001));
    col("B", "DECIMAL(4, 2)", DEC(510));
    col("I", "INT", I(5));
    col("D", "DOUBLE", sl_value_double(5.1));
    col("N", "DECIMAL(7, 5)", DEC(1012345));
    RUN("A + B", "15.11");
    ck_assert_str_eq(type_of("A + B"), "DECIMAL(5, 2)");
    RUN("A + I", "15.01");
    ck_assert_str_eq(type_of("A + I"), "DECIMAL(13, 2)");
    RUN("A + D", "15.11");
    ck_assert_str_eq(type_of("A + D"), "DOUBLE");
    RUN("A + A + B", "25.12");
    RUN("A - B", "4.91");
    RUN("A * B", "51.0510");
    RUN("A / B", "1.9627451");
    RUN("A % B", "4.91");
    RUN("-N", "-10.12345");
    RUN("A / 3", "3.3366666666667");
    ck_assert_str_eq(type_of("A / 3"), "DECIMAL(15, 13)");
}
END_TEST

START_TEST(test_expr_string_plus_and_concat)
{
    col("SOURCE", "STRING", S("s1"));
    col("NONE", "STRING", N());
    RUN("'prefix-' + SOURCE + '-postfix'", "prefix-s1-postfix");
    RUN("'prefix-' + NONE", "prefix-null"); /* Java's String + */
    RUN("'a' || SOURCE", "as1");
    RUN("'a' || NONE", "NULL");
    ck_assert_ptr_null(last_err);
}
END_TEST

START_TEST(test_expr_comparisons_across_types)
{
    col("A", "INT", I(1));
    col("C", "BIGINT", I(11));
    col("D", "DOUBLE", sl_value_double(1.1));
    col("E", "DECIMAL(4, 3)", DEC(1200));
    col("F", "STRING", S("foo"));
    col("B", "BOOLEAN", sl_value_bool(true));
    col("NI", "INT", N());
    /* binary-comparison.json "equals", decimal.json */
    RUN("A = 1", "true");
    RUN("C = 11", "true");
    RUN("D = 1.1", "true"); /* DOUBLE against DECIMAL(2, 1): BigDecimal.valueOf(1.1) */
    RUN("E = 1.20", "true");
    RUN("E = 1.2e0", "true");
    RUN("F = 'foo'", "true");
    RUN("B = true", "true");
    RUN("A < C", "true");
    RUN("A = 1.0", "true");
    RUN("C >= 11.5", "false");
    RUN("E > A", "true");
    RUN("F >= 'Foo'", "true");
    RUN("F < 'goo'", "true");
    RUN("NI = 1", "false"); /* a NULL side is FALSE, as in ksqlDB */
    RUN("NI <> 1", "false");
    RUN("NOT (NI = 1)", "true");
    RUN("NI IS DISTINCT FROM 1", "true");
    RUN("NI IS NOT DISTINCT FROM NI", "true");
    RUN("A IS DISTINCT FROM 1.0", "false");
    RUN("CAST(0.0 AS DOUBLE) / 0 = CAST(0.0 AS DOUBLE) / 0", "false"); /* NaN */
}
END_TEST

START_TEST(test_expr_composite_equality)
{
    sl_value g[2] = {I(1), I(2)};
    sl_value id[1] = {I(2)};
    col("G", "ARRAY<INT>", ARR(2, g));
    col("H", "MAP<STRING, INT>", MAP1(S("a"), I(1)));
    col("I", "STRUCT<ID INT>", ST(1, id));
    col("GB", "ARRAY<BIGINT>", ARR(2, g));
    RUN("G = ARRAY[1,2]", "true");
    RUN("G <> ARRAY[1]", "true");
    RUN("H = MAP('a':=1)", "true");
    RUN("H IS DISTINCT FROM MAP('b':=1)", "true");
    RUN("I = STRUCT(ID:=2)", "true");
    RUN("I IS NOT DISTINCT FROM STRUCT(ID:=3)", "false");
    RUN("G = GB", "true"); /* ARRAY<INT> widens to ARRAY<BIGINT> */
    ck_assert_str_eq(build_err("G < ARRAY[1]"), "Cannot compare G (ARRAY<INTEGER>) to "
                                                "ARRAY[1] (ARRAY<INTEGER>) with LESS_THAN.");
    ck_assert_str_eq(build_err("H > H"), "Cannot compare H (MAP<STRING, INTEGER>) to H "
                                         "(MAP<STRING, INTEGER>) with GREATER_THAN.");
}
END_TEST

START_TEST(test_expr_comparison_errors_read_as_ksqldb)
{
    col("ID", "INT", I(1));
    col("BAR", "STRING", S("x"));
    ck_assert_str_eq(build_err("ID >= 'not an int'"),
                     "Cannot compare ID (INTEGER) to 'not an int' (STRING) with "
                     "GREATER_THAN_OR_EQUAL.");
    ck_assert_str_eq(build_err("ID > BAR"),
                     "Cannot compare ID (INTEGER) to BAR (STRING) with GREATER_THAN.");
    ck_assert_str_eq(build_err("NULL <> NULL"), "Comparison with NULL not supported: NULL <> NULL");
    ck_assert_str_eq(build_err("ID = NULL"), "Comparison with NULL not supported: INTEGER = NULL");
    ck_assert_str_eq(build_err("TRUE < FALSE"),
                     "Cannot compare true (BOOLEAN) to false (BOOLEAN) with LESS_THAN.");
}
END_TEST

START_TEST(test_expr_temporal_comparisons_parse_strings)
{
    col("TS", "TIMESTAMP", I(7));
    col("DT", "DATE", I(10));
    col("TM", "TIME", I(5000));
    col("S", "STRING", S("1970-01-11"));
    col("BAD", "STRING", S("noon"));
    RUN("TS BETWEEN '1970-01-01T00:00:00.005' AND '1970-01-01T00:00:00.010'", "true");
    RUN("TS > '1970-01-01T00:00:00.010'", "false");
    RUN("DT = '1970-01-11'", "true");
    RUN("DT = S", "true");
    RUN("TS < DT", "true");
    RUN("TM = '00:00:05'", "true");
    RUN("TS < S", "true");
    RUN("TS = BAD", "NULL"); /* a column that does not parse: a record error */
    ck_assert_str_eq(last_err, "invalid input syntax for type TIMESTAMP: \"noon\"");
    /* a literal that does not parse fails when the expression is built */
    ck_assert_str_eq(build_err("TS = 'not a time'"),
                     "invalid input syntax for type TIMESTAMP: \"not a time\".");
    ck_assert_str_eq(build_err("TM < DT"), "Cannot compare TM (TIME) to DT (DATE) with LESS_THAN.");
}
END_TEST

START_TEST(test_expr_three_valued_logic)
{
    static const char *const v[] = {"TRUE", "FALSE", "CAST(NULL AS BOOLEAN)"};
    static const char *const and_t[3][3] = {
        {"true", "false", "NULL"}, {"false", "false", "false"}, {"NULL", "false", "NULL"}};
    static const char *const or_t[3][3] = {
        {"true", "true", "true"}, {"true", "false", "NULL"}, {"true", "NULL", "NULL"}};
    col("T", "BOOLEAN", sl_value_bool(true));
    col("F", "BOOLEAN", sl_value_bool(false));
    col("U", "BOOLEAN", N());
    static const char *const c[] = {"T", "F", "U"};
    char buf[160];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            snprintf(buf, sizeof buf, "%s AND %s", v[i], v[j]); /* folded at compile time */
            ck_assert_str_eq(run(buf), and_t[i][j]);
            snprintf(buf, sizeof buf, "%s AND %s", c[i], c[j]); /* evaluated per row */
            ck_assert_str_eq(run(buf), and_t[i][j]);
            snprintf(buf, sizeof buf, "%s OR %s", v[i], v[j]);
            ck_assert_str_eq(run(buf), or_t[i][j]);
            snprintf(buf, sizeof buf, "%s OR %s", c[i], c[j]);
            ck_assert_str_eq(run(buf), or_t[i][j]);
        }
    RUN("NOT T", "false");
    RUN("NOT U", "NULL");
    RUN("NOT 4 > 11", "true");
    RUN("NOT false AND NOT false", "true");
    col("Z", "INT", I(0));
    RUN("F AND 1 / Z = 1", "false"); /* short-circuit: the right side never runs */
    ck_assert_ptr_null(last_err);
    RUN("T OR 1 / Z = 1", "true");
    ck_assert_ptr_null(last_err);
    ck_assert_str_eq(build_err("1 AND T"), "AND requires BOOLEAN operands, but 1 is INTEGER.");
}
END_TEST

START_TEST(test_expr_between)
{
    col("SOURCE", "INT", I(3));
    col("NS", "INT", N());
    col("MN", "INT", N());
    col("STR", "STRING", S("ba"));
    col("DB", "DOUBLE", sl_value_double(3.9));
    RUN("SOURCE BETWEEN 2 AND 4", "true");
    RUN("SOURCE BETWEEN 4 AND 5", "false");
    RUN("SOURCE NOT BETWEEN 2 AND 4", "false");
    RUN("NS BETWEEN 2 AND 4", "false");
    RUN("NS NOT BETWEEN 2 AND 4", "true"); /* ksqlDB negates FALSE */
    RUN("SOURCE BETWEEN MN AND 4", "false");
    RUN("STR BETWEEN 'b' AND 'c'", "true");
    RUN("DB BETWEEN 2 AND 3.9", "true");
    RUN("SOURCE + 2 BETWEEN 10 / 2 AND 10 * 2", "true");
    ck_assert_str_eq(build_err("STR BETWEEN 1 AND 2"),
                     "Cannot compare STR (STRING) to 1 (INTEGER) with GREATER_THAN_OR_EQUAL.");
}
END_TEST

START_TEST(test_expr_in_lists_from_in_json)
{
    col("ID", "INT", I(10));
    col("VAL", "INT", N());
    col("BV", "BOOLEAN", sl_value_bool(true));
    col("SV", "STRING", S("x"));
    col("VAL0", "INT", I(0));
    col("VAL1", "BIGINT", I(4));
    col("VAL2", "DOUBLE", sl_value_double(0));
    col("VAL3", "DECIMAL(4, 2)", DEC(0));
    RUN("ID IN (11, NULL, VAL)", "false");
    RUN("ID IN (11, NULL, 10)", "true");
    RUN("ID NOT IN (11, 20, 10)", "false");
    RUN("VAL IN (1, 2)", "false");
    RUN("VAL NOT IN (1, 2)", "true");
    RUN("BV IN (false, 'TrUe', 'tr', 'Y')", "true");
    RUN("BV IN (false, 'no')", "false");
    RUN("VAL0 IN (1, '2147483648')", "false");
    RUN("VAL1 IN (1, 2.0, 3.00, '4.000', 5.10, VAL0, VAL2, VAL3)", "true");
    RUN("VAL1 IN (VAL3)", "false");
    ck_assert_str_eq(build_err("BV IN (true, 10)"), "operator does not exist: BOOLEAN = INTEGER "
                                                    "(10)");
    ck_assert_str_eq(build_err("BV IN (true, SV)"), "operator does not exist: BOOLEAN = STRING "
                                                    "(SV)");
    ck_assert_str_eq(build_err("ID IN (10, '10 - not a number')"),
                     "invalid input syntax for type INTEGER: \"10 - not a number\".");
    ck_assert_str_eq(build_err("ID IN (10, true)"), "operator does not exist: INTEGER = BOOLEAN "
                                                    "(true)");
    ck_assert_str_eq(build_err("ID IN (10, SV)"), "operator does not exist: INTEGER = STRING (SV)");
}
END_TEST

START_TEST(test_expr_in_with_constructors)
{
    sl_value ab[2] = {I(1), I(2)}, st[2] = {I(4), I(2)}, st5[2] = {I(5), N()};
    col("A0", "ARRAY<BIGINT>", ARR(2, ab));
    col("M", "MAP<STRING, BIGINT>", MAP1(S("c"), N()));
    col("V0", "STRUCT<A BIGINT, B BIGINT>", ST(2, st));
    col("V5", "STRUCT<A BIGINT, B BIGINT>", ST(2, st5));
    col("VB", "BOOLEAN", sl_value_bool(true));
    RUN("A0 IN (ARRAY[1,2], ARRAY[5,123456789000], ARRAY['3',null])", "true");
    RUN("M IN (MAP('a':=1), MAP('c':=CAST(null AS BIGINT)))", "true");
    RUN("V0 IN (STRUCT(A:=3,B:=2,C:=4), STRUCT(B:=2,A:=4))", "true");
    RUN("V0 IN (STRUCT(A:=4,B:=2,C:=4))", "false");
    RUN("V5 IN (STRUCT(A:=5))", "true");
    RUN("V0 IN (STRUCT(A:='4',B:=2))", "true");
    ck_assert_str_eq(build_err("A0 IN (A0, ARRAY[VB])"),
                     "operator does not exist: ARRAY<BIGINT> = ARRAY<BOOLEAN> (ARRAY[VB])");
    ck_assert_str_eq(build_err("M IN (M, MAP('10' := 'not 10'))"),
                     "invalid input syntax for type BIGINT: \"not 10\".");
    ck_assert_str_eq(build_err("V0 IN (STRUCT(A := 10), ARRAY[10])"),
                     "operator does not exist: STRUCT<`A` BIGINT, `B` BIGINT> = ARRAY<INTEGER> "
                     "(ARRAY[10])");
}
END_TEST

START_TEST(test_expr_like_patterns)
{
    col("VAL", "STRING", S("barfoobaz"));
    col("PCT", "STRING", S("%"));
    col("U", "STRING", S("\xc3\xa9t\xc3\xa9")); /* été: '_' is one character */
    col("PAT", "STRING", S("%oba%"));
    col("NS", "STRING", N());
    RUN("VAL LIKE '%foo%'", "true");
    RUN("VAL LIKE 'bar%'", "true");
    RUN("VAL LIKE '%baz'", "true");
    RUN("VAL LIKE 'barfoobaz'", "true");
    RUN("VAL LIKE 'b_r%b_z'", "true");
    RUN("VAL LIKE '%o_b%'", "true");
    RUN("VAL LIKE 'foo'", "false");
    RUN("VAL LIKE '%'", "true");
    RUN("'' LIKE '%'", "true");
    RUN("'' LIKE '_'", "false");
    RUN("VAL LIKE PAT", "true");
    RUN("PCT LIKE '!%' ESCAPE '!'", "true");
    RUN("VAL LIKE '!%' ESCAPE '!'", "false");
    RUN("U LIKE '_t_'", "true");
    RUN("U LIKE '__t__'", "false");
    RUN("'aaab' LIKE '%a%ab'", "true");
    RUN("'abab' LIKE '%ab%ab%'", "true");
    RUN("VAL NOT LIKE '%foo%'", "false");
    RUN("NS LIKE '%'", "NULL");
    RUN("'this' LIKE '%hi%' AND true", "true");
}
END_TEST

START_TEST(test_expr_case_searched_and_simple)
{
    col("ORDERID", "BIGINT", I(4));
    col("ORDERUNITS", "DOUBLE", sl_value_double(1.9));
    col("NU", "DOUBLE", N());
    col("Z", "INT", I(0));
    RUN("CASE WHEN ORDERUNITS < 2.0 THEN ORDERID + 2 END", "6");
    RUN("CASE WHEN ORDERUNITS > 2.0 THEN ORDERID + 2 END", "NULL");
    RUN("CASE WHEN NU > 2.0 THEN 'foo' ELSE 'default' END", "default");
    RUN("CASE WHEN ORDERUNITS < 2.0 THEN null WHEN ORDERUNITS < 4.0 THEN 'medium' ELSE 'large' "
        "END",
        "NULL");
    RUN("CASE WHEN ORDERUNITS < 1.0 THEN 'small' ELSE null END", "NULL");
    RUN("CASE WHEN true THEN 100 WHEN 1 / Z = 1 THEN 200 ELSE 300 END", "100"); /* lazy */
    ck_assert_ptr_null(last_err);
    RUN("CASE WHEN false THEN 1 / Z ELSE 300 END", "300");
    ck_assert_ptr_null(last_err);
    RUN("CASE ORDERID WHEN 3 THEN 'three' WHEN 4 THEN 'four' END", "four");
    RUN("CASE ORDERID WHEN 4.0 THEN 'four' ELSE 'no' END", "four");
    ck_assert_str_eq(build_err("CASE WHEN ORDERUNITS < 2.0 THEN null ELSE null END"),
                     "Invalid Case expression. All case branches have NULL type");
    ck_assert_str_eq(build_err("CASE WHEN true THEN 1 WHEN false THEN 'a' END"),
                     "Invalid Case expression. Type for all 'THEN' clauses should be the same.\n"
                     "THEN expression 'WHEN false THEN 'a'' has type: STRING.\nPrevious THEN "
                     "expression(s) type: INTEGER.");
    ck_assert_str_eq(build_err("CASE WHEN true THEN 1 ELSE 'a' END"),
                     "Invalid Case expression. Type for the default clause should be the same as "
                     "for 'THEN' clauses.\nTHEN type: INTEGER.\nDEFAULT type: STRING.");
    ck_assert_str_eq(build_err("CASE WHEN 1 THEN 1 END"),
                     "WHEN operand type should be boolean.\nType for '1' is INTEGER");
}
END_TEST

START_TEST(test_expr_casts_and_their_boundary)
{
    col("S", "STRING", S("abc"));
    col("N", "STRING", S(" 42 "));
    col("X", "INT", I(1));
    col("Y", "INT", I(2));
    RUN("CAST(NULL AS BOOLEAN)", "NULL");
    RUN("CAST(NULL AS ARRAY<INT>)", "NULL");
    RUN("CAST(NULL AS STRUCT<F0 INT>)", "NULL");
    RUN("CAST(N AS INT) + 1", "43");
    RUN("CAST(S AS INT)", "NULL");
    ck_assert_str_eq(last_err, "invalid input syntax for type INTEGER: \"abc\"");
    RUN("IFNULL(CAST(S AS INT), -1)", "-1"); /* cast.json: the CAST fails alone */
    RUN("CAST((X - Y) AS BIGINT)", "-1");
    RUN("CAST((X - Y) AS STRING)", "-1");
    RUN("CAST(3.3e0 - 2.1e0 AS INT)", "1");
    ck_assert_str_eq(build_err("CAST(S AS ARRAY<INTEGER>)"),
                     "Cast of STRING to ARRAY<INTEGER> is not supported");
}
END_TEST

START_TEST(test_expr_subscripts_and_fields)
{
    sl_value colors[2] = {S("Red"), S("Green")}, inner0[2] = {I(0), I(1)}, inner1[1] = {I(2)};
    sl_value nested[2] = {ARR(2, inner0), ARR(1, inner1)}, with_null[2] = {N(), ARR(1, inner1)};
    sl_value name[1] = {S("George")}, person[1], noperson[1] = {N()};
    person[0] = ST(1, name);
    col("COLORS", "ARRAY<STRING>", ARR(2, colors));
    col("COL0", "ARRAY<ARRAY<INT>>", ARR(2, nested));
    col("COLN", "ARRAY<ARRAY<INT>>", ARR(2, with_null));
    col("A_MAP", "MAP<STRING, INT>", MAP1(S("expected"), I(10)));
    col("NMAP", "MAP<STRING, INT>", N());
    col("COL1", "STRUCT<Person STRUCT<Name STRING>>", ST(1, person));
    col("COL2", "STRUCT<Person STRUCT<Name STRING>>", ST(1, noperson));
    RUN("COLORS[1]", "Red");
    RUN("COLORS[-1]", "Green");
    RUN("COLORS[-2]", "Red");
    RUN("COLORS[3]", "NULL");
    RUN("COLORS[0]", "NULL");
    RUN("COLORS[-3]", "NULL");
    RUN("COL0[1][2]", "1");
    RUN("COLN[1][2]", "NULL");
    RUN("IFNULL(COLN[1][2], -1)", "-1");
    RUN("A_MAP['expected']", "10");
    RUN("A_MAP['missing']", "NULL");
    RUN("IFNULL(NMAP['expected'], -1)", "-1");
    ck_assert_ptr_null(last_err);
    RUN("COL1->Person->Name", "George");
    RUN("COL2->Person->Name", "NULL");
    RUN("IFNULL(COL2->Person->Name, 'x')", "x");
    ck_assert_str_eq(build_err("COL1->Nobody"), "Could not find field 'Nobody' in 'COL1'.");
    ck_assert_str_eq(build_err("COL1['Person']"),
                     "Subscript expression (COL1['Person']) do not apply to STRUCT<`Person` "
                     "STRUCT<`Name` STRING>>. Use the dereference operator for STRUCTS: "
                     "COL1->'Person'");
}
END_TEST

START_TEST(test_expr_constructors_from_create_json)
{
    col("A", "INT", I(30));
    col("B", "BIGINT", I(40));
    col("K1", "STRING", S("foo"));
    col("K2", "STRING", S("bar"));
    col("V1", "INT", I(10));
    col("BV", "BOOLEAN", sl_value_bool(true));
    col("NA", "INT", N());
    RUN("ARRAY[A, NA, 3]", "[30, null, 3]");
    RUN("ARRAY[CAST(NULL AS INT)]", "[null]");
    RUN("ARRAY[null, 10, '2e1', A, B]", "[null, 10, 20, 30, 40]");
    /* a struct list takes the union of the fields, the later element's first (ksqlDB) */
    RUN("ARRAY[null, STRUCT(X := A, Y := B), STRUCT(Y := A, Z := B)]",
        "[null, Struct{Y=40,X=30}, Struct{Y=30,Z=40}]");
    ck_assert_str_eq(type_of("ARRAY[null, STRUCT(X := A, Y := B), STRUCT(Y := A, Z := B)]"),
                     "ARRAY<STRUCT<`Y` BIGINT, `Z` BIGINT, `X` INTEGER>>");
    RUN("MAP(K1 := V1, K2 := V1 * 2)", "{foo=10, bar=20}");
    RUN("MAP(K1 := BV, K2 := 'true', 10 := 'no')", "{foo=true, bar=true, 10=false}");
    RUN("MAP(K1 := V1, NULL := V1)", "{foo=10, null=10}");
    RUN("MAP('a' := 1, 'a' := 2)", "{a=2}");
    RUN("STRUCT(F1 := K1, F3 := V1 + 1)", "Struct{F1=foo,F3=11}");
    RUN("STRUCT(F1 := CAST(NULL AS INT))", "Struct{}");
    ck_assert_str_eq(type_of("STRUCT()"), "STRUCT<>");
    ck_assert_str_eq(build_err("ARRAY[]"), "Array constructor cannot be empty. Please supply at "
                                           "least one element (see "
                                           "https://github.com/confluentinc/ksql/issues/4239).");
    ck_assert_str_eq(build_err("ARRAY[1, 'not a number']"),
                     "invalid input syntax for type INTEGER: \"not a number\".");
    ck_assert_str_eq(build_err("MAP(K1 := V1, K2 := 'hello')"),
                     "invalid input syntax for type INTEGER: \"hello\".");
    ck_assert_int_eq(
        strncmp(build_err("MAP(null := V1)"), "Cannot construct a map with all NULL keys", 41), 0);
    ck_assert_int_eq(
        strncmp(build_err("ARRAY[null]"), "Cannot construct an array with all NULL elements", 48),
        0);
    ck_assert_str_eq(build_err("MAP()"), "Map constructor cannot be empty. Please supply at least "
                                         "one key value pair (see "
                                         "https://github.com/confluentinc/ksql/issues/4239).");
    ck_assert_str_eq(build_err("STRUCT(foo := K1, foo := K1)"),
                     "Duplicate field names found in STRUCT");
}
END_TEST

START_TEST(test_expr_null_functions_from_null_json)
{
    sl_value three[3] = {I(1), I(2), I(3)};
    col("COL0", "INT", I(1));
    col("COL1", "INT", N());
    col("COL2", "STRING", N());
    col("COL3", "ARRAY<INT>", ARR(3, three));
    col("COL4", "BIGINT", I(7));
    RUN("COALESCE(COL0, COL1, COL0, COL1)", "1");
    RUN("COALESCE(COL1, COL1)", "NULL");
    RUN("COALESCE(COL2, 'x')", "x");
    RUN("COALESCE(COL3, ARRAY[10, 20])", "[1, 2, 3]");
    RUN("COALESCE(COL1, COL4)", "7");
    ck_assert_str_eq(type_of("COALESCE(COL1, COL4)"), "BIGINT");
    RUN("IFNULL(COL1, 10)", "10");
    RUN("IFNULL(COL2, 'x')", "x");
    RUN("NULLIF(COL0, 1)", "NULL");
    RUN("NULLIF(COL0, 2)", "1");
    RUN("NULLIF(COL1, 2)", "NULL");
    ck_assert_str_eq(build_err("COALESCE()"), "Function 'COALESCE' does not accept parameters ().");
    ck_assert_str_eq(build_err("IFNULL(COL2, 1)"),
                     "Function 'IFNULL' does not accept parameters (STRING, INTEGER).");
    ck_assert_str_eq(build_err("NO_SUCH_FN(1)"), "Can't find any functions with the name "
                                                 "'NO_SUCH_FN'");
}
END_TEST

START_TEST(test_expr_system_columns)
{
    sl_prog *p;
    sl_expr *e[4];
    e[0] = sl_expr_syscol_new(ar, SL_SYSCOL_ROWTIME);
    e[1] = sl_expr_syscol_new(ar, SL_SYSCOL_ROWPARTITION);
    e[2] = sl_expr_syscol_new(ar, SL_SYSCOL_ROWOFFSET);
    e[3] = sl_expr_syscol_new(ar, SL_SYSCOL_WINDOWSTART);
    ck_assert_ptr_null(sl_expr_compile_list(ar, (const sl_expr *const *)e, 4, &p));
    sl_row row = {.ts = 1234, .offset = -1, .partition = -1};
    sl_value out[4];
    sl_prog_eval_all(p, &row, ar, out, NULL);
    ck_assert_int_eq(out[0].u.i, 1234);
    ck_assert(out[1].null && out[2].null && out[3].null);
    row.partition = 3;
    row.offset = 99;
    row.flags = SL_ROW_WINDOWED;
    row.wstart = 1000;
    sl_prog_eval_all(p, &row, ar, out, NULL);
    ck_assert(out[1].u.i == 3 && out[2].u.i == 99 && out[3].u.i == 1000);
    ck_assert_int_eq(sl_prog_type(p, 1)->kind, SL_K_INT);
    sl_prog_free(p);
}
END_TEST

static sl_value MAPN(int n, const sl_value *k, const sl_value *v)
{
    sl_map *m = sl_map_new(ar, (uint32_t)n);
    memcpy(m->k, k, sizeof *k * (size_t)n);
    memcpy(m->v, v, sizeof *v * (size_t)n);
    return sl_value_map(m);
}

START_TEST(test_expr_lambdas_over_arrays_and_maps)
{
    sl_value strs[3] = {S("check"), N(), S("null")}, nums[4] = {I(3), I(6), I(2), I(10)};
    sl_value nums2[2] = {I(5), N()}, mk[3] = {S("123"), S("12"), S("1234")};
    sl_value mv[3] = {I(3), I(7), I(2)}, nk[3] = {S("1"), S("ttttt"), S("")};
    sl_value nv[3] = {I(1), N(), I(3)};
    col("VALUE", "ARRAY<STRING>", ARR(3, strs));
    col("NUMS", "ARRAY<INT>", ARR(4, nums));
    col("NUMS2", "ARRAY<INT>", ARR(2, nums2));
    col("NONE", "ARRAY<INT>", N());
    col("STATE", "BIGINT", N());
    col("M", "MAP<STRING, INT>", MAPN(3, mk, mv));
    col("MN", "MAP<STRING, INT>", MAPN(3, nk, nv));
    col("OFF", "INT", I(100));
    col("BIGS", "ARRAY<BIGINT>", ARR(4, nums));
    /* transform-array.json, filter.json, reduce-array.json, reduce-map.json */
    RUN("TRANSFORM(VALUE, x => x || '!')", "[check!, null, null!]");
    RUN("TRANSFORM(NUMS, x => CASE WHEN x > 5 THEN 'above' ELSE 'low' END)",
        "[low, above, low, above]");
    RUN("TRANSFORM(NONE, x => x + 1)", "NULL");
    RUN("FILTER(NUMS, x => x > 5)", "[6, 10]");
    RUN("FILTER(NUMS2, x => x > 5)", "[]");
    RUN("REDUCE(NUMS, 2, (s, x) => s + x)", "23");
    RUN("REDUCE(NUMS2, 2, (s, x) => s + x)", "NULL");
    ck_assert_str_eq(last_err, "Arithmetic on a NULL value: (s + x)");
    RUN("REDUCE(NONE, 2, (s, x) => s + x)", "2");
    RUN("REDUCE(NUMS, STATE, (s, x) => s + x)", "NULL");
    RUN("REDUCE(M, 0, (s, k, v) => CASE WHEN k LIKE '____%' THEN s + v ELSE s - v END)", "-8");
    RUN("REDUCE(MN, 0, (s, k, v) => s + v)", "NULL");
    /* transform-map.json: both functions; keys that collide fail the record */
    RUN("TRANSFORM(M, (k, v) => k || '_test', (k, v) => v + 1)",
        "{123_test=4, 12_test=8, 1234_test=3}");
    RUN("TRANSFORM(M, (k, v) => 'same', (k, v) => v)", "NULL");
    ck_assert_str_eq(last_err, "Duplicate key same");
    RUN("FILTER(M, (k, v) => v % 5 = 2)", "{12=7, 1234=2}");
    RUN("FILTER(MN, (k, v) => v % 5 = 0)", "NULL"); /* filter.json: a NULL value fails */
    /* nested lambdas see outer parameters and columns */
    RUN("TRANSFORM(NUMS, x => TRANSFORM(ARRAY[1, 2], y => x * y + OFF))",
        "[[103, 106], [106, 112], [102, 104], [110, 120]]");
    RUN("REDUCE(TRANSFORM(NUMS, x => x * 2), 0, (s, x) => s + x)", "42");
    RUN("REDUCE(FILTER(M, (k, v) => v > 2), '', (s, k, v) => s || k)", "12312");
    ck_assert_int_eq(strncmp(build_err("REDUCE(BIGS, 2, (s, x) => s + x)"),
                             "Function 'REDUCE' expects a lambda with 2 parameters", 52),
                     0);
}
END_TEST

START_TEST(test_expr_lambda_misuse_is_rejected)
{
    col("NUMS", "ARRAY<INT>", N());
    sl_expr *var = sl_expr_lambda_var_new(ar, "X", &sl_type_int), *lam = NULL, *call = NULL;
    const char *names[2] = {"X", "Y"};
    const sl_type *types[2] = {&sl_type_int, &sl_type_int};
    ck_assert_ptr_null(sl_expr_lambda_new(ar, 1, names, types, var, &lam));
    sl_prog *p = NULL;
    sl_error *err = sl_expr_compile(ar, lam, &p); /* a lambda must be a call argument */
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(err->msg, "A lambda can only be an argument of a function: (X) => X");
    sl_error_free(err);
    sl_expr *two = NULL, *args[2] = {sl_expr_col_new(ar, 0, "NUMS", cols[0].type), NULL};
    ck_assert_ptr_null(sl_expr_lambda_new(ar, 2, names, types, var, &two));
    args[1] = two;
    err = sl_expr_call_new(ar, "TRANSFORM", args, 2, &call); /* two parameters for one */
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(
        strncmp(err->msg, "Function 'TRANSFORM' expects a lambda with 1 parameter", 54), 0);
    sl_error_free(err);
    const char *dup[2] = {"X", "x"};
    err = sl_expr_lambda_new(ar, 2, dup, types, var, &two);
    ck_assert_str_eq(err->msg, "Lambda parameter 'x' is declared twice");
    sl_error_free(err);
    sl_expr *unbound = sl_expr_lambda_var_new(ar, "Q", &sl_type_int);
    ck_assert_ptr_null(sl_expr_lambda_new(ar, 1, names, types, unbound, &lam));
    args[1] = lam;
    ck_assert_ptr_null(sl_expr_call_new(ar, "TRANSFORM", args, 2, &call));
    err = sl_expr_compile(ar, call, &p);
    ck_assert_str_eq(err->msg, "Unknown lambda variable Q");
    sl_error_free(err);
}
END_TEST

START_TEST(test_expr_nesting_limit_and_bad_utf8)
{
    sl_expr *e = sl_expr_lit_bool(ar, true);
    for (int i = 0; i < 1500; i++)
        ck_assert_ptr_null(sl_expr_not_new(ar, e, &e));
    sl_prog *p = NULL;
    sl_error *err = sl_expr_compile(ar, e, &p);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->code, SL_E_LIMIT);
    ck_assert_str_eq(err->msg, "expression nested more than 1000 levels deep");
    sl_error_free(err);
    /* a generated chain (A = 0 OR A = 1 OR ...) is not nesting: it compiles at any length */
    col("A", "INT", I(19999));
    sl_expr *a = sl_expr_col_new(ar, 0, "A", &sl_type_int), *chain = NULL, *eq;
    for (int i = 0; i < 20000; i++) {
        ck_assert_ptr_null(sl_expr_cmp_new(ar, SL_CMP_EQ, a, sl_expr_lit_int(ar, i), &eq));
        if (!chain)
            chain = eq;
        else
            ck_assert_ptr_null(sl_expr_or_new(ar, chain, eq, &chain));
    }
    ck_assert_ptr_null(sl_expr_compile(ar, chain, &p));
    sl_row row = {.col = vals, .offset = -1, .partition = -1};
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 1);
    vals[0] = I(-1);
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 0);
    col("T", "STRING", S("a\xe3")); /* a character cut short */
    RUN("T LIKE 'a_'", "true");
    RUN("FALSE OR T LIKE 'a%' OR FALSE", "true");
    RUN("TRUE AND (FALSE OR TRUE) AND T = 'z'", "false");
    RUN("T LIKE '%_%_%_'", "false");
}
END_TEST

START_TEST(test_expr_type_errors_name_the_expression)
{
    sl_value none[1] = {N()};
    col("A", "INT", I(1));
    col("S", "STRING", S("x"));
    col("ARR", "ARRAY<INT>", N());
    col("M", "MAP<STRING, INT>", MAP1(N(), I(7)));
    col("ST", "STRUCT<F INT>", ST(1, none));
    ck_assert_str_eq(build_err("-S"),
                     "Error processing expression: -S. Unary minus needs a number, "
                     "not STRING.");
    ck_assert_str_eq(build_err("A || 'x'"), "Error processing expression: (A || 'x'). "
                                            "Concatenation needs STRING operands, not INTEGER and "
                                            "STRING.");
    ck_assert_str_eq(build_err("A LIKE 'x'"), "LIKE needs STRING operands: A (INTEGER) LIKE 'x' "
                                              "(STRING)");
    ck_assert_str_eq(build_err("ARR['a']"), "Array index must be INTEGER or BIGINT, not STRING: "
                                            "ARR['a']");
    ck_assert_str_eq(build_err("M[1]"), "Map key 1 (INTEGER) does not match the key type of M "
                                        "(MAP<STRING, INTEGER>)");
    ck_assert_str_eq(build_err("A->F"), "Expected STRUCT type, got: INTEGER");
    ck_assert_str_eq(build_err("A[1]"), "Subscript expression (A[1]) do not apply to INTEGER.");
    ck_assert_str_eq(build_err("NOT S"), "NOT requires BOOLEAN operands, but S is STRING.");
    ck_assert_str_eq(build_err("STRUCT(F := NULL)"),
                     "Can't infer a type of null. Please explicitly cast it to a required type, "
                     "e.g. CAST(null AS VARCHAR).");
    RUN("M[NULL]", "7"); /* a NULL key is a key like any other, as in Java's HashMap */
    RUN("CASE CAST(NULL AS INT) WHEN 1 THEN 'one' ELSE 'other' END", "other");
    RUN("ST IS DISTINCT FROM STRUCT(F := CAST(NULL AS INT))", "false");
}
END_TEST

static int count_op(const sl_prog *p, int op)
{
    int n = 0;
    for (uint32_t i = 0; i < p->nsteps; i++)
        n += p->steps[i].op == op;
    return n;
}

static sl_prog *compile(const char *sql)
{
    sl_prog *p = NULL;
    sl_error *err = sl_expr_compile(ar, parse(sql), &p);
    ck_assert_msg(!err, "%s: %s", sql, err ? err->msg : "");
    return p;
}

START_TEST(test_expr_constant_folding)
{
    col("A", "INT", I(5));
    sl_row row = {.col = vals, .offset = -1, .partition = -1};
    sl_prog *p = compile("1 + 2 * 3");
    ck_assert_uint_eq(p->nsteps, 1); /* only OP_END: the value is a register filled once */
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 7);
    p = compile("COALESCE(NULL, 5) + A");
    ck_assert_int_eq(count_op(p, OP_CALL), 0);
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 10);
    p = compile("FALSE AND A > 1");
    ck_assert_uint_eq(p->nsteps, 1);
    p = compile("TRUE AND A > 1");
    ck_assert_int_eq(count_op(p, OP_AND), 0);
    p = compile("CAST('12' AS INT) + A");
    ck_assert_int_eq(count_op(p, OP_CAST), 0);
    p = compile("ARRAY[1, 2][2] + MAP('a' := 1)['a'] + STRUCT(F := 3)->F");
    ck_assert_uint_eq(p->nsteps, 1);
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 6);
    p = compile("CASE WHEN FALSE THEN 1 WHEN A > 0 THEN 2 WHEN TRUE THEN 3 ELSE 4 END");
    ck_assert_int_eq(count_op(p, OP_JUMP_UNLESS), 1); /* the constant WHENs are gone */
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 2);
    vals[0] = I(-1);
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 3);
    vals[0] = I(5);
    p = compile("CASE WHEN CAST(NULL AS BOOLEAN) THEN 1 WHEN 1 = 2 THEN 2 ELSE A END");
    ck_assert_int_eq(count_op(p, OP_JUMP_UNLESS), 0);
    ck_assert_int_eq(sl_prog_eval(p, &row, ar, NULL).u.i, 5);
    p = compile("CASE WHEN 1 = 2 THEN A END");
    ck_assert_uint_eq(p->nsteps, 1);
    ck_assert(sl_prog_eval(p, &row, ar, NULL).null);
    p = compile("1 / 0"); /* fails when folded: left for each record to report */
    ck_assert_int_eq(count_op(p, OP_ARITH_I32), 1);
    sl_error *err = NULL;
    ck_assert(sl_prog_eval(p, &row, ar, &err).null);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    p = compile("TRANSFORM(ARRAY[1, 2], x => x + (1 + 1))");
    ck_assert_int_eq(count_op(p, OP_ARITH_I32), 1); /* the body's constant part is folded */
    /* a non-deterministic call is never constant */
    sl_fn_sig sig = {.params = "", .ret = "DOUBLE", .flags = SL_FN_NONDETERMINISTIC};
    sl_fn_def def = {.name = "RANDOM", .kind = SL_FN_SCALAR, .sigs = &sig, .nsigs = 1};
    sl_fn_call call = {.def = &def, .sig = &sig, .ret_type = &sl_type_double};
    sl_expr *rnd = sl_expr_node_new(ar, SL_EX_CALL, &sl_type_double, 0);
    rnd->call = &call;
    ck_assert(!sl_expr_is_constant(rnd));
    ck_assert(sl_expr_is_constant(parse("1 + 2")));
    ck_assert(!sl_expr_is_constant(parse("A + 2")));
}
END_TEST

typedef struct errs {
    int n;
    uint32_t rows[8];
    char msgs[8][128];
} errs;

static void collect(void *ctx, uint32_t row, sl_error *err)
{
    errs *e = ctx;
    if (e->n < 8) {
        e->rows[e->n] = row;
        snprintf(e->msgs[e->n++], sizeof e->msgs[0], "%s", err->msg);
    }
    sl_error_free(err);
}

START_TEST(test_expr_batches_and_record_errors)
{
    col("A", "INT", N());
    col("B", "INT", N());
    sl_batch *in = sl_batch_new(2), *out = sl_batch_new(3);
    int64_t a[3] = {1, 2, 0}, bv[3] = {1, 0, 5};
    for (int i = 0; i < 3; i++) {
        sl_row *r = sl_batch_add(in);
        r->col[0] = i == 2 ? N() : I(a[i]);
        r->col[1] = I(bv[i]);
        r->ts = 100 + i;
    }
    const sl_expr *list[3] = {parse("A + B"), parse("A / B"), parse("B * 10")};
    sl_prog *p = NULL;
    ck_assert_ptr_null(sl_expr_compile_list(ar, list, 3, &p));
    errs e = {0};
    sl_prog_project(p, in, NULL, 0, out, collect, &e);
    ck_assert_uint_eq(out->n, 3);
    const char *want[3][3] = {{"2", "1", "10"}, {"2", "NULL", "0"}, {"NULL", "NULL", "50"}};
    for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++)
            ck_assert_str_eq(printed(&sl_type_int, out->rows[r].col[c]), want[r][c]);
        ck_assert_int_eq(out->rows[r].ts, 100 + r);
    }
    ck_assert_int_eq(e.n, 2); /* the first error of each failing row */
    ck_assert(e.rows[0] == 1 && e.rows[1] == 2);
    ck_assert_str_eq(e.msgs[0], "/ by zero: (A / B)");
    ck_assert_str_eq(e.msgs[1], "Arithmetic on a NULL value: (A + B)");
    sl_prog *f = compile("A > 1 OR B = 5");
    uint32_t sel[3];
    ck_assert_uint_eq(sl_prog_select(f, in, sel, NULL, NULL), 2);
    ck_assert(sel[0] == 1 && sel[1] == 2);
    errs fe = {0};
    sl_prog *g = compile("A / B >= 1"); /* row 1 divides by zero, row 2 has a NULL */
    ck_assert_uint_eq(sl_prog_select(g, in, sel, collect, &fe), 1);
    ck_assert_uint_eq(sel[0], 0);
    ck_assert_int_eq(fe.n, 2);
    ck_assert(fe.rows[0] == 1 && fe.rows[1] == 2);
    sl_batch_reset(out);
    sl_prog_project(p, in, sel, 2, out, NULL, NULL);
    ck_assert_uint_eq(out->n, 2);
    ck_assert_int_eq(out->rows[1].col[2].u.i, 50);
    sl_prog_free(p);
    sl_batch_free(in);
    sl_batch_free(out);
}
END_TEST

START_TEST(test_expr_printing_like_ksqldb)
{
    sl_value none[1] = {N()};
    col("A", "INT", N());
    col("S", "STRING", N());
    col("ARR", "ARRAY<INT>", N());
    col("M", "MAP<STRING, INT>", N());
    col("ST", "STRUCT<F INT>", ST(1, none));
    static const char *const cases[][2] = {
        {"A + 1", "(A + 1)"},
        {"-A", "-A"},
        {"CAST(A AS STRING)", "CAST(A AS STRING)"},
        {"A + 1.5e0", "(A + 1.5)"},
        {"A BETWEEN 1 AND 2", "(A BETWEEN 1 AND 2)"},
        {"A NOT IN (1, 2)", "(A NOT IN (1, 2))"},
        {"S LIKE 'x%' ESCAPE '!'", "(S LIKE 'x%' ESCAPE '!')"},
        {"A IS NOT NULL", "(A IS NOT NULL)"},
        {"A IS DISTINCT FROM 1", "(A IS DISTINCT FROM 1)"},
        {"NOT A = 1", "(NOT (A = 1))"},
        {"CASE WHEN A = 1 THEN 'a' ELSE 'b' END", "(CASE WHEN (A = 1) THEN 'a' ELSE 'b' END)"},
        {"CASE A WHEN 1 THEN 'a' END", "(CASE A WHEN 1 THEN 'a' END)"},
        {"ARRAY[1, 2]", "ARRAY[1, 2]"},
        {"MAP('a' := 1, 'b' := 2)", "MAP('a':=1, 'b':=2)"},
        {"STRUCT(F := 1)", "STRUCT(F:=1)"},
        {"TRANSFORM(ARR, x => x + 1)", "TRANSFORM(ARR, (x) => (x + 1))"},
        {"M['k']", "M['k']"},
        {"ST->F", "ST->F"},
        {"'it''s' || S", "('it''s' || S)"},
        {"A > 1 AND S = 'x' OR A < 0", "(((A > 1) AND (S = 'x')) OR (A < 0))"},
        {"ROWTIME + 1", "(ROWTIME + 1)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sl_buf b = SL_BUF_INIT;
        sl_expr_print(&b, parse(cases[i][0]));
        ck_assert_str_eq(sl_buf_cstr(&b), cases[i][1]);
        sl_buf_free(&b);
    }
}
END_TEST

static Suite *expr_suite(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_expr_integer_arithmetic_is_java);
    tcase_add_test(tc, test_expr_division_by_zero_is_a_record_error);
    tcase_add_test(tc, test_expr_null_operands_of_arithmetic);
    tcase_add_test(tc, test_expr_decimal_arithmetic_from_decimal_json);
    tcase_add_test(tc, test_expr_string_plus_and_concat);
    tcase_add_test(tc, test_expr_comparisons_across_types);
    tcase_add_test(tc, test_expr_composite_equality);
    tcase_add_test(tc, test_expr_comparison_errors_read_as_ksqldb);
    tcase_add_test(tc, test_expr_temporal_comparisons_parse_strings);
    tcase_add_test(tc, test_expr_three_valued_logic);
    tcase_add_test(tc, test_expr_between);
    tcase_add_test(tc, test_expr_in_lists_from_in_json);
    tcase_add_test(tc, test_expr_in_with_constructors);
    tcase_add_test(tc, test_expr_like_patterns);
    tcase_add_test(tc, test_expr_case_searched_and_simple);
    tcase_add_test(tc, test_expr_casts_and_their_boundary);
    tcase_add_test(tc, test_expr_subscripts_and_fields);
    tcase_add_test(tc, test_expr_constructors_from_create_json);
    tcase_add_test(tc, test_expr_null_functions_from_null_json);
    tcase_add_test(tc, test_expr_system_columns);
    tcase_add_test(tc, test_expr_lambdas_over_arrays_and_maps);
    tcase_add_test(tc, test_expr_lambda_misuse_is_rejected);
    tcase_add_test(tc, test_expr_nesting_limit_and_bad_utf8);
    tcase_add_test(tc, test_expr_type_errors_name_the_expression);
    tcase_add_test(tc, test_expr_constant_folding);
    tcase_add_test(tc, test_expr_batches_and_record_errors);
    tcase_add_test(tc, test_expr_printing_like_ksqldb);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(expr_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
