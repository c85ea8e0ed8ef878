/*
 * test_render.c - unit tests of the shell's renderer (cli/render*.c).
 *
 * Golden files: tests/unit/golden/render/<case>.json is a /ksql answer
 * (entity JSON as ksqlDB's REST API returns it; most cases are the entities
 * of ksqlDB's own CLI tests and docs), <case>.body a /query response body;
 * <case>.txt is what the shell must print for it, byte for byte (entities at
 * 100 columns, grids at 80). SLUICE_GOLDEN_UPDATE=1 rewrites the .txt files
 * from the current output - review the diff before committing.
 */
#include "cli/render.h"
#include "cli/rest_client.h"
#include "common/buf.h"
#include "common/str.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef GOLDEN_DIR
#error "GOLDEN_DIR must name tests/unit/golden/render"
#endif

static const sl_render_opts wide = {.width = 100, .wrap = true};
static const sl_render_opts grid80 = {.width = 80, .wrap = true};

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    sl_buf b = SL_BUF_INIT;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        sl_buf_append(&b, chunk, k);
    fclose(f);
    *n = b.len;
    return b.p ? sl_buf_take(&b) : calloc(1, 1);
}

static size_t ncols; /* columns of the last header */

static bool on_event(void *ctx, const sl_rest_event *ev)
{
    sl_buf *out = ctx;
    if (ev->kind == SL_REST_EV_HEADER) {
        json_t *names = sl_render_schema_names(ev->schema);
        ncols = json_array_size(names);
        sl_render_grid_header(out, names, &grid80);
        json_decref(names);
    } else if (ev->kind == SL_REST_EV_ROW) {
        sl_render_grid_row(out, ev->columns, ncols, ev->tombstone, &grid80);
    } else if (ev->kind == SL_REST_EV_FINAL) {
        sl_buf_printf(out, "%s\n", ev->message);
    } else if (ev->kind == SL_REST_EV_ERROR) {
        sl_render_error(out, ev->message);
    }
    return true;
}

/* Renders one golden input into out. */
static void render_case(const char *path, const char *text, size_t n, sl_buf *out)
{
    if (sl_str_ends_with(path, ".json")) {
        json_error_t jerr;
        json_t *j = json_loadb(text, n, 0, &jerr);
        ck_assert_msg(j != NULL, "%s: %s", path, jerr.text);
        sl_render_entities(out, j, &wide);
        json_decref(j);
        return;
    }
    sl_rest_stream *s = sl_rest_stream_new();
    bool stopped;
    sl_error *err = sl_rest_stream_feed(s, text, n, on_event, out, &stopped);
    if (!err) err = sl_rest_stream_finish(s);
    ck_assert_msg(err == NULL, "%s: %s", path, err ? err->msg : "");
    sl_rest_stream_free(s);
}

START_TEST(test_render_golden_files)
{
    DIR *d = opendir(GOLDEN_DIR);
    ck_assert_ptr_nonnull(d);
    bool update = getenv("SLUICE_GOLDEN_UPDATE") != NULL;
    int cases = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!sl_str_ends_with(de->d_name, ".json") && !sl_str_ends_with(de->d_name, ".body"))
            continue;
        char in[1024], want_path[1024];
        snprintf(in, sizeof in, "%s/%s", GOLDEN_DIR, de->d_name);
        snprintf(want_path, sizeof want_path, "%.*s.txt", (int)(strlen(in) - 5), in);
        size_t n, wn;
        char *text = slurp(in, &n);
        sl_buf got = SL_BUF_INIT;
        render_case(in, text, n, &got);
        if (update) {
            FILE *f = fopen(want_path, "wb");
            fwrite(sl_buf_cstr(&got), 1, got.len, f);
            fclose(f);
        }
        char *want = slurp(want_path, &wn);
        ck_assert_msg(want != NULL, "missing golden output %s", want_path);
        ck_assert_msg(strcmp(want, sl_buf_cstr(&got)) == 0, "%s differs:\n--- want\n%s--- got\n%s",
                      de->d_name, want, sl_buf_cstr(&got));
        free(text);
        free(want);
        sl_buf_free(&got);
        cases++;
    }
    closedir(d);
    ck_assert_int_ge(cases, 20);
}
END_TEST

static void assert_value(const char *json, const char *want)
{
    json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
    ck_assert_ptr_nonnull(v);
    sl_buf b = SL_BUF_INIT;
    sl_render_value(&b, v);
    ck_assert_str_eq(sl_buf_cstr(&b), want);
    sl_buf_free(&b);
    json_decref(v);
}

START_TEST(test_render_values_as_java_prints_them)
{
    assert_value("1.0", "1.0");
    assert_value("100.0", "100.0");
    assert_value("0.1", "0.1");
    assert_value("1234.5678", "1234.5678");
    assert_value("0.001", "0.001");
    assert_value("0.0001", "1.0E-4");
    assert_value("1e7", "1.0E7");
    assert_value("9999999.0", "9999999.0");
    assert_value("12345678.9", "1.23456789E7");
    assert_value("-2.5e-10", "-2.5E-10");
    assert_value("-0.0", "-0.0");
    assert_value("42", "42");
    assert_value("-9223372036854775807", "-9223372036854775807");
    assert_value("\"text\"", "text");
    assert_value("null", "null");
    assert_value("true", "true");
    assert_value("[1, \"a\", [], null]", "[1, a, [], null]");
    assert_value("{\"A\": 1, \"B\": {\"C\": [2.5]}}", "{A=1, B={C=[2.5]}}");
}
END_TEST

START_TEST(test_render_schema_names)
{
    json_t *n = sl_render_schema_names(
        "`ID` BIGINT KEY, `NAME` STRING, `S` STRUCT<`A` INT, `B` MAP<STRING, INT>>, "
        "`D` DECIMAL(10, 2), `we``ird, name` INT, PLAIN INT");
    ck_assert_uint_eq(json_array_size(n), 6);
    const char *want[] = {"ID", "NAME", "S", "D", "we`ird, name", "PLAIN"};
    for (size_t i = 0; i < 6; i++)
        ck_assert_str_eq(json_string_value(json_array_get(n, i)), want[i]);
    json_decref(n);
    n = sl_render_schema_names("");
    ck_assert_uint_eq(json_array_size(n), 0);
    json_decref(n);
}
END_TEST

START_TEST(test_render_error_and_its_position)
{
    sl_buf b = SL_BUF_INIT;
    sl_render_error(&b, "line 2:14: mismatched input ';'\n\n");
    ck_assert_str_eq(sl_buf_cstr(&b), "ERROR: line 2:14: mismatched input ';'\n");
    sl_buf_reset(&b);
    sl_render_error(&b, "Source X does not exist.\nmore detail");
    ck_assert_str_eq(sl_buf_cstr(&b), "ERROR: Source X does not exist.\nmore detail\n");
    sl_buf_free(&b);
    int line, col;
    ck_assert(sl_render_error_position("  line 3:7: x", &line, &col));
    ck_assert_int_eq(line, 3);
    ck_assert_int_eq(col, 7);
    ck_assert(!sl_render_error_position("line x:7: x", &line, &col));
    ck_assert(!sl_render_error_position("line 3:7 x", &line, &col));
    ck_assert(!sl_render_error_position("line 0:7: x", &line, &col));
    ck_assert(!sl_render_error_position("Syntax error at line 3:7:", &line, &col));
}
END_TEST

START_TEST(test_render_grid_wraps_or_clips)
{
    sl_render_opts o = {.width = 24, .wrap = true}; /* 2 columns of 10 */
    json_t *names = json_pack("[s,s]", "ID", "A_LONG_COLUMN_NAME");
    json_t *row = json_pack("[s,i]", "abcdefghijklmnopqrstuvwxy", 7);
    sl_buf b = SL_BUF_INIT;
    sl_render_grid_header(&b, names, &o);
    sl_render_grid_row(&b, row, 0, false, &o);
    ck_assert_str_eq(sl_buf_cstr(&b), "+----------+----------+\n"
                                      "|ID        |A_LONG_COL|\n"
                                      "|          |UMN_NAME  |\n"
                                      "+----------+----------+\n"
                                      "|abcdefghij|7         |\n"
                                      "|klmnopqrst|          |\n"
                                      "|uvwxy     |          |\n");
    sl_buf_reset(&b);
    o.wrap = false;
    sl_render_grid_row(&b, row, 0, false, &o);
    ck_assert_str_eq(sl_buf_cstr(&b), "|abcdefg...|7         |\n");
    sl_buf_reset(&b);
    o.column_width = 3; /* below the minimum only when asked for */
    o.wrap = true;
    json_t *one = json_pack("[s]", "abcd");
    sl_render_grid_row(&b, one, 0, false, &o);
    json_decref(one);
    ck_assert_str_eq(sl_buf_cstr(&b), "|abc|\n|d  |\n");
    sl_buf_free(&b);
    json_decref(names);
    json_decref(row);
}
END_TEST

START_TEST(test_render_table_clamps_dashes_to_width)
{
    json_t *e = json_loads("[{\"@type\":\"warning_entity\",\"message\":\"a fairly long message\"}]",
                           0, NULL);
    sl_render_opts narrow = {.width = 10, .wrap = true};
    sl_buf b = SL_BUF_INIT;
    sl_render_entities(&b, e, &narrow);
    ck_assert_str_eq(sl_buf_cstr(&b), "\n Message               \n----------\n"
                                      " a fairly long message \n----------\n");
    sl_buf_free(&b);
    json_decref(e);
}
END_TEST

START_TEST(test_render_survives_garbage_entities)
{
    const char *bad[] = {
        "[1, \"x\", null, []]",
        "[{\"@type\":\"streams\",\"streams\":\"nope\"}]",
        "[{\"@type\":\"sourceDescription\",\"sourceDescription\":{\"fields\":[{\"schema\":7}],"
        "\"extended\":true,\"readQueries\":[3]}}]",
        "[{\"@type\":\"queryDescription\",\"queryDescription\":[]}]",
        "[{\"@type\":\"describe_function\",\"functions\":[{\"arguments\":[null]}]}]",
        "[{\"@type\":\"type_list\",\"types\":{\"T\":{\"type\":\"STRUCT\",\"fields\":[1]}}}]",
        "{\"@type\":\"currentStatus\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        ck_assert_ptr_nonnull(j);
        sl_buf b = SL_BUF_INIT;
        sl_render_entities(&b, j, &wide);
        ck_assert_uint_gt(b.len, 0);
        sl_buf_free(&b);
        json_decref(j);
    }
}
END_TEST

static Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_render_golden_files);
    tcase_add_test(tc, test_render_values_as_java_prints_them);
    tcase_add_test(tc, test_render_schema_names);
    tcase_add_test(tc, test_render_error_and_its_position);
    tcase_add_test(tc, test_render_grid_wraps_or_clips);
    tcase_add_test(tc, test_render_table_clamps_dashes_to_width);
    tcase_add_test(tc, test_render_survives_garbage_entities);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setenv("TZ", "UTC", 1); /* EXPLAIN's error dates are local time */
    tzset();
    SRunner *sr = srunner_create(render_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
