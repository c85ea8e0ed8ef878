/*
 * test_fn_resolve.c - the scalar function library through the registry
 * (sl_fn_resolve): a few calls of each group resolve to the expected overload
 * and return type, including ksqlDB's implicit widening, DECIMAL return types
 * and its error texts (as in the conformance cases); and every signature of
 * every group resolves when called with exactly its parameter types.
 */
#define FNT_GROUPS ALL_GROUPS
#define ALL_GROUPS                                                                                 \
    {sl_fn_defs_math, sl_fn_ndefs_math}, {sl_fn_defs_string, sl_fn_ndefs_string},                  \
        {sl_fn_defs_mask, sl_fn_ndefs_mask}, {sl_fn_defs_encode, sl_fn_ndefs_encode},              \
        {sl_fn_defs_regex, sl_fn_ndefs_regex}, {sl_fn_defs_url, sl_fn_ndefs_url},                  \
        {sl_fn_defs_array, sl_fn_ndefs_array}, {sl_fn_defs_map, sl_fn_ndefs_map},                  \
        {sl_fn_defs_json, sl_fn_ndefs_json}, {sl_fn_defs_time, sl_fn_ndefs_time},                  \
        {sl_fn_defs_timecalc, sl_fn_ndefs_timecalc},                                               \
    {                                                                                              \
        sl_fn_defs_misc, sl_fn_ndefs_misc                                                          \
    }
#include "fn_test.h"

/* Resolves name over the types written as text ("INT", "ARRAY<STRING>", ...), the
 * ones marked with a leading '=' being constants; returns the return type as text
 * ("ERROR: ..." on failure) and *params the chosen overload. */
static const char *res(const char *name, int n, const char *const *types, const char **params)
{
    const sl_type **t = SL_ARENA_ARRAY(fnt_ar, const sl_type *, n + 1);
    sl_value *cv = SL_ARENA_ARRAY(fnt_ar, sl_value, n + 1);
    bool *isc = SL_ARENA_ARRAY(fnt_ar, bool, n + 1);
    for (int i = 0; i < n; i++) {
        const char *s = types[i];
        isc[i] = s[0] == '=';
        if (isc[i]) { /* "=STRING:2022-06-14" or "=INTERVAL" */
            const char *colon = strchr(s, ':');
            char ty[32];
            snprintf(ty, sizeof ty, "%.*s", (int)(colon ? colon - s - 1 : (long)strlen(s) - 1),
                     s + 1);
            t[i] = fnt_type(ty);
            cv[i] =
                colon ? sl_value_str(colon + 1, (uint32_t)strlen(colon + 1)) : sl_value_int(1000);
        } else {
            t[i] = fnt_type(s);
            cv[i] = sl_value_null();
        }
    }
    sl_fn_call *call = NULL;
    sl_error *err = sl_fn_resolve(fnt_ar, name, t, NULL, n, cv, isc, &call);
    sl_buf b = SL_BUF_INIT;
    if (err) {
        sl_buf_printf(&b, "ERROR: %s", err->msg);
        sl_error_free(err);
        if (params) *params = NULL;
    } else {
        sl_type_print(&b, call->ret_type);
        if (params) *params = call->sig->params;
    }
    char *r = sl_arena_strdup(fnt_ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

#define RES(name, ...)                                                                             \
    res(name, (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(char *)),                       \
        (const char *[]){__VA_ARGS__}, &chosen)

START_TEST(test_fn_resolve_math_and_strings)
{
    const char *chosen;
    EQ(RES("ABS", "INT"), "INTEGER");
    EQ(RES("abs", "DECIMAL(5,2)"), "DECIMAL(5, 2)");
    EQ(RES("ROUND", "DECIMAL(33,16)"), "DECIMAL(17, 0)");
    EQ(RES("ROUND", "DECIMAL(33,16)", "INT"), "DECIMAL(33, 16)");
    EQ(RES("ROUND", "DOUBLE", "INT"), "DOUBLE");
    EQ(RES("ROUND", "DOUBLE"), "BIGINT");
    EQ(RES("SQRT", "INT"), "DOUBLE");
    ck_assert_str_eq(chosen, "INT");
    EQ(RES("FLOOR", "DECIMAL(2,1)"), "DECIMAL(2, 1)");
    /* udf-implicit-cast.json: INT arguments widen to GEO_DISTANCE's DOUBLEs */
    EQ(RES("GEO_DISTANCE", "DOUBLE", "DOUBLE", "INT", "INT"), "DOUBLE");
    EQ(RES("GREATEST", "DECIMAL(9,2)", "DECIMAL(6,6)"), "DECIMAL(13, 6)");
    EQ(RES("GREATEST", "DATE", "DATE", "=STRING:2022-06-14"), "DATE");
    EQ(RES("GREATEST", "INT", "BIGINT"), "ERROR: Function 'GREATEST' cannot be resolved due to "
                                         "ambiguous method parameters (INTEGER, BIGINT).");
    EQ(RES("ABS", "STRING"), "ERROR: Function 'ABS' does not accept parameters (STRING).");
    EQ(RES("CONCAT", "STRING", "STRING", "STRING"), "STRING");
    EQ(RES("CONCAT", "BYTES", "BYTES"), "BYTES");
    EQ(RES("CONCAT_WS", "STRING", "STRING", "STRING"), "STRING");
    EQ(RES("SUBSTRING", "STRING", "INT", "INT"), "STRING");
    EQ(RES("SUBSTRING", "BYTES", "INT"), "BYTES");
    EQ(RES("LPAD", "BYTES", "INT", "BYTES"), "BYTES");
    EQ(RES("LEN", "BYTES"), "INTEGER");
    EQ(RES("SPLIT", "STRING", "STRING"), "ARRAY<STRING>");
    EQ(RES("SPLIT_TO_MAP", "STRING", "STRING", "STRING"), "MAP<STRING, STRING>");
    EQ(RES("INSTR", "STRING", "STRING", "INT", "INT"), "INTEGER");
    EQ(RES("ELT", "INT", "STRING", "STRING"), "STRING");
    EQ(RES("FIELD", "STRING", "STRING", "STRING"), "INTEGER");
    EQ(RES("MASK_LEFT", "STRING", "INT", "STRING", "STRING", "STRING", "STRING"), "STRING");
    EQ(RES("CHR", "INT"), "STRING");
    EQ(RES("CHR", "STRING"), "STRING");
    EQ(RES("TO_BYTES", "STRING", "STRING"), "BYTES");
    EQ(RES("INT_FROM_BYTES", "BYTES", "STRING"), "INTEGER");
    EQ(RES("UUID"), "STRING");
    EQ(RES("REGEXP_EXTRACT", "STRING", "STRING", "INT"), "STRING");
    EQ(RES("REGEXP_SPLIT_TO_ARRAY", "STRING", "STRING"), "ARRAY<STRING>");
    EQ(RES("URL_EXTRACT_PORT", "STRING"), "INTEGER");
    EQ(RES("URL_EXTRACT_PARAMETER", "STRING", "STRING"), "STRING");
}
END_TEST

START_TEST(test_fn_resolve_collections_json_time)
{
    const char *chosen;
    EQ(RES("ARRAY_CONTAINS", "ARRAY<STRING>", "STRING"), "BOOLEAN");
    EQ(RES("ARRAY_MAX", "ARRAY<DOUBLE>"), "DOUBLE");
    EQ(RES("ARRAY_SORT", "ARRAY<STRING>", "STRING"), "ARRAY<STRING>");
    ck_assert(strncmp(RES("ARRAY_SORT", "ARRAY<ARRAY<INT>>"), "ERROR: ", 7) == 0);
    EQ(RES("ARRAY_JOIN", "ARRAY<DECIMAL(5,2)>", "STRING"), "STRING");
    EQ(RES("ARRAY_UNION", "ARRAY<INT>", "ARRAY<INT>"), "ARRAY<INTEGER>");
    EQ(RES("ARRAY_REMOVE", "ARRAY<BIGINT>", "INT"), "ARRAY<BIGINT>");
    EQ(RES("GENERATE_SERIES", "INT", "INT"), "ARRAY<INTEGER>");
    EQ(RES("GENERATE_SERIES", "BIGINT", "BIGINT", "INT"), "ARRAY<BIGINT>");
    EQ(RES("SLICE", "ARRAY<STRING>", "INT", "INT"), "ARRAY<STRING>");
    EQ(RES("MAP_KEYS", "MAP<STRING,INT>"), "ARRAY<STRING>");
    EQ(RES("MAP_VALUES", "MAP<STRING,ARRAY<INT>>"), "ARRAY<ARRAY<INTEGER>>");
    EQ(RES("MAP_UNION", "MAP<STRING,INT>", "MAP<STRING,INT>"), "MAP<STRING, INTEGER>");
    EQ(RES("AS_MAP", "ARRAY<STRING>", "ARRAY<INT>"), "MAP<STRING, INTEGER>");
    EQ(RES("ENTRIES", "MAP<STRING,DOUBLE>", "BOOLEAN"), "ARRAY<STRUCT<`K` STRING, `V` DOUBLE>>");
    EQ(RES("TO_JSON_STRING", "STRUCT<A INT, B STRING>"), "STRING");
    EQ(RES("JSON_ARRAY_CONTAINS", "STRING", "INT"), "BOOLEAN");
    EQ(RES("JSON_RECORDS", "STRING"), "MAP<STRING, STRING>");
    EQ(RES("EXTRACTJSONFIELD", "STRING", "STRING"), "STRING");
    EQ(RES("TIMESTAMPADD", "=INTERVAL", "INT", "TIMESTAMP"), "TIMESTAMP");
    EQ(RES("DATESUB", "=INTERVAL", "INT", "DATE"), "DATE");
    EQ(RES("TIMEADD", "=INTERVAL", "INT", "TIME"), "TIME");
    /* timestampadd.json: a column where the unit should be */
    EQ(RES("TIMESTAMPADD", "TIMESTAMP", "INT", "TIMESTAMP"),
       "ERROR: Function 'TIMESTAMPADD' does not accept parameters (TIMESTAMP, INTEGER, "
       "TIMESTAMP).");
    EQ(RES("FORMAT_TIMESTAMP", "TIMESTAMP", "STRING", "STRING"), "STRING");
    EQ(RES("PARSE_TIMESTAMP", "STRING", "STRING"), "TIMESTAMP");
    EQ(RES("PARSE_DATE", "STRING", "STRING"), "DATE");
    EQ(RES("PARSE_TIME", "STRING", "STRING"), "TIME");
    EQ(RES("STRINGTOTIMESTAMP", "STRING", "STRING", "STRING"), "BIGINT");
    EQ(RES("TIMESTAMPTOSTRING", "BIGINT", "STRING"), "STRING");
    EQ(RES("FROM_UNIXTIME", "BIGINT"), "TIMESTAMP");
    EQ(RES("FROM_UNIXTIME", "INT"), "TIMESTAMP");
    EQ(RES("UNIX_DATE"), "INTEGER");
    EQ(RES("CONVERT_TZ", "TIMESTAMP", "STRING", "STRING"), "TIMESTAMP");
    EQ(RES("AS_VALUE", "ARRAY<STRING>"), "ARRAY<STRING>");
}
END_TEST

/* The text of a type as fnt_type reads it. */
static void concrete(sl_buf *b, const char **p)
{
    if (strncmp(*p, "...", 3) == 0) *p += 3;
    if (strncmp(*p, "ARRAY<", 6) == 0) {
        *p += 6;
        sl_buf_puts(b, "ARRAY<");
        concrete(b, p);
        sl_buf_putc(b, '>');
        (*p)++;
    } else if (strncmp(*p, "MAP<", 4) == 0) {
        *p += 4;
        sl_buf_puts(b, "MAP<");
        concrete(b, p);
        sl_buf_putc(b, ',');
        *p += 2;
        concrete(b, p);
        sl_buf_putc(b, '>');
        (*p)++;
    } else {
        const char *s = *p;
        while (**p && **p != ',' && **p != '>')
            (*p)++;
        size_t n = (size_t)(*p - s);
        if (n == 1 || (n == 3 && memcmp(s, "ANY", 3) == 0))
            sl_buf_puts(b, "INT");
        else if (n == 7 && memcmp(s, "DECIMAL", 7) == 0)
            sl_buf_puts(b, "DECIMAL(10,2)");
        else if (n == 6 && memcmp(s, "STRUCT", 6) == 0)
            sl_buf_puts(b, "STRUCT<F INT>");
        else if (n == 8 && memcmp(s, "INTERVAL", 8) == 0)
            sl_buf_puts(b, "=INTERVAL");
        else
            sl_buf_append(b, s, n);
    }
}

START_TEST(test_fn_resolve_every_signature)
{
    const struct {
        const sl_fn_def *defs;
        uint32_t n;
    } groups[] = {ALL_GROUPS};
    int checked = 0;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (uint32_t i = 0; i < groups[g].n; i++) {
            const sl_fn_def *d = &groups[g].defs[i];
            ck_assert_ptr_eq(sl_fn_lookup(d->name), d);
            for (uint32_t k = 0; k < d->nsigs; k++) {
                const char *types[16];
                int n = 0;
                for (const char *p = d->sigs[k].params; *p;) {
                    sl_buf b = SL_BUF_INIT;
                    concrete(&b, &p);
                    types[n++] = sl_arena_strdup(fnt_ar, sl_buf_cstr(&b));
                    sl_buf_free(&b);
                    if (*p == ',') p += 2;
                }
                const char *chosen = NULL;
                const char *ret = res(d->name, n, types, &chosen);
                ck_assert_msg(chosen != NULL, "%s(%s): %s", d->name, d->sigs[k].params, ret);
                /* the overload itself, or one of the same function at least as specific */
                bool same_def = false;
                for (uint32_t k2 = 0; k2 < d->nsigs; k2++)
                    same_def |= d->sigs[k2].params == chosen;
                ck_assert_msg(same_def, "%s(%s) resolved elsewhere", d->name, d->sigs[k].params);
                checked++;
            }
        }
    ck_assert_int_ge(checked, 244);
}
END_TEST

static Suite *fn_resolve_suite(void)
{
    Suite *s = suite_create("fn_resolve");
    TCase *tc = tcase_create("resolve");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_resolve_math_and_strings);
    tcase_add_test(tc, test_fn_resolve_collections_json_time);
    tcase_add_test(tc, test_fn_resolve_every_signature);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_resolve_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
