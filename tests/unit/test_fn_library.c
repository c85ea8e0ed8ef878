/*
 * test_fn_library.c - the function library as a whole: every definition and
 * overload of every group is well formed (names, categories, docs, parameter
 * and return type text in func.h's type language, return types computable),
 * no name is defined twice, and every overload survives a sweep of awkward
 * arguments (NULLs, empty strings and containers, extremes, NaN) with a value
 * or a per-record error, never a crash; run under ASan this also shows no leak.
 * AS_VALUE, the one function of fn_misc.c, is tested here too.
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

#include <ctype.h>
#include <math.h>

typedef struct group {
    const sl_fn_def *defs;
    uint32_t n;
} group;

/* The group tables (their sizes are not compile-time constants, so a local array). */
#define LOCAL_GROUPS                                                                               \
    const group groups[] = {ALL_GROUPS};                                                           \
    const size_t NGROUPS = sizeof groups / sizeof groups[0]

/* --- the type language of func.h ------------------------------------------------------ */

static bool type_text(const char **s, bool *vars);

static bool word(const char **s, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(*s, w, n) != 0 || isupper((unsigned char)(*s)[n])) return false;
    *s += n;
    return true;
}

static bool type_text(const char **s, bool *vars)
{
    static const char *const prims[] = {"INT",    "BIGINT",    "DOUBLE",  "BOOLEAN", "STRING",
                                        "BYTES",  "TIMESTAMP", "DATE",    "TIME",    "DECIMAL",
                                        "STRUCT", "ANY",       "INTERVAL"};
    if (strncmp(*s, "ARRAY<", 6) == 0) {
        *s += 6;
        if (!type_text(s, vars)) return false;
        return *(*s)++ == '>';
    }
    if (strncmp(*s, "MAP<", 4) == 0) {
        *s += 4;
        if (!type_text(s, vars) || strncmp(*s, ", ", 2) != 0) return false;
        *s += 2;
        if (!type_text(s, vars)) return false;
        return *(*s)++ == '>';
    }
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (word(s, prims[i])) return true;
    if (strchr("TUVKW", **s) && **s && !isupper((unsigned char)(*s)[1])) {
        vars[**s - 'A'] = true;
        (*s)++;
        return true;
    }
    return false;
}

/* Checks a parameter list; *vars gets the type variables it binds. */
static bool params_ok(const char *p, bool *vars)
{
    if (!*p) return true;
    for (;;) {
        bool variadic = strncmp(p, "...", 3) == 0;
        if (variadic) p += 3;
        if (!type_text(&p, vars)) return false;
        if (!*p) return true;
        if (variadic || strncmp(p, ", ", 2) != 0) return false;
        p += 2;
    }
}

START_TEST(test_fn_library_well_formed)
{
    static const char *const cats[] = {FN_CAT_MATH, FN_CAT_STRING, FN_CAT_REGEX, FN_CAT_JSON,
                                       FN_CAT_TIME, FN_CAT_ARRAY,  FN_CAT_MAP,   FN_CAT_URL,
                                       FN_CAT_CONV, FN_CAT_OTHER};
    LOCAL_GROUPS;
    uint32_t total = 0, nsigs = 0;
    for (size_t g = 0; g < NGROUPS; g++) {
        for (uint32_t i = 0; i < groups[g].n; i++) {
            const sl_fn_def *d = &groups[g].defs[i];
            total++;
            for (const char *c = d->name; *c; c++)
                ck_assert_msg(isupper((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_',
                              "%s: name not upper case", d->name);
            ck_assert_int_eq(d->kind, SL_FN_SCALAR);
            bool known = false;
            for (size_t c = 0; c < sizeof cats / sizeof cats[0]; c++)
                known |= strcmp(d->category, cats[c]) == 0;
            ck_assert_msg(known, "%s: category %s", d->name, d->category);
            ck_assert_msg(d->description && *d->description, "%s: no description", d->name);
            ck_assert_msg(d->nsigs > 0, "%s: no overloads", d->name);
            /* no name twice, in any group */
            for (size_t g2 = 0; g2 < NGROUPS; g2++)
                for (uint32_t j = 0; j < groups[g2].n; j++)
                    if (&groups[g2].defs[j] != d)
                        ck_assert_msg(strcmp(groups[g2].defs[j].name, d->name) != 0,
                                      "%s defined twice", d->name);
            for (uint32_t k = 0; k < d->nsigs; k++) {
                const sl_fn_sig *s = &d->sigs[k];
                nsigs++;
                bool vars[26] = {false}, rvars[26] = {false};
                ck_assert_msg(params_ok(s->params, vars), "%s(%s): bad parameters", d->name,
                              s->params);
                ck_assert_msg(s->impl && !s->agg && !s->table, "%s(%s): no impl", d->name,
                              s->params);
                ck_assert_msg(s->ret || s->ret_fn, "%s(%s): no return type", d->name, s->params);
                if (s->ret) {
                    const char *r = s->ret;
                    ck_assert_msg(type_text(&r, rvars) && !*r, "%s(%s): bad return type %s",
                                  d->name, s->params, s->ret);
                    for (int v = 0; v < 26; v++)
                        ck_assert_msg(!rvars[v] || vars[v], "%s(%s): %c unbound", d->name,
                                      s->params, 'A' + v);
                }
                ck_assert_msg(!s->init == !s->fini, "%s(%s): init without fini", d->name,
                              s->params);
                ck_assert_msg(s->doc && *s->doc, "%s(%s): no doc", d->name, s->params);
                for (uint32_t k2 = k + 1; k2 < d->nsigs; k2++)
                    ck_assert_msg(strcmp(d->sigs[k2].params, s->params) != 0, "%s(%s) twice",
                                  d->name, s->params);
            }
        }
    }
    ck_assert_uint_ge(total, 126);
    ck_assert_uint_ge(nsigs, 244);
}
END_TEST

/* --- the sweep ---------------------------------------------------------------------------- */

/* The variant-th awkward value of type t (variants wrap around). */
static sl_value awkward(const sl_type *t, int variant)
{
    sl_value null = sl_value_null();
    if (variant == 0) return null;
    switch (t->kind) {
    case SL_K_INT: {
        static const int64_t v[] = {0, -1, INT32_MAX, INT32_MIN, 1};
        return sl_value_int(v[variant % 5]);
    }
    case SL_K_BIGINT:
    case SL_K_TIMESTAMP: {
        static const int64_t v[] = {0, -1, INT64_MAX, INT64_MIN, 1};
        return sl_value_int(v[variant % 5]);
    }
    case SL_K_DATE:
        return sl_value_int(variant % 2 ? -2147483647 : 2147483647);
    case SL_K_TIME:
        return sl_value_int(variant % 2 ? 0 : 86399999);
    case SL_K_DOUBLE: {
        static const double v[] = {0.0, -0.0, NAN, INFINITY, -1e308};
        return sl_value_double(v[variant % 5]);
    }
    case SL_K_BOOLEAN:
        return sl_value_bool(variant % 2);
    case SL_K_DECIMAL:
        return sl_value_decimal(fnt_ar, variant % 2 ? -99999999 : 0);
    case SL_K_STRING:
    case SL_K_BYTES: {
        static const char *const v[] = {
            "", "x", "\xff\xfe", "[{\"a\":", "a-b", "\\u12", "%", "yyyy-MM-dd"};
        const char *s = v[variant % 8];
        return sl_value_str(s, (uint32_t)strlen(s));
    }
    case SL_K_ARRAY: {
        sl_array *a = sl_array_new(fnt_ar, variant % 3);
        for (uint32_t i = 0; i < a->n; i++)
            a->v[i] = awkward(t->elem, (int)i);
        return sl_value_array(a);
    }
    case SL_K_MAP: {
        sl_map *m = sl_map_new(fnt_ar, variant % 2);
        for (uint32_t i = 0; i < m->n; i++) {
            m->k[i] = awkward(t->key, 1);
            m->v[i] = null;
        }
        return sl_value_map(m);
    }
    case SL_K_STRUCT: {
        sl_struct *s = sl_struct_new(fnt_ar, t->nfields);
        for (uint32_t i = 0; i < t->nfields; i++)
            s->f[i] = awkward(t->fields[i].type, variant);
        return sl_value_struct(s);
    }
    case SL_K_INTERVAL:
        return sl_value_int(86400000);
    default:
        return null;
    }
}

/* The argument types of an overload, type variables and ANY as INT, for n args. */
static const sl_type **sweep_types(const sl_fn_sig *s, int n)
{
    for (int v = 0; v < 26; v++)
        fnt_vars[v] = &sl_type_int;
    const sl_type **types = SL_ARENA_ARRAY(fnt_ar, const sl_type *, n + 1);
    const char *p = s->params, *last = p;
    for (int i = 0; i < n; i++) {
        if (!*p) p = last;
        last = p;
        if (strncmp(p, "...", 3) == 0) p += 3;
        const char *start = p;
        bool vars[26];
        type_text(&p, vars);
        char text[64];
        snprintf(text, sizeof text, "%.*s", (int)(p - start), start);
        if (strcmp(text, "ANY") == 0)
            types[i] = &sl_type_int;
        else if (strcmp(text, "DECIMAL") == 0)
            types[i] = sl_type_decimal(fnt_ar, 10, 2);
        else if (strcmp(text, "STRUCT") == 0) {
            sl_field f = {"F", &sl_type_int};
            types[i] = sl_type_struct(fnt_ar, 1, &f);
        } else
            types[i] = fnt_type(text);
        if (*p == ',') p += 2;
    }
    return types;
}

static int param_count(const char *p, bool *variadic)
{
    *variadic = strstr(p, "...") != NULL;
    if (!*p) return 0;
    int n = 1;
    for (int depth = 0; *p; p++) {
        depth += *p == '<';
        depth -= *p == '>';
        n += *p == ',' && depth == 0;
    }
    return n;
}

static void sweep_call(const sl_fn_def *d, const sl_fn_sig *s, int n, int variant, bool consts)
{
    const sl_type **types = sweep_types(s, n);
    const sl_type *ret = &sl_type_null;
    if (s->ret_fn) {
        sl_error *err = NULL;
        ret = s->ret_fn(fnt_ar, types, n, &err);
        if (!ret) { /* refused at planning time: nothing to run */
            sl_error_free(err);
            return;
        }
    } else {
        ret = fnt_type(s->ret); /* type variables are bound to INT by sweep_types */
    }
    sl_value *args = SL_ARENA_ARRAY(fnt_ar, sl_value, n + 1);
    bool *isc = SL_ARENA_ARRAY(fnt_ar, bool, n + 1);
    bool any_null = false;
    for (int i = 0; i < n; i++) {
        args[i] = awkward(types[i], (variant + i) % 9);
        isc[i] = consts || types[i]->kind == SL_K_INTERVAL;
        any_null |= args[i].null;
    }
    sl_fn_call call = {d, s, n, types, ret, args, isc};
    void *state = NULL;
    if (s->init) ck_assert_ptr_null(s->init(&call, &state));
    sl_fnctx cx = {.ar = fnt_ar, .call = &call, .state = state};
    if (!any_null || (s->flags & SL_FN_NULL_SAFE)) {
        sl_value out;
        sl_error *err = s->impl(&cx, args, n, &out);
        if (err) {
            ck_assert_msg(err->code == SL_E_EVAL, "%s(%s): error code %d", d->name, s->params,
                          err->code);
            sl_error_free(err);
        }
    }
    if (s->fini) s->fini(state);
}

START_TEST(test_fn_library_sweep_awkward_arguments)
{
    LOCAL_GROUPS;
    for (size_t g = 0; g < NGROUPS; g++)
        for (uint32_t i = 0; i < groups[g].n; i++) {
            const sl_fn_def *d = &groups[g].defs[i];
            for (uint32_t k = 0; k < d->nsigs; k++) {
                bool variadic;
                int base = param_count(d->sigs[k].params, &variadic);
                for (int extra = 0; extra <= (variadic ? 3 : 0); extra++)
                    for (int variant = 0; variant < 18; variant++)
                        sweep_call(d, &d->sigs[k], base - variadic + extra, variant, variant % 2);
                sl_arena_reset(fnt_ar);
            }
        }
}
END_TEST

START_TEST(test_fn_library_as_value)
{
    EQ(CALL("AS_VALUE", "T", I(5)), "5");
    EQ(CALL("AS_VALUE", "T", S("key")), "key");
    EQ(CALL("AS_VALUE", "T", N("STRING")), "NULL");
    EQ(CALLJ("AS_VALUE", "T", A("ARRAY<STRING>", "[\"a\",null]")), "[\"a\",null]");
    EQ(CALLJ("AS_VALUE", "T", A("STRUCT<A INT, B STRING>", "{\"A\":1,\"B\":\"x\"}")),
       "{\"A\":1,\"B\":\"x\"}");
}
END_TEST

static Suite *fn_library_suite(void)
{
    Suite *s = suite_create("fn_library");
    TCase *tc = tcase_create("library");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fn_library_well_formed);
    tcase_add_test(tc, test_fn_library_sweep_awkward_arguments);
    tcase_add_test(tc, test_fn_library_as_value);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_library_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
