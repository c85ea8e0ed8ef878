/*
 * test_fn_regex.c - the regular expression functions (exec/fn_regex.c): the
 * expectations of ksqlDB's regex.json, replace.json and split.json cases, Java's
 * matching and replacement rules, constant and per-record patterns, bad
 * patterns and runaway backtracking.
 */
#define FNT_GROUPS                                                                                 \
    {                                                                                              \
        sl_fn_defs_regex, sl_fn_ndefs_regex                                                        \
    }
#include "fn_test.h"

START_TEST(test_fn_regex_extract)
{
    const char *s2 = "STRING, STRING", *s3 = "STRING, STRING, INT";
    /* regex.json, with the pattern constant and per record */
    EQ(CALL("REGEXP_EXTRACT", s2, K(S("test.")), S("some_test_string")), "test_");
    EQ(CALL("REGEXP_EXTRACT", s2, K(S("test.")), S("anothertest")), "NULL");
    EQ(CALL("REGEXP_EXTRACT", s2, S("test."), S("testa")), "testa");
    EQ(CALL("REGEXP_EXTRACT", s2, S("test."), N("STRING")), "NULL");
    EQ(CALL("REGEXP_EXTRACT", s3, K(S("(.*) (.*)")), S("steven zhang"), I(2)), "zhang");
    EQ(CALL("REGEXP_EXTRACT", s3, K(S("(.*) (.*)")), S("agavra"), I(2)), "NULL");
    EQ(CALL("REGEXP_EXTRACT", s3, S("(([AEIOU]).)"), S("hEllO"), I(2)), "E");
    EQ(CALL("REGEXP_EXTRACT", s3, S("(a)"), S("a"), I(2)), "NULL");
    EQ(CALL("REGEXP_EXTRACT", s3, S("(a)|(b)"), S("a"), I(2)), "NULL");
    EQ(CALL("REGEXP_EXTRACT", s2, S(".*"), S("zhang")), "zhang");
    /* Java's \w and \d are ASCII; . stops at line ends */
    EQ(CALL("REGEXP_EXTRACT", s2, S("\\w+"), S("ééabc")), "abc");
    EQ(CALL("REGEXP_EXTRACT", s2, S(".+"), S("ab\ncd")), "ab");
    EQ(CALL("REGEXP_EXTRACT", s2, S("é."), S("xéü")), "éü");
}
END_TEST

START_TEST(test_fn_regex_extract_all)
{
    const char *s2 = "STRING, STRING", *s3 = "STRING, STRING, INT";
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s2, K(S("test.")), S("some_test_string_testabab")),
       "[\"test_\",\"testa\"]");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s2, K(S("test.")), S("anothertest")), "[]");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s3, K(S("(\\w+) (\\w*)")), S("steven zhang andy coates"), I(2)),
       "[\"zhang\",\"coates\"]");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s3, K(S("(\\w+) (\\w*)")), S("apurva mehta agavra "), I(2)),
       "[\"mehta\",\"\"]");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s3, K(S("(\\w+) (\\w*)")), S("agavra"), I(2)), "[]");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s3, S("(\\w+) (\\w*)"), N("STRING"), I(2)), "NULL");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s3, S("(a)"), S("a"), I(3)), "NULL");
    /* empty matches: one per position, as Matcher.find() steps */
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s2, S("b*"), S("abc")), "[\"\",\"b\",\"\",\"\"]");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s2, S("x*"), S("é")), "[\"\",\"\"]");
    EQ(CALLJ("REGEXP_EXTRACT_ALL", s3, S("(a)|(b)"), S("ab"), I(2)), "[null,\"b\"]");
}
END_TEST

START_TEST(test_fn_regex_replace)
{
    const char *s3 = "STRING, STRING, STRING";
    /* replace.json */
    EQ(CALL("REGEXP_REPLACE", s3, S("baababaa"), S("(ab)+"), K(S("cat"))), "bacataa");
    EQ(CALL("REGEXP_REPLACE", s3, S("baabbabaa"), S("(ab)+"), S("cat")), "bacatbcataa");
    EQ(CALL("REGEXP_REPLACE", s3, N("STRING"), S("(ab)+"), S("cat")), "NULL");
    EQ(CALL("REGEXP_REPLACE", s3, S("baababaa"), N("STRING"), S("cat")), "NULL");
    EQ(CALL("REGEXP_REPLACE", s3, S("foobar"), K(S("a.b+")), S("bar")), "foobar");
    EQ(CALL("REGEXP_REPLACE", s3, S("aabbb"), K(S("a.b+")), S("X")), "X");
    /* Java's replacement syntax and empty-match rules */
    EQ(CALL("REGEXP_REPLACE", s3, S("john smith"), S("(\\w+) (\\w+)"), S("$2, $1")), "smith, john");
    EQ(CALL("REGEXP_REPLACE", s3, S("john smith"), S("(?<first>\\w+) (?<last>\\w+)"),
            S("${last} ${first}")),
       "smith john");
    EQ(CALL("REGEXP_REPLACE", s3, S("a.b"), S("\\."), S("\\$")), "a$b");
    EQ(CALL("REGEXP_REPLACE", s3, S("abc"), S("b*"), S("-")), "-a--c-");
    EQ(CALL("REGEXP_REPLACE", s3, S("abc"), S("(b)"), S("$10")), "ab0c");
    EQ(CALL("REGEXP_REPLACE", s3, S("abc"), S(""), S("-")), "-a-b-c-");
    ck_assert(is_error(CALL("REGEXP_REPLACE", s3, S("abc"), S("(b)"), S("$2"))));
    ck_assert(is_error(CALL("REGEXP_REPLACE", s3, S("abc"), S("b"), S("x\\"))));
    ck_assert(is_error(CALL("REGEXP_REPLACE", s3, S("abc"), S("b"), S("${nope}"))));
}
END_TEST

START_TEST(test_fn_regex_split)
{
    const char *s2 = "STRING, STRING";
    /* split.json regexp_split_to_array */
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("aabcda"), K(S("(ab|cd)"))), "[\"a\",\"\",\"a\"]");
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("aabdcda"), S("(ab|cd)")), "[\"a\",\"d\",\"a\"]");
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("zxy"), S("(ab|cd)")), "[\"zxy\"]");
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, N("STRING"), S("(ab|cd)")), "NULL");
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("zxy"), N("STRING")), "NULL");
    /* matches at both ends keep their empty pieces; an empty pattern splits characters */
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("-a--b-"), S("-")), "[\"\",\"a\",\"\",\"b\",\"\"]");
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("abé"), S("")), "[\"a\",\"b\",\"é\"]");
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S(""), S("")), "[\"\"]");
    /* a pattern matching the empty string splits as String.split: trailing empties go */
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("a1b22c"), S("\\d*")), "[\"a\",\"\",\"b\",\"\",\"c\"]");
    EQ(CALLJ("REGEXP_SPLIT_TO_ARRAY", s2, S("aaa"), S("a*")), "[]");
}
END_TEST

START_TEST(test_fn_regex_bad_patterns)
{
    ck_assert(strstr(CALL("REGEXP_EXTRACT", "STRING, STRING", K(S("(")), S("x")),
                     "Invalid regular expression pattern: (") != NULL);
    ck_assert(is_error(CALL("REGEXP_EXTRACT_ALL", "STRING, STRING", S("[a-"), S("x"))));
    ck_assert(is_error(CALL("REGEXP_REPLACE", "STRING, STRING, STRING", S("x"), S("*"), S(""))));
    ck_assert(is_error(CALL("REGEXP_SPLIT_TO_ARRAY", "STRING, STRING", S("x"), S("a{2,1}"))));
    /* catastrophic backtracking ends in an error, not a hang */
    char subject[64];
    memset(subject, 'a', 40);
    strcpy(subject + 40, "!");
    ck_assert(strstr(CALL("REGEXP_EXTRACT", "STRING, STRING", K(S("(a+)+$")), S(subject)),
                     "too much backtracking") != NULL);
    /* invalid UTF-8 in the subject does not match, and does not fail */
    EQ(CALL("REGEXP_EXTRACT", "STRING, STRING", S("b+"),
            S("a\xff"
              "bb")),
       "bb");
}
END_TEST

START_TEST(test_fn_regex_pattern_cache)
{
    /* several per-record patterns through one call site's cache */
    static const char *pats[] = {"a+", "b+", "c+", "d+", "e+", "a+", "(c)+"};
    static const char *want[] = {"aa", "bbb", "c", "NULL", "NULL", "aa", "c"};
    const sl_fn_def *def = fnt_def("REGEXP_EXTRACT");
    const sl_fn_sig *sig = fnt_sig(def, "STRING, STRING");
    const sl_type *types[2] = {&sl_type_string, &sl_type_string};
    bool isc[2] = {false, false};
    sl_value consts[2] = {sl_value_null(), sl_value_null()};
    sl_fn_call call = {def, sig, 2, types, &sl_type_string, consts, isc};
    void *state = NULL;
    ck_assert_ptr_null(sig->init(&call, &state));
    sl_fnctx cx = {.ar = fnt_ar, .call = &call, .state = state};
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 7; i++) {
            sl_value args[2] = {sl_value_str(pats[i], (uint32_t)strlen(pats[i])),
                                sl_value_str("xaabbbc", 7)};
            sl_value out;
            ck_assert_ptr_null(sig->impl(&cx, args, 2, &out));
            if (out.null)
                ck_assert_str_eq(want[i], "NULL");
            else
                ck_assert_int_eq(strncmp(out.u.s, want[i], out.len), 0);
        }
    sig->fini(state);
}
END_TEST

static Suite *fn_regex_suite(void)
{
    Suite *s = suite_create("fn_regex");
    TCase *tc = tcase_create("regex");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_regex_extract);
    tcase_add_test(tc, test_fn_regex_extract_all);
    tcase_add_test(tc, test_fn_regex_replace);
    tcase_add_test(tc, test_fn_regex_split);
    tcase_add_test(tc, test_fn_regex_bad_patterns);
    tcase_add_test(tc, test_fn_regex_pattern_cache);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_regex_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
