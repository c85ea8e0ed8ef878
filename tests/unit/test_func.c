/*
 * test_func.c - unit tests of the function registry (exec/func*.c): signature
 * parsing, ksqlDB's overload resolution (exact pass, widening pass, ranking,
 * ambiguity), generics, variadics, lambdas, error texts, and a walk over every
 * registered table.
 */
#include "exec/func.h"
#include "exec/func_int.h"

#include <check.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static sl_error *dummy(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)cx, (void)args, (void)nargs;
    *out = sl_value_null();
    return NULL;
}

static const sl_type *widest_decimal(sl_arena *ar, const sl_type *const *args, int n,
                                     sl_error **err)
{
    (void)err;
    int ip = 0, sc = 0;
    for (int i = 0; i < n; i++) {
        if (args[i]->kind != SL_K_DECIMAL) continue;
        if (args[i]->precision - args[i]->scale > ip) ip = args[i]->precision - args[i]->scale;
        if (args[i]->scale > sc) sc = args[i]->scale;
    }
    return sl_type_decimal(ar, ip + sc, sc);
}

#define SIG(p, r)                                                                                  \
    {                                                                                              \
        .params = p, .ret = r, .impl = dummy                                                       \
    }
static const sl_fn_sig abs_sigs[] = {SIG("INT", "INT"), SIG("BIGINT", "BIGINT"),
                                     SIG("DOUBLE", "DOUBLE"), SIG("DECIMAL", "DECIMAL")};
static const sl_fn_sig only_double_sigs[] = {SIG("DOUBLE", "DOUBLE")};
static const sl_fn_sig two_sigs[] = {SIG("BIGINT", "BIGINT"), SIG("DOUBLE", "DOUBLE")};
static const sl_fn_sig greatest_sigs[] = {
    SIG("INT, ...INT", "INT"),
    SIG("BIGINT, ...BIGINT", "BIGINT"),
    SIG("DOUBLE, ...DOUBLE", "DOUBLE"),
    {.params = "DECIMAL, ...DECIMAL", .ret_fn = widest_decimal, .impl = dummy},
    SIG("STRING, ...STRING", "STRING"),
    SIG("DATE, ...DATE", "DATE"),
};
static const sl_fn_sig contains_sigs[] = {SIG("ARRAY<T>, T", "BOOLEAN")};
static const sl_fn_sig transform_sigs[] = {
    SIG("ARRAY<T>, FUNC(T)->U", "ARRAY<U>"),
    SIG("MAP<K, V>, FUNC(K, V)->T, FUNC(K, V)->U", "MAP<T, U>"),
};
static const sl_fn_sig reduce_sigs[] = {
    SIG("ARRAY<T>, U, FUNC(U, T)->U", "U"),
    SIG("MAP<K, V>, U, FUNC(U, K, V)->U", "U"),
};
static const sl_fn_sig explode_sigs[] = {SIG("ARRAY<DECIMAL> input", "DECIMAL"),
                                         SIG("ARRAY<T> list", "T")};
static const sl_fn_sig concat_sigs[] = {SIG("STRING, ...STRING", "STRING"),
                                        SIG("...ANY", "STRING")};
static const sl_fn_sig arity_sigs[] = {SIG("INT, INT", "INT"), SIG("...INT", "INT")};
static const sl_fn_sig bad_sigs[] = {SIG("ARRAY<INT", "INT"),
                                     SIG("FOO", "INT"),
                                     SIG("...INT, INT", "INT"),
                                     SIG("INT", "T"),
                                     {.params = "INT", .ret = "INT"}};
static const sl_fn_sig struct_sigs[] = {SIG("STRUCT", "STRUCT")};

#define DEF(n, s)                                                                                  \
    {                                                                                              \
        .name = n, .kind = SL_FN_SCALAR, .category = "TEST", .description = n, .sigs = s,          \
        .nsigs = sizeof s / sizeof *s                                                              \
    }
static const sl_fn_def defs[] = {
    DEF("ABS", abs_sigs),           DEF("ONLY_DOUBLE", only_double_sigs),
    DEF("TWO", two_sigs),           DEF("GREATEST", greatest_sigs),
    DEF("CONTAINS", contains_sigs), DEF("TRANSFORM", transform_sigs),
    DEF("REDUCE", reduce_sigs),     DEF("EXPLODE", explode_sigs),
    DEF("CAT", concat_sigs),        DEF("ARITY", arity_sigs),
    DEF("STRUCTY", struct_sigs),
};
static const sl_fn_def bad_defs[] = {DEF("BAD", bad_sigs), DEF("ABS", abs_sigs),
                                     DEF("abs", abs_sigs)};

static sl_arena *ar;
static sl_fn_index *ix;

static void setup(void)
{
    ar = sl_arena_new(0);
    const sl_fn_def *p[sizeof defs / sizeof *defs];
    for (size_t i = 0; i < sizeof defs / sizeof *defs; i++)
        p[i] = &defs[i];
    ix = sl_fn_index_new(p, sizeof defs / sizeof *defs);
}

static void teardown(void)
{
    sl_fn_index_free(ix);
    sl_arena_free(ar);
}

static const char *tstr(const sl_type *t)
{
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, t);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

/* Resolves with no constants and no lambdas; returns the call or NULL with *msg set. */
static sl_fn_call *resolve(const char *name, int n, const sl_type *const *types, char **msg)
{
    sl_fn_call *call = NULL;
    sl_error *err = sl_fn_index_resolve(ix, ar, name, types, NULL, n, NULL, NULL, &call);
    if (err) {
        if (msg) *msg = sl_arena_strdup(ar, err->msg);
        sl_error_free(err);
        return NULL;
    }
    return call;
}

START_TEST(test_func_exact_match_wins)
{
    const sl_type *t[] = {&sl_type_int};
    sl_fn_call *c = resolve("abs", 1, t, NULL);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->sig->params, "INT");
    ck_assert_int_eq(c->ret_type->kind, SL_K_INT);
    const sl_type *d[] = {sl_type_decimal(ar, 5, 2)};
    c = resolve("ABS", 1, d, NULL);
    ck_assert_str_eq(tstr(c->ret_type), "DECIMAL(5, 2)");
}
END_TEST

START_TEST(test_func_widening_pass)
{
    const sl_type *t[] = {&sl_type_int};
    sl_fn_call *c = resolve("ONLY_DOUBLE", 1, t, NULL);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->arg_types[0]->kind, SL_K_DOUBLE);
    /* INT widens to BIGINT and to DOUBLE alike: ksqlDB calls that ambiguous */
    char *msg = NULL;
    ck_assert_ptr_null(resolve("TWO", 1, t, &msg));
    ck_assert_str_eq(msg, "Function 'TWO' cannot be resolved due to ambiguous method parameters "
                          "(INTEGER).");
}
END_TEST

START_TEST(test_func_ambiguity_and_no_match_texts)
{
    char *msg = NULL;
    const sl_type *ib[] = {&sl_type_int, &sl_type_bigint};
    ck_assert_ptr_null(resolve("GREATEST", 2, ib, &msg));
    ck_assert_str_eq(msg, "Function 'GREATEST' cannot be resolved due to ambiguous method "
                          "parameters (INTEGER, BIGINT).");
    const sl_type *nn[] = {&sl_type_null, &sl_type_null, &sl_type_null, &sl_type_null};
    ck_assert_ptr_null(resolve("GREATEST", 4, nn, &msg));
    ck_assert_str_eq(msg, "Function 'GREATEST' cannot be resolved due to ambiguous method "
                          "parameters (null, null, null, null).");
    ck_assert_ptr_null(resolve("GREATEST", 0, NULL, &msg));
    ck_assert_str_eq(msg, "Function 'GREATEST' does not accept parameters ().");
    const sl_type *si[] = {&sl_type_string, &sl_type_int};
    ck_assert_ptr_null(resolve("GREATEST", 2, si, &msg));
    ck_assert_str_eq(msg, "Function 'GREATEST' does not accept parameters (STRING, INTEGER).");
    ck_assert_ptr_null(resolve("WONT_FIND_ME", 0, NULL, &msg));
    ck_assert_str_eq(msg, "Can't find any functions with the name 'WONT_FIND_ME'");
}
END_TEST

START_TEST(test_func_error_lists_alternatives_with_names)
{
    const sl_type *m[] = {sl_type_map(ar, &sl_type_string, &sl_type_int)};
    sl_fn_call *call = NULL;
    sl_error *err = sl_fn_index_resolve(ix, ar, "EXPLODE", m, NULL, 1, NULL, NULL, &call);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->code, SL_E_TYPE);
    ck_assert_str_eq(err->msg, "Function 'EXPLODE' does not accept parameters (MAP<STRING, "
                               "INTEGER>).");
    ck_assert_str_eq(err->detail, "Valid alternatives are:\nEXPLODE(ARRAY<DECIMAL> input)\n"
                                  "EXPLODE(ARRAY<T> list)");
    ck_assert_str_eq(err->hint, "For detailed information on a function run: DESCRIBE FUNCTION "
                                "<Function-Name>;");
    sl_error_free(err);
    sl_field f[] = {{"A", &sl_type_string}};
    const sl_type *s[] = {sl_type_struct(ar, 1, f), &sl_type_int};
    char *msg = NULL;
    ck_assert_ptr_null(resolve("STRUCTY", 2, s, &msg));
    ck_assert_str_eq(msg, "Function 'STRUCTY' does not accept parameters (STRUCT<A STRING>, "
                          "INTEGER).");
}
END_TEST

START_TEST(test_func_variadic_and_decimal_ret_fn)
{
    const sl_type *d[] = {sl_type_decimal(ar, 9, 2), sl_type_decimal(ar, 7, 6)};
    sl_fn_call *c = resolve("GREATEST", 2, d, NULL);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(tstr(c->ret_type), "DECIMAL(13, 6)");
    const sl_type *i3[] = {&sl_type_int, &sl_type_int, &sl_type_null, &sl_type_int};
    c = resolve("GREATEST", 4, i3, NULL);
    ck_assert_str_eq(c->sig->params, "INT, ...INT");
    ck_assert_int_eq(c->arg_types[2]->kind, SL_K_INT); /* NULL takes the parameter's type */
    /* STRING, ...STRING (2 params) beats ...ANY (1 param, generic) */
    const sl_type *ss[] = {&sl_type_string, &sl_type_string};
    c = resolve("CAT", 2, ss, NULL);
    ck_assert_str_eq(c->sig->params, "STRING, ...STRING");
    const sl_type *si[] = {&sl_type_string, &sl_type_int};
    c = resolve("CAT", 2, si, NULL);
    ck_assert_str_eq(c->sig->params, "...ANY");
    /* fixed arity beats variadic */
    const sl_type *ii[] = {&sl_type_int, &sl_type_int};
    c = resolve("ARITY", 2, ii, NULL);
    ck_assert_str_eq(c->sig->params, "INT, INT");
    c = resolve("ARITY", 3, i3, NULL);
    ck_assert_str_eq(c->sig->params, "...INT");
}
END_TEST

START_TEST(test_func_constant_string_to_temporal)
{
    const sl_type *t[] = {&sl_type_date, &sl_type_string};
    bool isc[] = {false, true};
    sl_value cv[] = {sl_value_null(), sl_value_str("2022-06-14", 10)};
    sl_fn_call *c = NULL;
    sl_error *err = sl_fn_index_resolve(ix, ar, "GREATEST", t, NULL, 2, cv, isc, &c);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(c->sig->params, "DATE, ...DATE");
    ck_assert_int_eq(c->arg_types[1]->kind, SL_K_DATE);
    ck_assert(c->is_const[1] && !c->is_const[0]);
    ck_assert_int_eq(c->const_args[1].len, 10);
    /* a non-constant STRING does not become a DATE */
    bool none[] = {false, false};
    err = sl_fn_index_resolve(ix, ar, "GREATEST", t, NULL, 2, cv, none, &c);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
}
END_TEST

START_TEST(test_func_generics_bind_and_widen)
{
    const sl_type *t[] = {sl_type_array(ar, &sl_type_bigint), &sl_type_int};
    sl_fn_call *c = resolve("CONTAINS", 2, t, NULL);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->arg_types[1]->kind, SL_K_BIGINT);
    ck_assert_int_eq(c->ret_type->kind, SL_K_BOOLEAN);
    /* T = INT from the array, then BIGINT widens the binding */
    const sl_type *w[] = {sl_type_array(ar, &sl_type_int), &sl_type_bigint};
    c = resolve("CONTAINS", 2, w, NULL);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(tstr(c->arg_types[0]), "ARRAY<BIGINT>");
    const sl_type *bad[] = {sl_type_array(ar, &sl_type_int), &sl_type_string};
    char *msg = NULL;
    ck_assert_ptr_null(resolve("CONTAINS", 2, bad, &msg));
    ck_assert_str_eq(msg, "Function 'CONTAINS' does not accept parameters (ARRAY<INTEGER>, "
                          "STRING).");
}
END_TEST

START_TEST(test_func_lambdas)
{
    const sl_type *params[3];
    int np = 0;
    const sl_type *at[] = {sl_type_array(ar, &sl_type_string), NULL};
    ck_assert_ptr_null(sl_fn_index_lambda_params(ix, ar, "TRANSFORM", at, 2, 1, params, &np));
    ck_assert_int_eq(np, 1);
    ck_assert_int_eq(params[0]->kind, SL_K_STRING);
    const sl_type *lr[] = {NULL, &sl_type_int};
    sl_fn_call *c = NULL;
    ck_assert_ptr_null(sl_fn_index_resolve(ix, ar, "TRANSFORM", at, lr, 2, NULL, NULL, &c));
    ck_assert_str_eq(tstr(c->ret_type), "ARRAY<INTEGER>");
    ck_assert_int_eq(c->arg_types[1]->kind, SL_K_LAMBDA);

    const sl_type *mt[] = {sl_type_map(ar, &sl_type_string, &sl_type_int), NULL, NULL};
    ck_assert_ptr_null(sl_fn_index_lambda_params(ix, ar, "TRANSFORM", mt, 3, 2, params, &np));
    ck_assert_int_eq(np, 2);
    ck_assert_int_eq(params[0]->kind, SL_K_STRING);
    ck_assert_int_eq(params[1]->kind, SL_K_INT);
    const sl_type *mlr[] = {NULL, &sl_type_string, &sl_type_double};
    ck_assert_ptr_null(sl_fn_index_resolve(ix, ar, "TRANSFORM", mt, mlr, 3, NULL, NULL, &c));
    ck_assert_str_eq(tstr(c->ret_type), "MAP<STRING, DOUBLE>");

    const sl_type *rt[] = {sl_type_array(ar, &sl_type_int), &sl_type_bigint, NULL};
    ck_assert_ptr_null(sl_fn_index_lambda_params(ix, ar, "REDUCE", rt, 3, 2, params, &np));
    ck_assert_int_eq(np, 2);
    ck_assert_int_eq(params[0]->kind, SL_K_BIGINT);
    ck_assert_int_eq(params[1]->kind, SL_K_INT);
    const sl_type *rlr[] = {NULL, NULL, &sl_type_bigint};
    ck_assert_ptr_null(sl_fn_index_resolve(ix, ar, "REDUCE", rt, rlr, 3, NULL, NULL, &c));
    ck_assert_int_eq(c->ret_type->kind, SL_K_BIGINT);
    /* a lambda where none is expected, and a lambda body of the wrong type */
    sl_error *err = sl_fn_index_lambda_params(ix, ar, "REDUCE", rt, 3, 0, params, &np);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    const sl_type *bad_lr[] = {NULL, NULL, &sl_type_string};
    err = sl_fn_index_resolve(ix, ar, "REDUCE", rt, bad_lr, 3, NULL, NULL, &c);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
}
END_TEST

START_TEST(test_func_check_reports_bad_tables)
{
    const sl_fn_def *p[] = {&bad_defs[0], &bad_defs[1], &bad_defs[2]};
    sl_fn_index *bad = sl_fn_index_new(p, 3);
    sl_error *err = sl_fn_index_check(bad);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err->msg, "BAD overload 0"));
    ck_assert_ptr_nonnull(strstr(err->msg, "BAD overload 1"));
    ck_assert_ptr_nonnull(strstr(err->msg, "BAD overload 2"));
    ck_assert_ptr_nonnull(strstr(err->msg, "BAD overload 3: return type uses an unbound"));
    ck_assert_ptr_nonnull(strstr(err->msg, "BAD overload 4: scalar without impl"));
    ck_assert_ptr_nonnull(strstr(err->msg, "abs: name is not upper case"));
    ck_assert_ptr_nonnull(strstr(err->msg, "defined twice"));
    sl_error_free(err);
    /* a malformed overload is never chosen */
    const sl_type *t[] = {&sl_type_int};
    sl_fn_call *c = NULL;
    err = sl_fn_index_resolve(bad, ar, "BAD", t, NULL, 1, NULL, NULL, &c);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    sl_fn_index_free(bad);
    ck_assert_ptr_null(sl_fn_index_check(ix));
}
END_TEST

START_TEST(test_func_registered_tables_are_sound)
{
    sl_error *err = sl_fn_check_tables();
    if (err) ck_abort_msg("function tables:\n%s", err->msg);
    uint32_t n = 0;
    const sl_fn_def *const *all = sl_fn_all(&n);
    for (uint32_t i = 1; i < n; i++)
        ck_assert_int_lt(strcasecmp(all[i - 1]->name, all[i]->name), 0); /* the index order */
    for (uint32_t i = 0; i < n; i++) {
        ck_assert_ptr_eq(sl_fn_lookup(all[i]->name), all[i]);
        char lower[128];
        size_t k = 0;
        for (; all[i]->name[k] && k < sizeof lower - 1; k++)
            lower[k] = (char)tolower((unsigned char)all[i]->name[k]); /* '_' | 0x20 is DEL */
        lower[k] = '\0';
        ck_assert_ptr_eq(sl_fn_lookup(lower), all[i]);
    }
    ck_assert_ptr_null(sl_fn_lookup("NO_SUCH_FUNCTION_ANYWHERE"));
}
END_TEST

START_TEST(test_func_signature_print)
{
    sl_fn_psig ps;
    sl_fn_sig sig = SIG("MAP<K, V> m, FUNC(K, V)->T f, ...DECIMAL rest", "T");
    ck_assert_ptr_null(sl_fn_sig_parse(ar, &sig, &ps));
    ck_assert_int_eq(ps.nparams, 3);
    ck_assert(ps.variadic);
    ck_assert_int_eq(ps.ngenerics, 2);
    sl_buf b = SL_BUF_INIT;
    sl_fn_sig_print(&b, "F", &ps);
    ck_assert_str_eq(sl_buf_cstr(&b), "F(MAP<K, V> m, FUNC(K, V)->T f, DECIMAL... rest)");
    sl_buf_free(&b);
    sl_fn_sig empty = SIG("", "INT");
    ck_assert_ptr_null(sl_fn_sig_parse(ar, &empty, &ps));
    ck_assert_int_eq(ps.nparams, 0);
}
END_TEST

static Suite *func_suite(void)
{
    Suite *s = suite_create("func");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_func_exact_match_wins);
    tcase_add_test(tc, test_func_widening_pass);
    tcase_add_test(tc, test_func_ambiguity_and_no_match_texts);
    tcase_add_test(tc, test_func_error_lists_alternatives_with_names);
    tcase_add_test(tc, test_func_variadic_and_decimal_ret_fn);
    tcase_add_test(tc, test_func_constant_string_to_temporal);
    tcase_add_test(tc, test_func_generics_bind_and_widen);
    tcase_add_test(tc, test_func_lambdas);
    tcase_add_test(tc, test_func_check_reports_bad_tables);
    tcase_add_test(tc, test_func_registered_tables_are_sound);
    tcase_add_test(tc, test_func_signature_print);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(func_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
