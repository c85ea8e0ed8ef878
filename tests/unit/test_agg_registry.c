/*
 * test_agg_registry.c - the aggregate and table functions as the binder sees
 * them: through the registry (sl_fn_lookup, sl_fn_resolve). Resolves ksqlDB's
 * typical calls and checks the overload and return type chosen and its
 * errors; then walks every signature of this part, resolves a call that fits
 * it, and drives what it resolved to (planning check, add, merge, result,
 * state round trip; or the table function).
 */
#include "agg_test.h"

#include <stdio.h>

/* Resolves name(types) with constants consts (NULL: none); returns the call
 * or NULL with *err set. */
static sl_fn_call *resolve(const char *name, int n, const sl_type *const *types,
                           const sl_value *consts, const bool *is_const, sl_error **err)
{
    sl_fn_call *c = NULL;
    *err = sl_fn_resolve(ar, name, types, NULL, n, consts, is_const, &c);
    return c;
}

static const char *type_str(const sl_type *t)
{
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, t);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

/* Resolves name(types...) and returns "<params of the overload> -> <return type>". */
static const char *pick(const char *name, int n, const sl_type *const *types)
{
    sl_value consts[4] = {vint(3), vint(3), vint(3), vint(3)};
    bool is_const[4] = {false, true, true, true};
    for (int i = 0; i < n; i++)
        if (types[i]->kind == SL_K_BOOLEAN) consts[i] = sl_value_bool(false);
    sl_error *err;
    sl_fn_call *c = resolve(name, n, types, consts, is_const, &err);
    if (!c) {
        const char *s = sl_arena_strdup(ar, err->msg);
        sl_error_free(err);
        return s;
    }
    return sl_arena_printf(ar, "%s -> %s", c->sig->params, type_str(c->ret_type));
}

#define T(...) ((const sl_type *const[]){__VA_ARGS__})

START_TEST(test_agg_registry_resolves_like_ksqldb)
{
    const sl_type *d41 = sl_type_decimal(ar, 4, 1), *d21 = sl_type_decimal(ar, 2, 1);
    const sl_type *i = &sl_type_int, *l = &sl_type_bigint, *d = &sl_type_double;
    const sl_type *s = &sl_type_string, *b = &sl_type_boolean;
    ck_assert_str_eq(pick("COUNT", 0, NULL), " -> BIGINT");
    ck_assert_str_eq(pick("count", 1, T(s)), "ANY -> BIGINT");
    ck_assert_str_eq(pick("SUM", 1, T(i)), "INT -> INTEGER");
    ck_assert_str_eq(pick("SUM", 1, T(l)), "BIGINT -> BIGINT");
    ck_assert_str_eq(pick("SUM", 1, T(d)), "DOUBLE -> DOUBLE");
    ck_assert_str_eq(pick("SUM", 1, T(d41)), "DECIMAL -> DECIMAL(4, 1)");
    ck_assert_str_eq(pick("SUM", 1, T(s)), "Function 'SUM' does not accept parameters (STRING).");
    ck_assert_str_eq(pick("SUM_LIST", 1, T(sl_type_array(ar, l))), "ARRAY<BIGINT> -> BIGINT");
    ck_assert_str_eq(pick("AVG", 1, T(i)), "INT -> DOUBLE");
    ck_assert_str_eq(pick("AVG", 1, T(d41)), "DOUBLE -> DOUBLE"); /* DECIMAL widens */
    ck_assert_str_eq(pick("MAX", 1, T(&sl_type_timestamp)), "TIMESTAMP -> TIMESTAMP");
    ck_assert_str_eq(pick("MIN", 1, T(d41)), "DECIMAL -> DECIMAL(4, 1)");
    ck_assert_str_eq(pick("MIN", 1, T(&sl_type_bytes)), "BYTES -> BYTES");
    ck_assert_str_eq(pick("MIN", 1, T(b)), "Function 'MIN' does not accept parameters (BOOLEAN).");
    ck_assert_str_eq(pick("STDDEV_SAMP", 1, T(l)), "BIGINT -> DOUBLE");
    ck_assert_str_eq(pick("STDDEV_SAMPLE", 1, T(d)), "DOUBLE -> DOUBLE");
    ck_assert_str_eq(pick("CORRELATION", 2, T(i, l)), "DOUBLE, DOUBLE -> DOUBLE");
    ck_assert_str_eq(pick("COUNT_DISTINCT", 1, T(s)), "ANY -> BIGINT");
    sl_field f = {"A", s};
    const sl_type *st = sl_type_struct(ar, 1, &f);
    ck_assert_str_eq(pick("EARLIEST_BY_OFFSET", 1, T(st)), "T -> STRUCT<`A` STRING>");
    ck_assert_str_eq(pick("LATEST_BY_OFFSET", 2, T(st, i)), "T, INT -> ARRAY<STRUCT<`A` STRING>>");
    ck_assert_str_eq(pick("LATEST_BY_OFFSET", 2, T(i, b)), "T, BOOLEAN -> INTEGER");
    ck_assert_str_eq(pick("LATEST_BY_OFFSET", 3, T(d41, i, b)),
                     "T, INT, BOOLEAN -> ARRAY<DECIMAL(4, 1)>");
    const sl_type *mt = sl_type_map(ar, s, i);
    ck_assert_str_eq(pick("COLLECT_LIST", 1, T(mt)), "T -> ARRAY<MAP<STRING, INTEGER>>");
    ck_assert_str_eq(pick("COLLECT_SET", 1, T(st)), "T -> ARRAY<STRUCT<`A` STRING>>");
    ck_assert_str_eq(pick("HISTOGRAM", 1, T(s)), "STRING -> MAP<STRING, BIGINT>");
    ck_assert_str_eq(pick("TOPK", 2, T(i, i)), "T, INT -> ARRAY<INTEGER>");
    ck_assert_str_eq(pick("TOPK", 3, T(l, s, i)),
                     "T, ANY, INT -> ARRAY<STRUCT<`sort_col` BIGINT, `col0` STRING>>");
    ck_assert_str_eq(pick("TOPK", 2, T(mt, i)),
                     "Function 'TOPK' does not accept parameters (MAP<STRING, INTEGER>, INTEGER).");
    ck_assert_str_eq(pick("TOPKDISTINCT", 2, T(d21, i)), "T, INT -> ARRAY<DECIMAL(2, 1)>");
    ck_assert_str_eq(pick("EXPLODE", 1, T(sl_type_array(ar, st))),
                     "ARRAY<T> list -> STRUCT<`A` STRING>");
    ck_assert_str_eq(pick("EXPLODE", 1, T(sl_type_array(ar, d41))),
                     "ARRAY<DECIMAL> input -> DECIMAL(4, 1)");
    ck_assert_str_eq(pick("CUBE_EXPLODE", 1, T(sl_type_array(ar, s))), "ARRAY<T> -> ARRAY<STRING>");
}
END_TEST

/* explode.json "explode shouldn't accept map": the alternatives ksqlDB lists. */
START_TEST(test_agg_registry_explode_alternatives)
{
    sl_error *err;
    ck_assert_ptr_null(
        resolve("explode", 1, T(sl_type_map(ar, &sl_type_string, &sl_type_int)), NULL, NULL, &err));
    ck_assert_str_eq(err->msg,
                     "Function 'EXPLODE' does not accept parameters (MAP<STRING, INTEGER>).");
    ck_assert_ptr_nonnull(err->detail);
    ck_assert_ptr_nonnull(strstr(err->detail, "Valid alternatives are:\n"));
    ck_assert_ptr_nonnull(strstr(err->detail, "(ARRAY<DECIMAL> input)\n"));
    ck_assert_ptr_nonnull(strstr(err->detail, "(ARRAY<T> list)"));
    sl_error_free(err);
}
END_TEST

/* ---- walking every signature ---- */

/* A concrete type for one parameter of the signature text. */
static const sl_type *param_type(const char *p, size_t n)
{
    static const struct {
        const char *text;
        const sl_type *t;
    } simple[] = {
        {"INT", &sl_type_int},       {"BIGINT", &sl_type_bigint}, {"DOUBLE", &sl_type_double},
        {"STRING", &sl_type_string}, {"BYTES", &sl_type_bytes},   {"BOOLEAN", &sl_type_boolean},
        {"DATE", &sl_type_date},     {"TIME", &sl_type_time},     {"TIMESTAMP", &sl_type_timestamp},
        {"T", &sl_type_bigint},      {"ANY", &sl_type_string},
    };
    const char *sp = memchr(p, ' ', n); /* drop a parameter name */
    if (sp && !memchr(p, '<', (size_t)(sp - p)))
        n = (size_t)(sp - p);
    else if (sp && memchr(p, '>', n))
        n = (size_t)((const char *)memchr(p, '>', n) - p) + 1;
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        if (strlen(simple[i].text) == n && memcmp(simple[i].text, p, n) == 0) return simple[i].t;
    if (n == 7 && memcmp(p, "DECIMAL", 7) == 0) return sl_type_decimal(ar, 10, 2);
    if (n > 7 && memcmp(p, "ARRAY<", 6) == 0) return sl_type_array(ar, param_type(p + 6, n - 7));
    ck_abort_msg("no test type for parameter '%.*s'", (int)n, p);
    return NULL;
}

/* A value of type t, the i-th of a few distinct ones. */
static sl_value some_value(const sl_type *t, int i)
{
    switch (t->kind) {
    case SL_K_BOOLEAN:
        return sl_value_bool(i & 1);
    case SL_K_DOUBLE:
        return vdbl(i * 1.5);
    case SL_K_DECIMAL:
        return vdec(i * 125);
    case SL_K_STRING:
    case SL_K_BYTES: {
        char *s = sl_arena_printf(ar, "v%d", i);
        return sl_value_str(s, (uint32_t)strlen(s));
    }
    case SL_K_ARRAY: {
        sl_array *a = sl_array_new(ar, 2);
        a->v[0] = some_value(t->elem, i);
        a->v[1] = i % 3 ? some_value(t->elem, i + 1) : vnull();
        return sl_value_array(a);
    }
    default:
        return vint(i * 7 - 10);
    }
}

/* Resolves a call that fits sig exactly and drives it. */
static void walk_sig(const sl_fn_def *def, const sl_fn_sig *sig)
{
    const sl_type *types[8];
    sl_value consts[8];
    bool is_const[8] = {false};
    int n = 0;
    for (const char *p = sig->params; *p; n++) {
        const char *end = p;
        for (int depth = 0; *end && (depth || *end != ','); end++)
            depth += *end == '<' ? 1 : *end == '>' ? -1 : 0;
        types[n] = param_type(p, (size_t)(end - p));
        is_const[n] = n > 0 && (types[n]->kind == SL_K_INT || types[n]->kind == SL_K_BOOLEAN) &&
                      def->kind == SL_FN_AGGREGATE && !(strcmp(def->name, "CORRELATION") == 0);
        consts[n] = types[n]->kind == SL_K_BOOLEAN ? sl_value_bool(false) : vint(3);
        p = *end ? end + 2 : end;
    }
    sl_error *err;
    sl_fn_call *c = resolve(def->name, n, types, consts, is_const, &err);
    ck_assert_msg(c != NULL, "%s(%s): %s", def->name, sig->params, err ? err->msg : "");
    ck_assert_msg(c->sig == sig, "%s(%s) resolved to (%s)", def->name, sig->params, c->sig->params);
    if (sig->init) {
        void *state = NULL;
        err = sig->init(c, &state);
        ck_assert_msg(err == NULL, "%s(%s) init: %s", def->name, sig->params, err->msg);
    }
    if (def->kind == SL_FN_TABLE) {
        sl_fnctx cx = {.ar = ar, .call = c};
        sl_value arg = some_value(types[0], 4), *out;
        uint32_t nout;
        ck_assert_ptr_null(sig->table(&cx, &arg, 1, &out, &nout));
        ck_assert_uint_gt(nout, 0);
        return;
    }
    sl_value rows[5][8];
    for (int r = 0; r < 5; r++)
        for (int a = 0; a < n; a++)
            rows[r][a] = is_const[a] ? consts[a] : some_value(types[a], r);
    agg_h *one = h_new(c), *x = h_new(c), *y = h_new(c);
    for (int r = 0; r < 5; r++) {
        ck_assert_ptr_null(h_addv(one, rows[r], false));
        y->seq = one->seq - 1;
        ck_assert_ptr_null(h_addv(r < 2 ? x : y, rows[r], false));
    }
    sig->agg->merge(c, x->acc, y->acc);
    const char *want = h_result(one);
    if (strncmp(def->name, "STDDEV", 6) != 0 && strcmp(def->name, "CORRELATION") != 0)
        ck_assert_msg(strcmp(h_result(x), want) == 0, "%s(%s): merged %s, want %s", def->name,
                      sig->params, h_result(x), want);
    if (sig->agg->retract) ck_assert_ptr_null(h_addv(one, rows[0], true));
    h_check_state(one);
}

START_TEST(test_agg_registry_every_signature)
{
    static const char *const names[] = {
        "AVG",      "COLLECT_LIST",   "COLLECT_SET",      "CORRELATION",
        "COUNT",    "COUNT_DISTINCT", "CUBE_EXPLODE",     "EARLIEST_BY_OFFSET",
        "EXPLODE",  "HISTOGRAM",      "LATEST_BY_OFFSET", "MAX",
        "MIN",      "STDDEV_SAMP",    "STDDEV_SAMPLE",    "SUM",
        "SUM_LIST", "TOPK",           "TOPKDISTINCT",
    };
    ck_assert_ptr_null(sl_fn_check_tables());
    int walked = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const sl_fn_def *def = sl_fn_lookup(names[i]);
        ck_assert_msg(def == find_def(names[i]), "%s is not registered", names[i]);
        for (uint32_t s = 0; s < def->nsigs; s++, walked++)
            walk_sig(def, &def->sigs[s]);
    }
    ck_assert_int_eq(walked, 59);
}
END_TEST

/* average.json/topk-group-by.json/correlation-udaf.json "- DELIMITED": the
 * aggregates whose ksqlDB state is composite carry the flag the planner needs
 * to refuse them for formats that cannot hold it; COUNT, SUM, SUM_LIST, MIN
 * and MAX do not. */
START_TEST(test_agg_registry_composite_state_flag)
{
    static const char *const plain[] = {"COUNT", "SUM", "SUM_LIST", "MIN", "MAX"};
    static const char *const composite[] = {
        "AVG",           "CORRELATION",        "STDDEV_SAMP",
        "STDDEV_SAMPLE", "COUNT_DISTINCT",     "COLLECT_LIST",
        "COLLECT_SET",   "HISTOGRAM",          "TOPK",
        "TOPKDISTINCT",  "EARLIEST_BY_OFFSET", "LATEST_BY_OFFSET",
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        const sl_fn_def *def = sl_fn_lookup(plain[i]);
        for (uint32_t s = 0; s < def->nsigs; s++)
            ck_assert_msg(!(def->sigs[s].flags & SL_FN_AGG_COMPOSITE_STATE), "%s", plain[i]);
    }
    for (size_t i = 0; i < sizeof composite / sizeof composite[0]; i++) {
        const sl_fn_def *def = sl_fn_lookup(composite[i]);
        for (uint32_t s = 0; s < def->nsigs; s++)
            ck_assert_msg(def->sigs[s].flags & SL_FN_AGG_COMPOSITE_STATE, "%s(%s)", composite[i],
                          def->sigs[s].params);
    }
}
END_TEST

static Suite *agg_registry_suite(void)
{
    Suite *s = suite_create("agg_registry");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, agg_test_setup, agg_test_teardown);
    tcase_add_test(tc, test_agg_registry_resolves_like_ksqldb);
    tcase_add_test(tc, test_agg_registry_explode_alternatives);
    tcase_add_test(tc, test_agg_registry_every_signature);
    tcase_add_test(tc, test_agg_registry_composite_state_flag);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(agg_registry_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
