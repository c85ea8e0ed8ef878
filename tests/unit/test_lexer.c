/*
 * test_lexer.c - unit tests of the lexer (parser/lexer.c) and the generated keyword table:
 * every token kind, numbers and digit-first names, quoting, comments, variables, keyword
 * lookup, bounds, and that every grammar token can be produced.
 */
#include "parser/parser_int.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

typedef struct lexcase {
    const char *text;
    int type;
    size_t len; /* expected length of the first token; 0 means the whole text */
} lexcase;

static void check_cases(const lexcase *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int type = -1;
        size_t len = strlen(cases[i].text);
        size_t got = sl_lex_next(cases[i].text, len, &type);
        size_t want = cases[i].len ? cases[i].len : len;
        ck_assert_msg(type == cases[i].type && got == want, "'%s': type %d len %zu, want %d %zu",
                      cases[i].text, type, got, cases[i].type, want);
    }
}

START_TEST(test_lexer_punctuation)
{
    static const lexcase cases[] = {
        {";", TK_SEMI, 0},    {",", TK_COMMA, 0},    {".", TK_DOT, 0},     {"(", TK_LP, 0},
        {")", TK_RP, 0},      {"[", TK_LB, 0},       {"]", TK_RB, 0},      {"=", TK_EQ, 0},
        {"<>", TK_NE, 0},     {"!=", TK_NE, 0},      {"<", TK_LT, 0},      {"<=", TK_LE, 0},
        {">", TK_GT, 0},      {">=", TK_GE, 0},      {"+", TK_PLUS, 0},    {"-", TK_MINUS, 0},
        {"*", TK_STAR, 0},    {"/", TK_SLASH, 0},    {"%", TK_REM, 0},     {"||", TK_CONCAT, 0},
        {"->", TK_ARROW, 0},  {"=>", TK_LAMBDA, 0},  {":=", TK_ASSIGN, 0}, {"==", TK_EQ, 1},
        {"<<", TK_LT, 1},     {">>", TK_GT, 1},      {"|", TK_ILLEGAL, 0}, {"!", TK_ILLEGAL, 0},
        {":", TK_ILLEGAL, 0}, {"#", TK_ILLEGAL, 0},  {"?", TK_ILLEGAL, 0}, {"\x01", TK_ILLEGAL, 0},
        {"é", TK_ILLEGAL, 2}, {"€x", TK_ILLEGAL, 3},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_lexer_numbers)
{
    static const lexcase cases[] = {
        {"123", TK_INTLIT, 0},    {"0", TK_INTLIT, 0},      {"00012", TK_INTLIT, 0},
        {"1.5", TK_DECLIT, 0},    {".5", TK_DECLIT, 0},     {"5.", TK_DECLIT, 0},
        {"1e5", TK_FLOATLIT, 0},  {"1E-3", TK_FLOATLIT, 0}, {"1.5e+10", TK_FLOATLIT, 0},
        {".5E2", TK_FLOATLIT, 0}, {"1e", TK_IDENT, 0},      {"1e5x", TK_IDENT, 0},
        {"12abc", TK_IDENT, 0},   {"1_000", TK_IDENT, 0},   {"1@a", TK_IDENT, 0},
        {"1.5abc", TK_DECLIT, 3}, {"1e+x", TK_IDENT, 2},    {"1.5.3", TK_DECLIT, 3},
        {"123+4", TK_INTLIT, 3},  {"1-2", TK_INTLIT, 1},    {"9e999", TK_FLOATLIT, 0},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_lexer_names_and_keywords)
{
    static const lexcase cases[] = {
        {"abc", TK_IDENT, 0},
        {"_x1", TK_IDENT, 0},
        {"a@b", TK_IDENT, 0},
        {"select", TK_SELECT, 0},
        {"SeLeCt", TK_SELECT, 0},
        {"SELECTS", TK_IDENT, 0},
        {"window", TK_WINDOW, 0},
        {"id", TK_ID, 0},
        {"a.b", TK_IDENT, 1},
        {"`a b`", TK_IDENT, 0},
        {"`a``b`", TK_IDENT, 0},
        {"\"x\"\"y\"", TK_IDENT, 0},
        {"``", TK_IDENT, 0},
        {"`abc", TK_ILLEGAL, 0},
        {"\"abc", TK_ILLEGAL, 0},
        {"${var}", TK_VARIABLE, 0},
        {"${a_1@}", TK_VARIABLE, 0},
        {"${1a}", TK_ILLEGAL, 2},
        {"${}", TK_ILLEGAL, 2},
        {"${a", TK_ILLEGAL, 3},
        {"$", TK_ILLEGAL, 0},
        {"$a", TK_ILLEGAL, 1},
        {"averyveryverylongidentifiername", TK_IDENT, 0},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_lexer_strings_and_comments)
{
    static const lexcase cases[] = {
        {"'abc'", TK_STRLIT, 0},       {"'it''s'", TK_STRLIT, 0},
        {"''", TK_STRLIT, 0},          {"''''", TK_STRLIT, 0},
        {"'a'b", TK_STRLIT, 3},        {"'abc", TK_ILLEGAL, 0},
        {"'a''", TK_ILLEGAL, 0},       {"'a;b'", TK_STRLIT, 0},
        {"'\n'", TK_STRLIT, 0},        {"-- x\nSELECT", TK_COMMENT, 4},
        {"--", TK_COMMENT, 0},         {"--@test: x", TK_COMMENT, 0},
        {"/* a */x", TK_COMMENT, 7},   {"/**/", TK_COMMENT, 0},
        {"/* a", TK_ILLEGAL, 0},       {"/*/", TK_ILLEGAL, 0},
        {" \t\r\n\f\vx", TK_SPACE, 6},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_lexer_stays_in_bounds)
{
    int type;
    /* The first n bytes only: a token cut by n must not look past it. */
    ck_assert_uint_eq(sl_lex_next("'abc'", 3, &type), 3);
    ck_assert_int_eq(type, TK_ILLEGAL);
    ck_assert_uint_eq(sl_lex_next("<=", 1, &type), 1);
    ck_assert_int_eq(type, TK_LT);
    ck_assert_uint_eq(sl_lex_next("1e5", 2, &type), 2);
    ck_assert_int_eq(type, TK_IDENT);
    ck_assert_uint_eq(sl_lex_next("${a}", 3, &type), 3);
    ck_assert_int_eq(type, TK_ILLEGAL);
    ck_assert_uint_eq(sl_lex_next("/**/", 3, &type), 3);
    ck_assert_int_eq(type, TK_ILLEGAL);
    ck_assert_uint_eq(sl_lex_next("x", 0, &type), 0);
    /* NUL bytes are data, not terminators. */
    ck_assert_uint_eq(sl_lex_next("'a\0b'", 5, &type), 5);
    ck_assert_int_eq(type, TK_STRLIT);
    ck_assert_uint_eq(sl_lex_next("\0", 1, &type), 1);
    ck_assert_int_eq(type, TK_ILLEGAL);
}
END_TEST

START_TEST(test_lexer_keyword_table)
{
    int n = sl_lex_keyword_count();
    ck_assert_int_gt(n, 100);
    for (int i = 0; i < n; i++) {
        int tk = sl_lex_keyword_code(i);
        const char *text = sl_lex_keyword_text(tk);
        ck_assert_ptr_nonnull(text);
        ck_assert_int_eq(sl_lex_keyword(text, strlen(text)), tk);
        char quoted[64];
        snprintf(quoted, sizeof quoted, "'%s'", text);
        ck_assert_str_eq(sl_lex_token_name(tk), quoted);
        if (i) ck_assert_int_lt(strcmp(sl_lex_keyword_text(sl_lex_keyword_code(i - 1)), text), 0);
    }
    ck_assert_int_eq(sl_lex_keyword("", 0), TK_IDENT);
    ck_assert_int_eq(sl_lex_keyword("SELECTX", 6), TK_SELECT);
}
END_TEST

/* Every terminal of the grammar is something the lexer produces (or a marker the driver
 * feeds), so no rule is unreachable because a keyword is missing from keywords.txt. */
START_TEST(test_lexer_every_grammar_token_is_lexable)
{
    for (int tk = 1; tk < sl_lemon_token_count(); tk++) {
        if (tk == TK_SPACE || tk == TK_COMMENT || tk == TK_ILLEGAL || tk == TK_EXPR_MARK ||
            tk == TK_UMINUS || tk == TK_NUMLIT || tk == TK_NEGLIT)
            continue;
        ck_assert_msg(strcmp(sl_lex_token_name(tk), "?") != 0, "token %d has no spelling", tk);
    }
}
END_TEST

START_TEST(test_lexer_reserved_words)
{
    ck_assert(sl_lex_is_reserved(TK_SELECT));
    ck_assert(sl_lex_is_reserved(TK_FROM));
    ck_assert(sl_lex_is_reserved(TK_AND));
    ck_assert(!sl_lex_is_reserved(TK_WINDOW));
    ck_assert(!sl_lex_is_reserved(TK_SIZE));
    ck_assert(!sl_lex_is_reserved(TK_KEY));
    ck_assert(!sl_lex_is_reserved(TK_TYPE));
    ck_assert(!sl_lex_is_reserved(TK_IDENT));
    ck_assert_str_eq(sl_lex_token_name(TK_IDENT), "IDENTIFIER");
    ck_assert_str_eq(sl_lex_token_name(TK_INTLIT), "INTEGER_VALUE");
    ck_assert_str_eq(sl_lex_token_name(0), "<EOF>");
}
END_TEST

static Suite *lexer_suite(void)
{
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_lexer_punctuation);
    tcase_add_test(tc, test_lexer_numbers);
    tcase_add_test(tc, test_lexer_names_and_keywords);
    tcase_add_test(tc, test_lexer_strings_and_comments);
    tcase_add_test(tc, test_lexer_stays_in_bounds);
    tcase_add_test(tc, test_lexer_keyword_table);
    tcase_add_test(tc, test_lexer_every_grammar_token_is_lexable);
    tcase_add_test(tc, test_lexer_reserved_words);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lexer_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
