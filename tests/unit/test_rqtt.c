/*
 * test_rqtt.c - unit tests of the RQTT runner's response comparison (cli/rqtt_match.c):
 * expected fields are a subset, STARTS_WITH and {STATEMENT}, row columns as a multiset
 * unless the order is verified, element counts, and expected errors.
 */
#include "cli/rqtt.h"

#include <check.h>
#include <stdlib.h>

static json_t *J(const char *text)
{
    json_error_t jerr;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);
    ck_assert_msg(j != NULL, "bad test JSON: %s", text);
    return j;
}

static bool admin(const char *exp, const char *act, const char *stmt)
{
    json_t *e = J(exp), *a = J(act);
    sl_buf why = SL_BUF_INIT;
    bool ok = rqtt_match_admin(e, a, stmt, "responses[0]->admin", &why);
    sl_buf_free(&why);
    json_decref(e);
    json_decref(a);
    return ok;
}

static bool query(const char *exp, const char *act, bool order)
{
    json_t *e = J(exp), *a = J(act);
    sl_buf why = SL_BUF_INIT;
    bool ok = rqtt_match_query(e, a, "SELECT 1;", order, "responses[1]->query", &why);
    ck_assert_msg(ok || why.len, "a mismatch without a reason");
    sl_buf_free(&why);
    json_decref(e);
    json_decref(a);
    return ok;
}

START_TEST(test_rqtt_subset)
{
    const char *ent =
        "{\"@type\":\"currentStatus\",\"commandId\":\"x\",\"statementText\":\"CREATE S;\","
        "\"commandStatus\":{\"status\":\"SUCCESS\",\"message\":\"Stream created\"}}";
    ck_assert(admin("{\"@type\":\"currentStatus\"}", ent, NULL));
    ck_assert(!admin("{\"@type\":\"streams\"}", ent, NULL));
    ck_assert(!admin("{\"missing\":1}", ent, NULL));
    ck_assert(admin("{\"commandStatus\":{\"status\":\"SUCCESS\"}}", ent, NULL));
    ck_assert(admin("{\"commandStatus\":{\"message|STARTS_WITH\":\"Stream\"}}", ent, NULL));
    ck_assert(!admin("{\"commandStatus\":{\"message|STARTS_WITH\":\"Table\"}}", ent, NULL));
    ck_assert(admin("{\"statementText\":\"{STATEMENT}\"}", ent, "CREATE S;"));
    ck_assert(!admin("{\"statementText\":\"{STATEMENT}\"}", ent, "CREATE T;"));
}
END_TEST

START_TEST(test_rqtt_rows)
{
    const char *act = "[{\"header\":{\"queryId\":\"q\",\"schema\":\"`K` INTEGER\"}},"
                      "{\"row\":{\"columns\":[2]}},{\"row\":{\"columns\":[1.0]}},"
                      "{\"finalMessage\":\"Limit Reached\"}]";
    const char *same = "[{\"header\":{\"schema\":\"`K` INTEGER\"}},{\"row\":{\"columns\":[2]}},"
                       "{\"row\":{\"columns\":[1]}},{\"finalMessage\":\"Limit Reached\"}]";
    const char *swapped = "[{\"header\":{\"schema\":\"`K` INTEGER\"}},{\"row\":{\"columns\":[1]}},"
                          "{\"row\":{\"columns\":[2]}},{\"finalMessage\":\"Limit Reached\"}]";
    const char *other = "[{\"header\":{\"schema\":\"`K` INTEGER\"}},{\"row\":{\"columns\":[1]}},"
                        "{\"row\":{\"columns\":[1]}},{\"finalMessage\":\"Limit Reached\"}]";
    ck_assert(query(same, act, false));
    ck_assert(query(swapped, act, false)); /* any order */
    ck_assert(!query(swapped, act, true)); /* unless it is verified */
    ck_assert(!query(other, act, false));  /* a multiset: [1] twice is not [1] and [2] */
    ck_assert(!query("[{\"header\":{}}]", act, false)); /* element count */
}
END_TEST

START_TEST(test_rqtt_errors)
{
    json_t *body = J("{\"@type\":\"statement_error\",\"error_code\":40001,"
                     "\"message\":\"line 1:9: Syntax Error\\nmore\"}");
    sl_buf why = SL_BUF_INIT;
    json_t *e = J("{\"type\":\"io.confluent.ksql.rest.entity.KsqlStatementErrorMessage\","
                  "\"message\":\"Syntax Error\",\"status\":400}");
    ck_assert(rqtt_match_error(e, 400, body, &why));
    ck_assert(!rqtt_match_error(e, 500, body, &why));
    json_decref(e);
    e = J("{\"message\":\"not this\"}");
    ck_assert(!rqtt_match_error(e, 400, body, &why));
    json_decref(e);
    json_t *generic = J("{\"@type\":\"generic_error\",\"error_code\":40001,\"message\":\"x\"}");
    e = J("{\"type\":\"io.confluent.ksql.rest.entity.KsqlStatementErrorMessage\"}");
    ck_assert(!rqtt_match_error(e, 400, generic, &why));
    json_decref(e);
    e = J("{\"type\":\"io.confluent.ksql.rest.entity.KsqlErrorMessage\"}");
    ck_assert(rqtt_match_error(e, 400, generic, &why));
    json_decref(e);
    json_decref(generic);
    json_decref(body);
    sl_buf_free(&why);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rqtt");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_rqtt_subset);
    tcase_add_test(tc, test_rqtt_rows);
    tcase_add_test(tc, test_rqtt_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
