/*
 * test_fn_url.c - the URL functions (exec/fn_url.c): the expectations of
 * ksqlDB's url.json cases and documentation examples, java.net.URI's view of
 * odd URLs, and invalid input.
 */
#define FNT_GROUPS                                                                                 \
    {                                                                                              \
        sl_fn_defs_url, sl_fn_ndefs_url                                                            \
    }
#include "fn_test.h"

START_TEST(test_fn_url_encode_decode)
{
    EQ(CALL("URL_ENCODE_PARAM", "STRING", S("?foo $bar")), "%3Ffoo+%24bar");
    EQ(CALL("URL_ENCODE_PARAM", "STRING", S("hello&world")), "hello%26world");
    EQ(CALL("URL_ENCODE_PARAM", "STRING", S("nothing")), "nothing");
    EQ(CALL("URL_ENCODE_PARAM", "STRING", S("a.b-c*d_é")), "a.b-c*d_%C3%A9");
    EQ(CALL("URL_DECODE_PARAM", "STRING", S("url%20encoded")), "url encoded");
    EQ(CALL("URL_DECODE_PARAM", "STRING", S("a+b%C3%A9")), "a bé");
    EQ(CALL("URL_DECODE_PARAM", "STRING", S("%FF")), "\xef\xbf\xbd");
    ck_assert(is_error(CALL("URL_DECODE_PARAM", "STRING", S("100%"))));
    ck_assert(is_error(CALL("URL_DECODE_PARAM", "STRING", S("%zz"))));
    EQ(CALL("URL_DECODE_PARAM", "STRING", N("STRING")), "NULL");
}
END_TEST

START_TEST(test_fn_url_extract)
{
    EQ(CALL("URL_EXTRACT_FRAGMENT", "STRING", S("http://www.test.com/?query#fragment")),
       "fragment");
    EQ(CALL("URL_EXTRACT_FRAGMENT", "STRING", S("http://www.nofragment.com")), "NULL");
    EQ(CALL("URL_EXTRACT_FRAGMENT", "STRING", S("http://test.com#frag%20space")), "frag space");
    EQ(CALL("URL_EXTRACT_HOST", "STRING", S("http://www.test.com/?query#fragment")),
       "www.test.com");
    EQ(CALL("URL_EXTRACT_HOST", "STRING", S("http://test@confluent.io:8080")), "confluent.io");
    EQ(CALL("URL_EXTRACT_HOST", "STRING", S("http://[::1]:8080/x")), "[::1]");
    EQ(CALL("URL_EXTRACT_HOST", "STRING", S("http://192.168.0.1/x")), "192.168.0.1");
    /* not a valid server name: a registry authority without host */
    EQ(CALL("URL_EXTRACT_HOST", "STRING", S("http://under_score.com/x")), "NULL");
    EQ(CALL("URL_EXTRACT_HOST", "STRING", S("http://a-.com/x")), "NULL");
    EQ(CALL("URL_EXTRACT_PATH", "STRING", S("http://www.test.com?query#fragment")), "");
    EQ(CALL("URL_EXTRACT_PATH", "STRING", S("http://www.test.com/path?query")), "/path");
    EQ(CALL("URL_EXTRACT_PATH", "STRING",
            S("http://test@confluent.io:8080/nested/path?query&jobs")),
       "/nested/path");
    EQ(CALL("URL_EXTRACT_PATH", "STRING", S("http://test.com/path/to#a")), "/path/to");
    EQ(CALL("URL_EXTRACT_PATH", "STRING", S("/a%20b/c")), "/a b/c");
    EQ(CALL("URL_EXTRACT_PATH", "STRING", S("mailto:someone@example.com")), "NULL");
    EQ(CALL("URL_EXTRACT_PORT", "STRING", S("http://test@confluent.io")), "NULL");
    EQ(CALL("URL_EXTRACT_PORT", "STRING",
            S("http://test@confluent.io:8080/nested/path?query&jobs")),
       "8080");
    EQ(CALL("URL_EXTRACT_PORT", "STRING", S("http://localhost:/x")), "NULL");
    EQ(CALL("URL_EXTRACT_PROTOCOL", "STRING", S("http://test@confluent.io")), "http");
    EQ(CALL("URL_EXTRACT_PROTOCOL", "STRING", S("https://test@confluent.io:8080/nested")), "https");
    EQ(CALL("URL_EXTRACT_PROTOCOL", "STRING", S("www.confluent.io")), "NULL");
    EQ(CALL("URL_EXTRACT_QUERY", "STRING", S("http://test.com?a=foo%20bar&b=baz")),
       "a=foo bar&b=baz");
    EQ(CALL("URL_EXTRACT_QUERY", "STRING", S("http://test.com/x")), "NULL");
    EQ(CALL("URL_EXTRACT_QUERY", "STRING", S("http://test.com/x?a+b")), "a+b");
}
END_TEST

START_TEST(test_fn_url_parameter)
{
    const char *sig = "STRING, STRING";
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://www.test.com/?one=a&two=b&three"), S("one")),
       "a");
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://www.test.com/?one=a&two=b&three"), S("two")),
       "b");
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://www.test.com/?one=a&two=b&three"), S("three")),
       "");
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://www.test.com/?one=a&two=b&three"), S("four")),
       "NULL");
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://test.com?a%20b=c%20d"), S("a b")), "c d");
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://test.com?a=foo&b=bar"), S("b")), "bar");
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://test.com?a=x=y"), S("a")), "x=y");
    EQ(CALL("URL_EXTRACT_PARAMETER", sig, S("http://test.com"), S("a")), "NULL");
}
END_TEST

START_TEST(test_fn_url_invalid)
{
    ck_assert(strstr(CALL("URL_EXTRACT_HOST", "STRING", S("http://a b.com")),
                     "URL input has invalid syntax: http://a b.com") != NULL);
    ck_assert(is_error(CALL("URL_EXTRACT_PATH", "STRING", S("http://x.com/%zz"))));
    ck_assert(is_error(CALL("URL_EXTRACT_PATH", "STRING", S("http://x.com/{a}"))));
    ck_assert(is_error(CALL("URL_EXTRACT_QUERY", "STRING", S("://x"))));
    ck_assert(is_error(CALL("URL_EXTRACT_QUERY", "STRING", S("1http://x"))));
    ck_assert(is_error(CALL("URL_EXTRACT_QUERY", "STRING", S("http:"))));
    ck_assert(is_error(CALL("URL_EXTRACT_QUERY", "STRING", S("http://"))));
    ck_assert(is_error(CALL("URL_EXTRACT_FRAGMENT", "STRING", S("http://x#a#b"))));
    ck_assert(is_error(CALL("URL_EXTRACT_PARAMETER", "STRING, STRING", S("a b"), S("a"))));
    EQ(CALL("URL_EXTRACT_PATH", "STRING", S("")), "");
    EQ(CALL("URL_EXTRACT_HOST", "STRING", N("STRING")), "NULL");
}
END_TEST

static Suite *fn_url_suite(void)
{
    Suite *s = suite_create("fn_url");
    TCase *tc = tcase_create("url");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_url_encode_decode);
    tcase_add_test(tc, test_fn_url_extract);
    tcase_add_test(tc, test_fn_url_parameter);
    tcase_add_test(tc, test_fn_url_invalid);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_url_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
