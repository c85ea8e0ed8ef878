/*
 * agg_bench.c - throughput of the aggregate functions' add path.
 *
 * For each aggregate overload, feeds N values (default 10M; argv[1] changes
 * it) through vt->add, the way the aggregation operator calls it: one
 * indirect call per record into one accumulator, values from a pre-built
 * array (1M distinct values, 1% NULL, cycled) so generating them is not
 * measured. Then times result() and serialize() once. Prints ns per add and
 * adds per second.
 *
 *   build/bench/agg_bench [N]
 *
 * With G groups (argv[2], default 1) the values are spread over G
 * accumulators round-robin, which shows the cost of cache misses on
 * accumulator state rather than of the arithmetic.
 */
#include "common/clock.h"
#include "common/mem.h"
#include "exec/agg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NVALUES = 1 << 20 };

static const sl_fn_def *find_def(const char *name)
{
    static const struct {
        const sl_fn_def *defs;
        const uint32_t *n;
    } groups[] = {
        {sl_fn_defs_agg_basic, &sl_fn_ndefs_agg_basic},
        {sl_fn_defs_agg_minmax, &sl_fn_ndefs_agg_minmax},
        {sl_fn_defs_agg_stats, &sl_fn_ndefs_agg_stats},
        {sl_fn_defs_agg_offset, &sl_fn_ndefs_agg_offset},
        {sl_fn_defs_agg_collect, &sl_fn_ndefs_agg_collect},
        {sl_fn_defs_agg_topk, &sl_fn_ndefs_agg_topk},
    };
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (uint32_t i = 0; i < *groups[g].n; i++)
            if (strcmp(groups[g].defs[i].name, name) == 0) return &groups[g].defs[i];
    fprintf(stderr, "no function %s\n", name);
    exit(1);
}

/* A resolved call as sl_fn_resolve would build it: column x of type t, then
 * the integer constant k when k > 0. */
static sl_fn_call *make_call(sl_arena *ar, const char *name, const char *params, const sl_type *t,
                             int64_t k)
{
    const sl_fn_def *def = find_def(name);
    sl_fn_call *c = SL_ARENA_NEW(ar, sl_fn_call);
    c->def = def;
    for (uint32_t i = 0; i < def->nsigs; i++)
        if (strcmp(def->sigs[i].params, params) == 0) c->sig = &def->sigs[i];
    if (!c->sig) {
        fprintf(stderr, "no %s(%s)\n", name, params);
        exit(1);
    }
    c->nargs = k > 0 ? 2 : 1;
    const sl_type **types = SL_ARENA_ARRAY(ar, const sl_type *, 2);
    sl_value *consts = SL_ARENA_ARRAY(ar, sl_value, 2);
    bool *is_const = SL_ARENA_ARRAY(ar, bool, 2);
    types[0] = t;
    types[1] = &sl_type_int;
    consts[1] = sl_value_int(k);
    is_const[1] = true;
    c->arg_types = types;
    c->const_args = consts;
    c->is_const = is_const;
    sl_error *err = NULL;
    c->ret_type = c->sig->ret_fn ? c->sig->ret_fn(ar, types, c->nargs, &err)
                                 : (t->kind == SL_K_DOUBLE ? &sl_type_double : t);
    return c;
}

/* Values of kind t: random numbers, decimals, or 8..23-byte strings. */
static sl_value *make_values(sl_arena *ar, const sl_type *t)
{
    sl_value *v = sl_arena_alloc(ar, sizeof *v * NVALUES);
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < NVALUES; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (x % 100 == 0) {
            v[i] = sl_value_null();
            continue;
        }
        switch (t->kind) {
        case SL_K_DOUBLE:
            v[i] = sl_value_double((double)(x % 1000000) / 7.0);
            break;
        case SL_K_DECIMAL:
            v[i] = sl_value_decimal(ar, (sl_int128)(x % 100000000));
            break;
        case SL_K_STRING: {
            char *s = sl_arena_printf(ar, "key-%llu", (unsigned long long)(x % 1000000000000ULL));
            v[i] = sl_value_str(s, (uint32_t)strlen(s));
            break;
        }
        case SL_K_INT:
            v[i] = sl_value_int((int64_t)(x % 2000000) - 1000000);
            break;
        default:
            v[i] = sl_value_int((int64_t)(x >> 1) % 1000000000000LL);
            break;
        }
    }
    return v;
}

static void run(sl_arena *ar, const char *label, sl_fn_call *c, const sl_value *vals, long n,
                int groups)
{
    const sl_agg_vt *vt = c->sig->agg;
    char *accs = sl_calloc((size_t)groups, vt->size);
    for (int g = 0; g < groups; g++)
        vt->init(c, accs + (size_t)g * vt->size);
    sl_value args[2] = {{{0}}, c->const_args[1]};
    sl_agg_info info = {0, 0};
    int64_t t0 = sl_clock_mono_ns();
    int g = 0;
    for (long i = 0; i < n; i++) {
        args[0] = vals[i & (NVALUES - 1)];
        info.seq = i;
        sl_error *err = vt->add(c, accs + (size_t)g * vt->size, args, &info);
        if (err) {
            fprintf(stderr, "%s: %s\n", label, err->msg);
            exit(1);
        }
        if (++g == groups) g = 0;
    }
    int64_t t1 = sl_clock_mono_ns();
    sl_value out;
    vt->result(c, accs, ar, &out);
    int64_t t2 = sl_clock_mono_ns();
    sl_buf state = SL_BUF_INIT;
    vt->serialize(c, accs, &state);
    int64_t t3 = sl_clock_mono_ns();
    double ns = (double)(t1 - t0) / (double)n;
    printf("%-34s %7.2f ns/add %9.1f M adds/s   result %8.1f us   state %7zu B in %7.1f us\n",
           label, ns, 1e3 / ns, (double)(t2 - t1) / 1e3, state.len, (double)(t3 - t2) / 1e3);
    sl_buf_free(&state);
    for (g = 0; g < groups; g++)
        if (vt->destroy) vt->destroy(c, accs + (size_t)g * vt->size);
    free(accs);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000L;
    int groups = argc > 2 ? atoi(argv[2]) : 1;
    if (n <= 0 || groups <= 0) {
        fprintf(stderr, "usage: agg_bench [values] [groups]\n");
        return 2;
    }
    sl_arena *ar = sl_arena_new(0);
    const sl_type *dec = sl_type_decimal(ar, 20, 2);
    sl_value *ints = make_values(ar, &sl_type_int), *longs = make_values(ar, &sl_type_bigint);
    sl_value *dbls = make_values(ar, &sl_type_double), *decs = make_values(ar, dec);
    sl_value *strs = make_values(ar, &sl_type_string);
    printf("%ld values into %d accumulator(s)\n", n, groups);
    static const struct {
        const char *label, *name, *params;
        int kind; /* 0 int 1 bigint 2 double 3 decimal 4 string */
        int64_t k;
    } cases[] = {
        {"COUNT(x)", "COUNT", "ANY", 1, 0},
        {"SUM(INT)", "SUM", "INT", 0, 0},
        {"SUM(BIGINT)", "SUM", "BIGINT", 1, 0},
        {"SUM(DOUBLE)", "SUM", "DOUBLE", 2, 0},
        {"SUM(DECIMAL(20,2))", "SUM", "DECIMAL", 3, 0},
        {"AVG(INT)", "AVG", "INT", 0, 0},
        {"AVG(BIGINT)", "AVG", "BIGINT", 1, 0},
        {"AVG(DOUBLE)", "AVG", "DOUBLE", 2, 0},
        {"MIN(BIGINT)", "MIN", "BIGINT", 1, 0},
        {"MAX(BIGINT)", "MAX", "BIGINT", 1, 0},
        {"MAX(DOUBLE)", "MAX", "DOUBLE", 2, 0},
        {"MAX(DECIMAL(20,2))", "MAX", "DECIMAL", 3, 0},
        {"MAX(STRING)", "MAX", "STRING", 4, 0},
        {"STDDEV_SAMPLE(DOUBLE)", "STDDEV_SAMPLE", "DOUBLE", 2, 0},
        {"COUNT_DISTINCT(BIGINT)", "COUNT_DISTINCT", "ANY", 1, 0},
        {"COUNT_DISTINCT(STRING)", "COUNT_DISTINCT", "ANY", 4, 0},
        {"LATEST_BY_OFFSET(BIGINT)", "LATEST_BY_OFFSET", "T", 1, 0},
        {"LATEST_BY_OFFSET(STRING)", "LATEST_BY_OFFSET", "T", 4, 0},
        {"LATEST_BY_OFFSET(STRING, 10)", "LATEST_BY_OFFSET", "T, INT", 4, 10},
        {"TOPK(BIGINT, 10)", "TOPK", "T, INT", 1, 10},
        {"TOPKDISTINCT(STRING, 10)", "TOPKDISTINCT", "T, INT", 4, 10},
        {"HISTOGRAM(STRING) (1000 keys)", "HISTOGRAM", "STRING", 4, 0},
    };
    const sl_type *types[] = {&sl_type_int, &sl_type_bigint, &sl_type_double, dec, &sl_type_string};
    sl_value *vals[] = {ints, longs, dbls, decs, strs};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const sl_type *t = types[cases[i].kind];
        sl_fn_call *c = make_call(ar, cases[i].name, cases[i].params, t, cases[i].k);
        if (strcmp(cases[i].name, "COUNT") == 0 || strcmp(cases[i].name, "COUNT_DISTINCT") == 0)
            c->ret_type = &sl_type_bigint;
        run(ar, cases[i].label, c, vals[cases[i].kind], n, groups);
    }
    sl_arena_free(ar);
    return 0;
}
