/*
 * expr_bench.c - throughput of compiled expressions over one large batch.
 *
 *   filter      price > 100 AND channel = 'x'                  (sl_prog_select)
 *   projection  price * 0.9, bidder + 1, channel || '/web',
 *               CASE WHEN price > 100 THEN 'high' ELSE 'low' END  (sl_prog_project)
 *
 * Rows are (price DOUBLE, bidder BIGINT, channel STRING) with a quarter of the
 * channels 'x' and prices uniform in [0, 200). Each measurement runs the whole
 * batch several times and reports the best, in rows per second of the thread's
 * CPU time (steadier than wall time on a shared machine). A benchmark,
 * not a test: run with `meson test -C build --benchmark` or directly
 * (build/bench/expr_bench [rows]).
 */
#include "exec/expr.h"

#include <string.h>
#include <time.h>

#include <stdio.h>
#include <stdlib.h>

#define REPEAT 7

static int64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* *e is read after the builder call that fills it (argument order is unspecified) */
static sl_expr *must(sl_error *err, sl_expr **e)
{
    if (err) {
        fprintf(stderr, "building the expression failed: %s\n", err->msg);
        exit(1);
    }
    return *e;
}

static sl_batch *make_batch(uint32_t n)
{
    static const char *const channels[4] = {"x", "web", "app", "mobile"};
    sl_batch *b = sl_batch_new(3);
    uint64_t seed = 42;
    for (uint32_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        sl_row *r = sl_batch_add(b);
        r->col[0] = sl_value_double((double)(seed >> 33 & 0xffff) / 65536.0 * 200.0);
        r->col[1] = sl_value_int((int64_t)(seed >> 20 & 0xfffff));
        const char *c = channels[seed >> 60 & 3];
        r->col[2] = sl_value_str(c, (uint32_t)strlen(c));
        r->ts = i;
    }
    return b;
}

static double best_rate(uint32_t n, double (*run)(void *), void *ctx)
{
    double best = 0;
    for (int k = 0; k < REPEAT; k++) {
        double secs = run(ctx);
        if (n / secs > best) best = n / secs;
    }
    return best;
}

typedef struct ctx {
    sl_prog *p;
    sl_batch *in, *out;
    uint32_t *sel, nsel;
} ctx;

static double run_filter(void *arg)
{
    ctx *c = arg;
    int64_t t0 = cpu_ns();
    c->nsel = sl_prog_select(c->p, c->in, c->sel, NULL, NULL);
    return (double)(cpu_ns() - t0) / 1e9;
}

static double run_project(void *arg)
{
    ctx *c = arg;
    sl_batch_reset(c->out);
    int64_t t0 = cpu_ns();
    sl_prog_project(c->p, c->in, NULL, 0, c->out, NULL, NULL);
    return (double)(cpu_ns() - t0) / 1e9;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000;
    sl_arena *ar = sl_arena_new(0);
    sl_batch *in = make_batch(n), *out = sl_batch_new(4);
    sl_expr *price = sl_expr_col_new(ar, 0, "PRICE", &sl_type_double);
    sl_expr *bidder = sl_expr_col_new(ar, 1, "BIDDER", &sl_type_bigint);
    sl_expr *channel = sl_expr_col_new(ar, 2, "CHANNEL", &sl_type_string), *e;

    sl_expr *gt = must(sl_expr_cmp_new(ar, SL_CMP_GT, price, sl_expr_lit_int(ar, 100), &e), &e);
    sl_expr *eq =
        must(sl_expr_cmp_new(ar, SL_CMP_EQ, channel, sl_expr_lit_string(ar, "x", 1), &e), &e);
    sl_expr *pred = must(sl_expr_and_new(ar, gt, eq, &e), &e);

    sl_expr *cols[4];
    cols[0] =
        must(sl_expr_arith_new(ar, SL_OP_MUL, sl_expr_col_new(ar, 0, "PRICE", &sl_type_double),
                               sl_expr_lit_double(ar, 0.9), &e),
             &e);
    cols[1] = must(sl_expr_arith_new(ar, SL_OP_ADD, bidder, sl_expr_lit_int(ar, 1), &e), &e);
    cols[2] = must(sl_expr_concat_new(ar, sl_expr_col_new(ar, 2, "CHANNEL", &sl_type_string),
                                      sl_expr_lit_string(ar, "/web", 4), &e),
                   &e);
    sl_expr *hi =
        must(sl_expr_cmp_new(ar, SL_CMP_GT, sl_expr_col_new(ar, 0, "PRICE", &sl_type_double),
                             sl_expr_lit_int(ar, 100), &e),
             &e);
    sl_expr *then = sl_expr_lit_string(ar, "high", 4),
            *otherwise = sl_expr_lit_string(ar, "low", 3);
    cols[3] = must(sl_expr_case_new(ar, NULL, &hi, &then, 1, otherwise, &e), &e);

    ctx c = {.in = in, .out = out, .sel = malloc(sizeof(uint32_t) * n)};
    sl_error *err = sl_expr_compile(ar, pred, &c.p);
    if (err) return fprintf(stderr, "%s\n", err->msg), 1;
    double f = best_rate(n, run_filter, &c);
    printf("filter      %-48s %6.1f M rows/s (%u of %u rows kept)\n",
           "price > 100 AND channel = 'x'", f / 1e6, c.nsel, n);
    sl_prog_free(c.p);

    err = sl_expr_compile_list(ar, (const sl_expr *const *)cols, 4, &c.p);
    if (err) return fprintf(stderr, "%s\n", err->msg), 1;
    double pr = best_rate(n, run_project, &c);
    printf("projection  %-48s %6.1f M rows/s\n", "4 expressions (double, bigint, ||, CASE)",
           pr / 1e6);
    sl_prog_free(c.p);

    free(c.sel);
    sl_batch_free(in);
    sl_batch_free(out);
    sl_arena_free(ar);
    return 0;
}
