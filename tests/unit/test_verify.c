/*
 * test_verify.c - the parts of `sluice verify` that need no engine: cells and their
 * equality (tolerance, NULL, NaN, numeric text, JSON text), the comparer (matching,
 * mismatched, missing on each side, repeated keys, columns on one side), the CSV reader
 * (quoting) and the input loaders (JSON lines, CSV, event times, errors naming file:line).
 */
#include "cli/verify.h"
#include "common/mem.h"

#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- cells and rows --------------------------------------------------------------------- */

static sl_vcell I(int64_t i)
{
    sl_vcell c = {.kind = SL_VCELL_INT};
    c.u.i = i;
    return c;
}

static sl_vcell R(double d)
{
    sl_vcell c = {.kind = SL_VCELL_REAL};
    c.u.d = d;
    return c;
}

static sl_vcell T(const char *s)
{
    sl_vcell c = {.kind = SL_VCELL_TEXT, .len = (uint32_t)strlen(s)};
    c.u.s = s;
    return c;
}

static const sl_vcell N = {.kind = SL_VCELL_NULL};

static void add_row(sl_vrows *r, const sl_vcell *cells)
{
    sl_vcell *row = sl_verify_rows_add(r);
    memcpy(row, cells, r->ncols * sizeof *row);
}

#define ROW(r, ...) add_row((r), (sl_vcell[]){__VA_ARGS__})

static sl_vrows *two_cols(const char *a, const char *b)
{
    const char *names[] = {a, b};
    return sl_verify_rows_new(names, 2);
}

static bool eq(sl_vcell a, sl_vcell b, double tol)
{
    bool numeric;
    double abs, rel;
    return sl_verify_cell_eq(&a, &b, tol, &numeric, &abs, &rel);
}

static const char *const id_key[] = {"ID"};

static sl_verify_cmp_opts by_id(double tol, uint32_t sample)
{
    return (sl_verify_cmp_opts){id_key, 1, tol, sample};
}

START_TEST(test_verify_compare_matching)
{
    sl_vrows *s = two_cols("ID", "AMOUNT"), *b = two_cols("id", "amount");
    ROW(s, I(1), R(1.5));
    ROW(s, I(2), R(2.5));
    ROW(b, T("2.5") /* wrong kind of key: not the same key */, R(9));
    ROW(b, R(2.0), T("2.5")); /* an integral real is the same key; numeric text is its number */
    ROW(b, I(1), R(1.5));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 10);
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.matching, 2);
    ck_assert_uint_eq(c.mismatched, 0);
    ck_assert_uint_eq(c.missing_stream, 1);
    ck_assert_uint_eq(c.missing_batch, 0);
    ck_assert_uint_eq(c.keys, 3);
    ck_assert_uint_eq(c.ncols, 2);
    ck_assert_uint_eq(c.nkeys, 1);
    ck_assert_str_eq(c.cols[1].name, "AMOUNT");
    ck_assert(c.cols[1].numeric);
    ck_assert_uint_eq(c.nonly_stream + c.nonly_batch, 0);
    sl_verify_cmp_fini(&c);
    sl_verify_rows_free(s);
    sl_verify_rows_free(b);
}
END_TEST

START_TEST(test_verify_compare_mismatched)
{
    sl_vrows *s = two_cols("ID", "AMOUNT"), *b = two_cols("ID", "AMOUNT");
    ROW(s, I(1), R(1.5));
    ROW(s, I(2), R(2.5));
    ROW(b, I(1), R(1.5));
    ROW(b, I(2), R(2.0));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 10);
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.matching, 1);
    ck_assert_uint_eq(c.mismatched, 1);
    ck_assert_uint_eq(c.cols[1].mismatched, 1);
    ck_assert_double_eq_tol(c.cols[1].max_abs, 0.5, 1e-12);
    ck_assert_double_eq_tol(c.cols[1].max_rel, 0.2, 1e-12);
    ck_assert_double_eq_tol(c.rate, 0.5, 1e-12);
    ck_assert_uint_eq(c.nsamples, 1);
    ck_assert_int_eq(c.samples[0].kind, SL_VDIFF_MISMATCH);
    ck_assert_uint_eq(c.samples[0].srow, 1);
    ck_assert_uint_eq(c.samples[0].brow, 1);
    sl_verify_cmp_fini(&c);
    sl_verify_rows_free(s);
    sl_verify_rows_free(b);
}
END_TEST

START_TEST(test_verify_compare_missing_each_side)
{
    sl_vrows *s = two_cols("ID", "NAME"), *b = two_cols("ID", "NAME");
    ROW(s, I(3), T("c"));
    ROW(s, I(1), T("a"));
    ROW(s, I(2), T("b"));
    ROW(b, I(4), T("d"));
    ROW(b, I(2), T("b"));
    ROW(b, I(3), T("c"));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 10);
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.stream_rows, 3);
    ck_assert_uint_eq(c.batch_rows, 3);
    ck_assert_uint_eq(c.matching, 2);
    ck_assert_uint_eq(c.missing_batch, 1);
    ck_assert_uint_eq(c.missing_stream, 1);
    ck_assert_uint_eq(c.keys, 4);
    ck_assert_double_eq_tol(c.rate, 0.5, 1e-12);
    ck_assert(!c.cols[1].numeric);
    /* differences in key order: 1 (only in the stream), then 4 (only in the batch) */
    ck_assert_uint_eq(c.nsamples, 2);
    ck_assert_int_eq(c.samples[0].kind, SL_VDIFF_MISSING_BATCH);
    ck_assert_uint_eq(c.samples[0].srow, 1);
    ck_assert_uint_eq(c.samples[0].brow, SIZE_MAX);
    ck_assert_int_eq(c.samples[1].kind, SL_VDIFF_MISSING_STREAM);
    ck_assert_uint_eq(c.samples[1].brow, 0);
    sl_verify_cmp_fini(&c);
    sl_verify_rows_free(s);
    sl_verify_rows_free(b);
}
END_TEST

START_TEST(test_verify_compare_tolerance)
{
    /* reals within tol * max(1, |a|, |b|) */
    ck_assert(!eq(R(100), R(100.0005), 1e-6));
    ck_assert(eq(R(100), R(100.00005), 1e-6));
    ck_assert(eq(R(100), R(100.0005), 1e-5));
    ck_assert(eq(R(1e-7), R(0), 1e-6)); /* absolute below 1 */
    ck_assert(!eq(R(1e-5), R(0), 1e-6));
    ck_assert(eq(R(0.1 + 0.2), R(0.3), 1e-6));
    /* two integers must be equal, however large */
    ck_assert(!eq(I(1000001), I(1000000), 1e-3));
    ck_assert(eq(I(1000000), R(1000000.5), 1e-6));
    ck_assert(eq(R(INFINITY), R(INFINITY), 1e-6));
    ck_assert(!eq(R(INFINITY), R(-INFINITY), 1e-6));
    /* the comparer uses the tolerance it is given */
    sl_vrows *s = two_cols("ID", "V"), *b = two_cols("ID", "V");
    ROW(s, I(1), R(10.0));
    ROW(b, I(1), R(10.01));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 10);
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.mismatched, 1);
    sl_verify_cmp_fini(&c);
    o.tolerance = 1e-2;
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.matching, 1);
    ck_assert_double_eq_tol(c.cols[1].max_abs, 0.01, 1e-9);
    sl_verify_cmp_fini(&c);
    sl_verify_rows_free(s);
    sl_verify_rows_free(b);
}
END_TEST

START_TEST(test_verify_cell_nan_null)
{
    ck_assert(eq(N, N, 1e-6));
    ck_assert(eq(R(NAN), N, 1e-6)); /* SQLite stores NaN as NULL */
    ck_assert(eq(N, R(NAN), 1e-6));
    ck_assert(eq(R(NAN), R(NAN), 1e-6));
    ck_assert(!eq(R(NAN), R(1), 1e-6));
    ck_assert(!eq(N, I(0), 1e-6));
    ck_assert(!eq(N, T(""), 1e-6));
    ck_assert(!eq(T("NaN"), R(NAN), 1e-6)); /* text is not NaN */
    bool numeric;
    double abs, rel;
    sl_vcell a = R(NAN), b = R(2);
    ck_assert(!sl_verify_cell_eq(&a, &b, 1e-6, &numeric, &abs, &rel));
    ck_assert(numeric);
    ck_assert(isinf(abs));
    /* NULLs compare equal in the comparer too, and a NaN matches SQLite's NULL */
    sl_vrows *s = two_cols("ID", "V"), *r = two_cols("ID", "V");
    ROW(s, I(1), N);
    ROW(s, I(2), R(NAN));
    ROW(s, I(3), N);
    ROW(r, I(1), N);
    ROW(r, I(2), N);
    ROW(r, I(3), R(0));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 10);
    ck_assert_ptr_null(sl_verify_compare(s, r, &o, &c));
    ck_assert_uint_eq(c.matching, 2);
    ck_assert_uint_eq(c.mismatched, 1);
    sl_verify_cmp_fini(&c);
    sl_verify_rows_free(s);
    sl_verify_rows_free(r);
}
END_TEST

START_TEST(test_verify_cell_text)
{
    ck_assert(eq(T("a"), T("a"), 1e-6));
    ck_assert(!eq(T("a"), T("A"), 1e-6));
    ck_assert(eq(T("12"), I(12), 1e-6));
    ck_assert(eq(R(1.5), T("1.50"), 1e-6));
    ck_assert(!eq(T("x12"), I(12), 1e-6));
    ck_assert(!eq(T("12"), T("12.0"), 1e-6)); /* text against text is text */
    ck_assert(eq(T("{\"A\":1,\"B\":[1,2]}"), T("{\"B\": [1, 2], \"A\": 1}"), 1e-6));
    ck_assert(!eq(T("[1,2]"), T("[2,1]"), 1e-6));
    sl_buf b = SL_BUF_INIT;
    sl_vcell q = T("it's");
    sl_verify_cell_print(&b, &q);
    sl_buf_puts(&b, " ");
    sl_vcell r = R(0.1);
    sl_verify_cell_print(&b, &r);
    sl_buf_puts(&b, " ");
    sl_verify_cell_print(&b, &N);
    ck_assert_str_eq(sl_buf_cstr(&b), "'it''s' 0.1 NULL");
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_verify_cell_of_values)
{
    sl_arena *ar = sl_arena_new(0);
    sl_vcell c = sl_verify_cell_of(ar, sl_type_decimal(ar, 6, 2), sl_value_decimal(ar, 1234));
    ck_assert_int_eq(c.kind, SL_VCELL_REAL);
    ck_assert_double_eq(c.u.d, 12.34);
    c = sl_verify_cell_of(ar, &sl_type_boolean, sl_value_bool(true));
    ck_assert_int_eq(c.kind, SL_VCELL_INT);
    ck_assert_int_eq(c.u.i, 1);
    c = sl_verify_cell_of(ar, &sl_type_timestamp, sl_value_int(1709251200000));
    ck_assert_int_eq(c.u.i, 1709251200000);
    c = sl_verify_cell_of(ar, &sl_type_bytes, sl_value_str("hi", 2));
    ck_assert_int_eq(c.kind, SL_VCELL_TEXT);
    ck_assert_int_eq(c.len, 4);
    ck_assert(memcmp(c.u.s, "aGk=", 4) == 0);
    sl_array *a = sl_array_new(ar, 2);
    a->v[0] = sl_value_int(1);
    a->v[1] = sl_value_null();
    c = sl_verify_cell_of(ar, sl_type_array(ar, &sl_type_int), sl_value_array(a));
    ck_assert_int_eq(c.kind, SL_VCELL_TEXT);
    ck_assert(c.len == 8 && memcmp(c.u.s, "[1,null]", 8) == 0);
    c = sl_verify_cell_of(ar, &sl_type_string, sl_value_null());
    ck_assert_int_eq(c.kind, SL_VCELL_NULL);
    sl_arena_free(ar);
}
END_TEST

START_TEST(test_verify_compare_repeated_keys)
{
    sl_vrows *s = two_cols("ID", "V"), *b = two_cols("ID", "V");
    ROW(s, I(2), R(5));
    ROW(b, I(2), R(7));
    ROW(b, I(2), R(5));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 10);
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.dup_batch, 1);
    ck_assert_uint_eq(c.dup_stream, 0);
    ck_assert_uint_eq(c.matching, 1); /* the repeats pair up in order of their values */
    ck_assert_uint_eq(c.missing_stream, 1);
    ck_assert_uint_eq(c.samples[0].brow, 0);
    sl_verify_cmp_fini(&c);
    sl_verify_rows_free(s);
    sl_verify_rows_free(b);
}
END_TEST

START_TEST(test_verify_compare_columns)
{
    const char *sn[] = {"ID", "WINDOWEND", "V"}, *bn[] = {"v", "EXTRA", "id"};
    sl_vrows *s = sl_verify_rows_new(sn, 3), *b = sl_verify_rows_new(bn, 3);
    ROW(s, I(1), I(99), T("x"));
    ROW(b, T("x"), T("whatever"), I(1));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 10);
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.matching, 1);
    ck_assert_uint_eq(c.ncols, 2);
    ck_assert_uint_eq(c.nonly_stream, 1);
    ck_assert_str_eq(c.only_stream[0], "WINDOWEND");
    ck_assert_uint_eq(c.nonly_batch, 1);
    ck_assert_str_eq(c.only_batch[0], "EXTRA");
    sl_verify_cmp_fini(&c);
    /* no key given: every shared column is the key */
    o.keys = NULL;
    o.nkeys = 0;
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.nkeys, 2);
    ck_assert_uint_eq(c.matching, 1);
    sl_verify_cmp_fini(&c);
    /* a key column one side lacks is an error, with a hint */
    const char *const nope[] = {"EXTRA"};
    o.keys = nope;
    o.nkeys = 1;
    sl_error *err = sl_verify_compare(s, b, &o, &c);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->code, SL_E_BAD_REQUEST);
    ck_assert_str_eq(err->msg, "key column EXTRA is not in the streaming result");
    sl_error_free(err);
    sl_verify_rows_free(s);
    sl_verify_rows_free(b);
}
END_TEST

START_TEST(test_verify_compare_sample_limit)
{
    sl_vrows *s = two_cols("ID", "V"), *b = two_cols("ID", "V");
    for (int i = 0; i < 5; i++)
        ROW(s, I(i), I(i));
    sl_verify_cmp c;
    sl_verify_cmp_opts o = by_id(1e-6, 2);
    ck_assert_ptr_null(sl_verify_compare(s, b, &o, &c));
    ck_assert_uint_eq(c.missing_batch, 5);
    ck_assert_uint_eq(c.nsamples, 2);
    ck_assert_double_eq(c.rate, 1.0);
    json_t *j = sl_verify_report_json(&(sl_verify_info){"T", true, false, 1e-6, 0.01, false}, &c);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "missing_in_batch")), 5);
    ck_assert_int_eq(json_array_size(json_object_get(j, "sample")), 2);
    ck_assert(json_is_false(json_object_get(j, "pass")));
    json_decref(j);
    sl_verify_cmp_fini(&c);
    /* both sides empty: nothing differs */
    sl_vrows *e = two_cols("ID", "V");
    ck_assert_ptr_null(sl_verify_compare(e, b, &o, &c));
    ck_assert_uint_eq(c.keys, 0);
    ck_assert_double_eq(c.rate, 0);
    sl_verify_cmp_fini(&c);
    sl_verify_rows_free(e);
    sl_verify_rows_free(s);
    sl_verify_rows_free(b);
}
END_TEST

/* --- CSV -------------------------------------------------------------------------------- */

static void expect_fields(sl_verify_csv *c, sl_arena *ar, uint32_t line, uint32_t n, ...)
{
    sl_verify_csv_field *f;
    uint32_t got, at;
    ck_assert_ptr_null(sl_verify_csv_next(c, ar, &f, &got, &at));
    ck_assert_uint_eq(got, n);
    ck_assert_uint_eq(at, line);
    va_list ap;
    va_start(ap, n);
    for (uint32_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        int quoted = va_arg(ap, int);
        ck_assert_str_eq(f[i].s, want);
        ck_assert_uint_eq(f[i].len, strlen(want));
        ck_assert_int_eq(f[i].quoted, quoted);
    }
    va_end(ap);
}

START_TEST(test_verify_csv_quoting)
{
    const char *text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,,\"\"\n"
                       "3,\"multi\nline\",z\nlast,\"\",";
    sl_arena *ar = sl_arena_new(0);
    sl_verify_csv c;
    sl_verify_csv_init(&c, text, strlen(text));
    expect_fields(&c, ar, 1, 3, "a", 0, "b", 0, "c", 0);
    expect_fields(&c, ar, 2, 3, "1", 0, "x, y", 1, "say \"hi\"", 1);
    expect_fields(&c, ar, 4, 3, "2", 0, "", 0, "", 1); /* blank line 3 skipped */
    expect_fields(&c, ar, 5, 3, "3", 0, "multi\nline", 1, "z", 0);
    expect_fields(&c, ar, 7, 3, "last", 0, "", 1, "", 0); /* a trailing ',' ends in "" */
    sl_verify_csv_field *f;
    uint32_t n = 9, line;
    ck_assert_ptr_null(sl_verify_csv_next(&c, ar, &f, &n, &line));
    ck_assert_uint_eq(n, 0);
    sl_arena_free(ar);
}
END_TEST

START_TEST(test_verify_csv_errors)
{
    sl_arena *ar = sl_arena_new(0);
    sl_verify_csv c;
    sl_verify_csv_field *f;
    uint32_t n, line;
    const char *open = "a,b\n1,\"never\nclosed\n";
    sl_verify_csv_init(&c, open, strlen(open));
    ck_assert_ptr_null(sl_verify_csv_next(&c, ar, &f, &n, &line));
    sl_error *err = sl_verify_csv_next(&c, ar, &f, &n, &line);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->line, 2);
    ck_assert_str_eq(err->msg, "a quoted field is never closed");
    sl_error_free(err);
    const char *after = "a,\"b\"c\n";
    sl_verify_csv_init(&c, after, strlen(after));
    err = sl_verify_csv_next(&c, ar, &f, &n, &line);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->line, 1);
    ck_assert_str_eq(err->msg, "unexpected text after a closing quote");
    sl_error_free(err);
    const char nul[] = "a,b\nc,d\0e\n";
    sl_verify_csv_init(&c, nul, sizeof nul - 1);
    ck_assert_ptr_null(sl_verify_csv_next(&c, ar, &f, &n, &line));
    err = sl_verify_csv_next(&c, ar, &f, &n, &line);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->line, 2);
    ck_assert_str_eq(err->msg, "a field holds a NUL byte");
    sl_error_free(err);
    sl_arena_free(ar);
}
END_TEST

/* --- loaders ---------------------------------------------------------------------------- */

static char *write_tmp(const char *suffix, const char *text)
{
    char *path = sl_malloc(64);
    snprintf(path, 64, "/tmp/sl-verify-test-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* ORDERS (ID INT KEY, PRODUCT STRING, QTY INT, TS <ts_type>) [WITH TIMESTAMP='TS'] */
static sl_source *orders(bool ts_col, const sl_type *ts_type)
{
    sl_source *src = sl_source_new("ORDERS", false);
    src->cols = SL_ARENA_ARRAY(src->ar, sl_column, 4);
    src->cols[0] = (sl_column){"ID", &sl_type_int, SL_COLROLE_KEY, NULL};
    src->cols[1] = (sl_column){"PRODUCT", &sl_type_string, SL_COLROLE_VALUE, NULL};
    src->cols[2] = (sl_column){"QTY", &sl_type_int, SL_COLROLE_VALUE, NULL};
    src->cols[3] = (sl_column){"TS", ts_type, SL_COLROLE_VALUE, NULL};
    src->ncols = 4;
    src->nkey = 1;
    src->ts_col = ts_col ? "TS" : NULL;
    return src;
}

/* Loads text (a file with suffix) into d for src; returns the error, if any. */
static sl_error *load(sl_verify_data *d, sl_source *src, const char *suffix, const char *text,
                      const char *ts_col, char **path)
{
    *path = write_tmp(suffix, text);
    sl_verify_data_init(d, src);
    sl_error *err = sl_verify_load(d, *path, 0, ts_col);
    unlink(*path);
    return err;
}

static void done(sl_verify_data *d, sl_source *src, char *path)
{
    sl_verify_data_fini(d);
    sl_source_free(src);
    free(path);
}

/* err's message starts with "<path>:<line>: " and goes on with rest. */
static void expect_error_at(sl_error *err, const char *path, int line, const char *rest)
{
    ck_assert_ptr_nonnull(err);
    char want[512];
    snprintf(want, sizeof want, "%s:%d: %s", path, line, rest);
    ck_assert_str_eq(err->msg, want);
    sl_error_free(err);
}

/* Loading text into src must fail with "<file>:<line>: <rest>"; frees src. */
static void expect_load_error(sl_source *src, const char *suffix, const char *text,
                              const char *ts_col, int line, const char *rest)
{
    sl_verify_data d;
    char *path;
    sl_error *err = load(&d, src, suffix, text, ts_col, &path);
    expect_error_at(err, path, line, rest);
    done(&d, src, path);
}

START_TEST(test_verify_load_json_lines)
{
    sl_source *src = orders(true, &sl_type_bigint);
    sl_verify_data d;
    char *path;
    const char *text = "{\"id\": 1, \"Product\": \"apple\", \"QTY\": \"2\", \"ts\": 100}\n"
                       "   \n"
                       "{\"id\": 2, \"product\": \"pear\", \"ts\": 50, \"unknown\": [1]}";
    ck_assert_ptr_null(load(&d, src, ".jsonl", text, NULL, &path));
    ck_assert_uint_eq(d.n, 2);
    ck_assert_int_eq(d.recs[0].cols[0].u.i, 1);
    ck_assert(d.recs[0].cols[1].len == 5 && memcmp(d.recs[0].cols[1].u.s, "apple", 5) == 0);
    ck_assert_int_eq(d.recs[0].cols[2].u.i, 2);
    ck_assert_int_eq(d.recs[0].ts, 100);
    ck_assert_uint_eq(d.recs[0].line, 1);
    ck_assert_uint_eq(d.recs[1].line, 3);
    ck_assert_int_eq(d.recs[1].ts, 50);
    ck_assert(d.recs[1].cols[2].null); /* missing field: NULL */
    done(&d, src, path);
}
END_TEST

START_TEST(test_verify_load_json_bad_lines)
{
    sl_source *src = orders(true, &sl_type_bigint);
    sl_verify_data d;
    char *path;
    sl_error *err = load(&d, src, ".jsonl", "{\"id\": 1, \"ts\": 1}\n{\"id\": \"x\", \"ts\": 2}\n",
                         NULL, &path);
    ck_assert_ptr_nonnull(err);
    char want[128];
    snprintf(want, sizeof want, "%s:2: Failed to deserialize value.", path);
    ck_assert_ptr_eq(strstr(err->msg, want), err->msg);
    ck_assert_ptr_nonnull(strstr(err->msg, "$.ID"));
    sl_error_free(err);
    done(&d, src, path);

    src = orders(true, &sl_type_bigint);
    err = load(&d, src, ".jsonl", "{\"id\": 1, \"ts\": 1}\n{\"id\": 2,\n", NULL, &path);
    ck_assert_ptr_nonnull(err);
    snprintf(want, sizeof want, "%s:2: ", path);
    ck_assert_ptr_eq(strstr(err->msg, want), err->msg);
    sl_error_free(err);
    done(&d, src, path);

    expect_load_error(orders(true, &sl_type_bigint), ".jsonl", "{\"ts\": null, \"x\": 1}\n", NULL,
                      1, "no field has a value for a column of ORDERS (ID, PRODUCT, QTY, TS)");
    expect_load_error(orders(true, &sl_type_bigint), ".jsonl", "null\n", NULL, 1,
                      "expected a JSON object, got null");

    expect_load_error(orders(true, &sl_type_bigint), ".jsonl", "{\"id\": 1}\n", NULL, 1,
                      "time column TS is null");
}
END_TEST

START_TEST(test_verify_load_csv)
{
    sl_source *src = orders(true, &sl_type_timestamp);
    sl_verify_data d;
    char *path;
    const char *text = "ts,ID,product,qty\n"
                       "2024-03-01T00:00:00Z,1,\"apple, red\",3\n"
                       "1709251200001,2,,\n"
                       "1709251200002,3,\"\",4\n";
    ck_assert_ptr_null(load(&d, src, ".csv", text, NULL, &path));
    ck_assert_uint_eq(d.n, 3);
    ck_assert_int_eq(d.recs[0].ts, 1709251200000);
    ck_assert_int_eq(d.recs[0].cols[3].u.i, 1709251200000);
    ck_assert(d.recs[0].cols[1].len == 10 && !memcmp(d.recs[0].cols[1].u.s, "apple, red", 10));
    ck_assert_int_eq(d.recs[1].ts, 1709251200001);
    ck_assert(d.recs[1].cols[1].null); /* unquoted empty: NULL */
    ck_assert(d.recs[1].cols[2].null);
    ck_assert(!d.recs[2].cols[1].null && d.recs[2].cols[1].len == 0); /* "": empty string */
    ck_assert_uint_eq(d.recs[2].line, 4);
    done(&d, src, path);
}
END_TEST

START_TEST(test_verify_load_csv_bad_lines)
{
    expect_load_error(orders(true, &sl_type_bigint), ".csv", "id,ts,qty\n1,10,2\n2,20,x\n", NULL, 3,
                      "column QTY: invalid input syntax for type INTEGER: \"x\"");
    expect_load_error(orders(true, &sl_type_bigint), ".csv", "id,ts,nope\n1,10,2\n", NULL, 1,
                      "column 'nope' is not a column of ORDERS");
    expect_load_error(orders(true, &sl_type_bigint), ".csv", "id,ts\n1,10\n\n2\n", NULL, 4,
                      "1 fields, but the header has 2");
    expect_load_error(orders(true, &sl_type_bigint), ".csv", "id,ts\n1,10\n2,\"20\n", NULL, 3,
                      "a quoted field is never closed");
    expect_load_error(orders(true, &sl_type_bigint), ".csv", "id,ts,ID\n", NULL, 1,
                      "column 'ID' appears twice");
}
END_TEST

START_TEST(test_verify_load_times)
{
    sl_verify_data d;
    char *path;
    /* no TIMESTAMP column: the --ts-column, a field the source does not have */
    sl_source *src = orders(false, &sl_type_bigint);
    ck_assert_ptr_null(load(
        &d, src, ".jsonl",
        "{\"id\": 1, \"at\": \"2024-03-01T00:00:01Z\"}\n{\"id\": 2, \"at\": 7}\n", "at", &path));
    ck_assert_int_eq(d.recs[0].ts, 1709251201000);
    ck_assert_int_eq(d.recs[1].ts, 7);
    done(&d, src, path);
    /* neither: the ordinal in the file */
    src = orders(false, &sl_type_bigint);
    ck_assert_ptr_null(load(&d, src, ".csv", "id\n5\n\n6\n", NULL, &path));
    ck_assert_int_eq(d.recs[0].ts, 1);
    ck_assert_int_eq(d.recs[1].ts, 2);
    done(&d, src, path);
    /* a STRING TIMESTAMP column with TIMESTAMP_FORMAT, read as the engine reads it */
    src = orders(true, &sl_type_string);
    src->ts_format = "yyyy-MM-dd HH:mm";
    ck_assert_ptr_null(
        load(&d, src, ".jsonl", "{\"id\": 1, \"ts\": \"2024-03-01 00:02\"}\n", NULL, &path));
    ck_assert_int_eq(d.recs[0].ts, 1709251320000);
    done(&d, src, path);
    src = orders(true, &sl_type_string);
    src->ts_format = "yyyy-MM-dd HH:mm";
    sl_error *err = load(&d, src, ".jsonl", "{\"id\": 1, \"ts\": \"yesterday\"}\n", NULL, &path);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err->msg, ":1: time column TS: "));
    sl_error_free(err);
    done(&d, src, path);
    /* a source with a TIMESTAMP column takes no --ts-column */
    src = orders(true, &sl_type_bigint);
    err = load(&d, src, ".jsonl", "{\"id\": 1, \"ts\": 3}\n", "at", &path);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err->msg, "TIMESTAMP='TS'"));
    sl_error_free(err);
    done(&d, src, path);
    /* negative times are refused */
    expect_load_error(orders(true, &sl_type_bigint), ".jsonl", "{\"id\": 1, \"ts\": -3}\n", NULL, 1,
                      "time column TS is negative");
}
END_TEST

START_TEST(test_verify_load_order)
{
    sl_source *a = orders(true, &sl_type_bigint), *b = orders(true, &sl_type_bigint);
    sl_verify_data d[2];
    char *pa = write_tmp(".jsonl", "{\"id\": 1, \"ts\": 20}\n{\"id\": 2, \"ts\": 10}\n"
                                   "{\"id\": 3, \"ts\": 10}\n");
    char *pb = write_tmp(".csv", "id,ts\n4,10\n5,5\n");
    sl_verify_data_init(&d[0], a);
    sl_verify_data_init(&d[1], b);
    ck_assert_ptr_null(sl_verify_load(&d[1], pb, 0, NULL)); /* input 0 */
    ck_assert_ptr_null(sl_verify_load(&d[0], pa, 1, NULL)); /* input 1 */
    sl_verify_ref *order;
    size_t n;
    sl_verify_order(d, 2, &order, &n);
    ck_assert_uint_eq(n, 5);
    int64_t ids[5];
    for (size_t i = 0; i < n; i++)
        ids[i] = order[i].rec->cols[0].u.i;
    /* by time; at time 10, input 0 first, then by line */
    ck_assert_int_eq(ids[0], 5);
    ck_assert_int_eq(ids[1], 4);
    ck_assert_int_eq(ids[2], 2);
    ck_assert_int_eq(ids[3], 3);
    ck_assert_int_eq(ids[4], 1);
    ck_assert_ptr_eq(order[0].d, &d[1]);
    free(order);
    unlink(pa);
    unlink(pb);
    done(&d[0], a, pa);
    done(&d[1], b, pb);
}
END_TEST

static Suite *verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("compare");
    tcase_add_test(tc, test_verify_compare_matching);
    tcase_add_test(tc, test_verify_compare_mismatched);
    tcase_add_test(tc, test_verify_compare_missing_each_side);
    tcase_add_test(tc, test_verify_compare_tolerance);
    tcase_add_test(tc, test_verify_cell_nan_null);
    tcase_add_test(tc, test_verify_cell_text);
    tcase_add_test(tc, test_verify_cell_of_values);
    tcase_add_test(tc, test_verify_compare_repeated_keys);
    tcase_add_test(tc, test_verify_compare_columns);
    tcase_add_test(tc, test_verify_compare_sample_limit);
    suite_add_tcase(s, tc);
    tc = tcase_create("load");
    tcase_add_test(tc, test_verify_csv_quoting);
    tcase_add_test(tc, test_verify_csv_errors);
    tcase_add_test(tc, test_verify_load_json_lines);
    tcase_add_test(tc, test_verify_load_json_bad_lines);
    tcase_add_test(tc, test_verify_load_csv);
    tcase_add_test(tc, test_verify_load_csv_bad_lines);
    tcase_add_test(tc, test_verify_load_times);
    tcase_add_test(tc, test_verify_load_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(verify_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
