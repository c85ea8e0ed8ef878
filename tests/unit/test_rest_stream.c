/*
 * test_rest_stream.c - unit tests of the /query response parser
 * (cli/rest_stream.c): the same events whatever the chunking, down to one
 * byte at a time and a split at every byte boundary; clear errors on garbage.
 */
#include "cli/rest_client.h"
#include "common/buf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* A body with everything the server may send: header, rows with tricky
 * strings, a tombstone (with and without columns), keep-alive blank lines,
 * an element the client does not know, a final message. */
static const char body[] = "[{\"header\":{\"queryId\":\"transient_PAGEVIEWS_1\",\"schema\":\"`ID` "
                           "BIGINT KEY, `V` STRING\"}},\n"
                           "{\"row\":{\"columns\":[1,\"a}b]c\\\"{[\"]}},\n"
                           "\n"
                           "\n"
                           "{\"row\":{\"columns\":[2,\"caf\\u00e9 \xc3\xa9\\\\\"]}},\n"
                           "{\"row\":{\"columns\":[3,null],\"tombstone\":true}},\n"
                           "{\"row\":{\"key\":[4],\"tombstone\":true}},\n"
                           "{\"consistencyToken\":{\"consistencyToken\":\"abc\"}},\n"
                           "{\"row\":{\"columns\":[5,{\"K\":[1.5,{\"x\":\"]\"}]}]}},\n"
                           "{\"finalMessage\":\"Limit Reached\"}]\n";

static const char want[] = "H transient_PAGEVIEWS_1 `ID` BIGINT KEY, `V` STRING\n"
                           "R [1,\"a}b]c\\\"{[\"]\n"
                           "R [2,\"café é\\\\\"]\n"
                           "T [3,null]\n"
                           "T [4]\n"
                           "O\n"
                           "R [5,{\"K\":[1.5,{\"x\":\"]\"}]}]\n"
                           "F Limit Reached\n";

typedef struct sink {
    sl_buf out;
    int stop_after; /* stop (return false) after this many events; 0: never */
    int events;
} sink;

static bool record(void *ctx, const sl_rest_event *ev)
{
    sink *s = ctx;
    char *cols = ev->columns ? json_dumps(ev->columns, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    switch (ev->kind) {
    case SL_REST_EV_HEADER:
        sl_buf_printf(&s->out, "H %s %s\n", ev->query_id, ev->schema);
        break;
    case SL_REST_EV_ROW:
        sl_buf_printf(&s->out, "%c %s\n", ev->tombstone ? 'T' : 'R', cols);
        break;
    case SL_REST_EV_FINAL:
        sl_buf_printf(&s->out, "F %s\n", ev->message);
        break;
    case SL_REST_EV_ERROR:
        sl_buf_printf(&s->out, "E %s\n", ev->message);
        break;
    case SL_REST_EV_OTHER:
        sl_buf_puts(&s->out, "O\n");
        break;
    }
    free(cols);
    return !s->stop_after || ++s->events < s->stop_after;
}

/* Feeds text in the given chunk sizes (the last repeats); returns the events
 * or "ERR: message". */
static char *parse_chunks(const char *text, size_t n, const size_t *chunks, size_t nchunks)
{
    sink s = {SL_BUF_INIT, 0, 0};
    sl_rest_stream *ps = sl_rest_stream_new();
    sl_error *err = NULL;
    bool stopped = false;
    for (size_t off = 0, c = 0; off < n && !err && !stopped; c++) {
        size_t k = chunks[c < nchunks ? c : nchunks - 1];
        if (k > n - off) k = n - off;
        err = sl_rest_stream_feed(ps, text + off, k, record, &s, &stopped);
        off += k;
    }
    if (!err && !stopped) err = sl_rest_stream_finish(ps);
    if (err) {
        sl_buf_reset(&s.out);
        sl_buf_printf(&s.out, "ERR: %s", err->msg);
        sl_error_free(err);
    }
    sl_rest_stream_free(ps);
    return s.out.p ? sl_buf_take(&s.out) : strdup("");
}

static char *parse_all(const char *text)
{
    size_t n = strlen(text);
    return parse_chunks(text, n, &n, 1);
}

START_TEST(test_rest_stream_whole_body)
{
    char *got = parse_all(body);
    ck_assert_str_eq(got, want);
    free(got);
}
END_TEST

START_TEST(test_rest_stream_split_at_every_byte_boundary)
{
    size_t n = strlen(body);
    for (size_t i = 0; i <= n; i++) {
        size_t chunks[2] = {i, n};
        char *got = parse_chunks(body, n, chunks, 2);
        ck_assert_msg(strcmp(got, want) == 0, "split at %zu:\n%s", i, got);
        free(got);
    }
    size_t one = 1;
    char *got = parse_chunks(body, n, &one, 1);
    ck_assert_str_eq(got, want);
    free(got);
    size_t sevens = 7;
    got = parse_chunks(body, n, &sevens, 1);
    ck_assert_str_eq(got, want);
    free(got);
}
END_TEST

START_TEST(test_rest_stream_objects_without_array)
{
    /* older servers: one object per line, no enclosing array */
    char *got = parse_all("{\"header\":{\"queryId\":\"q\",\"schema\":\"`A` INT\"}}\n\n"
                          "{\"row\":{\"columns\":[1]}}\n{\"errorMessage\":\"boom\"}\n");
    ck_assert_str_eq(got, "H q `A` INT\nR [1]\nE boom\n");
    free(got);
    got = parse_all("[{\"errorMessage\":{\"@type\":\"generic_error\",\"error_code\":50000,"
                    "\"message\":\"fake failure\"}}]");
    ck_assert_str_eq(got, "E fake failure\n");
    free(got);
    got = parse_all("{\"@type\":\"statement_error\",\"error_code\":40001,\"message\":\"nope\"}");
    ck_assert_str_eq(got, "E nope\n");
    free(got);
    got = parse_all("  \n[ ]\n");
    ck_assert_str_eq(got, "");
    free(got);
}
END_TEST

START_TEST(test_rest_stream_garbage_is_an_error)
{
    char *got = parse_all("<html><body>502 Bad Gateway</body></html>");
    ck_assert_str_eq(
        got, "ERR: unexpected '<' at byte 0 of the query response (it should start with '[')");
    free(got);
    got = parse_all("[{\"row\":{\"columns\":[1]}} x");
    ck_assert_str_eq(got, "ERR: unexpected 'x' at byte 25 of the query response between rows");
    free(got);
    got = parse_all("[{\"row\":{\"columns\":[1]}}]]");
    ck_assert_str_eq(got, "ERR: unexpected ']' at byte 25 of the query response after its end");
    free(got);
    got = parse_all("[{\"row\":{\"columns\":[1]}},{\"row\":{\"colu");
    ck_assert_str_eq(got, "ERR: the query response ended inside a row (after 38 bytes)");
    free(got);
    got = parse_all("[{\"row\":{\"columns\":[1,]}}]");
    ck_assert_msg(strncmp(got, "ERR: malformed element in the query response", 44) == 0, "%s", got);
    free(got);
    got = parse_all("[{\"row\":{\"columns\":7}}]");
    ck_assert_str_eq(got, "ERR: query response row has no \"columns\" array");
    free(got);
    got = parse_all("[\x01]");
    ck_assert_str_eq(got, "ERR: unexpected byte 0x01 at byte 1 of the query response between rows");
    free(got);
}
END_TEST

START_TEST(test_rest_stream_callback_can_stop)
{
    sink s = {SL_BUF_INIT, 2, 0};
    sl_rest_stream *ps = sl_rest_stream_new();
    bool stopped = false;
    sl_error *err = sl_rest_stream_feed(ps, body, strlen(body), record, &s, &stopped);
    ck_assert_ptr_null(err);
    ck_assert(stopped);
    ck_assert_int_eq(s.events, 2);
    sl_rest_stream_free(ps);
    sl_buf_free(&s.out);
}
END_TEST

static Suite *rest_stream_suite(void)
{
    Suite *s = suite_create("rest_stream");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_rest_stream_whole_body);
    tcase_add_test(tc, test_rest_stream_split_at_every_byte_boundary);
    tcase_add_test(tc, test_rest_stream_objects_without_array);
    tcase_add_test(tc, test_rest_stream_garbage_is_an_error);
    tcase_add_test(tc, test_rest_stream_callback_can_stop);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rest_stream_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
