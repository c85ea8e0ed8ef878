/*
 * agg_test.h - shared harness of the aggregate and table function tests
 * (test_agg_*.c, test_fn_table.c): finds an overload in the definition
 * tables, builds the resolved call by hand as sl_fn_resolve would, drives an
 * accumulator through add/retract/merge/result, and checks the state bytes
 * (round trip, truncation, garbage). Results are compared as the JSON text
 * ksqlDB's REST API would show, which is also how the conformance files
 * write them.
 */
#ifndef SL_TEST_AGG_TEST_H
#define SL_TEST_AGG_TEST_H

#include "common/mem.h"
#include "exec/agg_int.h"

#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static sl_arena *ar;

typedef struct agg_h {
    const sl_fn_call *call;
    const sl_agg_vt *vt;
    void *acc;
    int64_t seq;
    bool freed;
} agg_h;

/* Every accumulator of the running test, destroyed at teardown if the test
 * did not do it itself. */
static agg_h **live;
static size_t nlive, caplive;

static inline void h_free(agg_h *h)
{
    if (!h->freed && h->vt->destroy) h->vt->destroy(h->call, h->acc);
    h->freed = true;
}

static inline void agg_test_setup(void)
{
    ar = sl_arena_new(0);
}

static inline void agg_test_teardown(void)
{
    for (size_t i = 0; i < nlive; i++)
        h_free(live[i]);
    free(live);
    live = NULL;
    nlive = caplive = 0;
    sl_arena_free(ar);
}

/* The definition named name in this part's tables. */
static inline const sl_fn_def *find_def(const char *name)
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
        {sl_fn_defs_table, &sl_fn_ndefs_table},
    };
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (uint32_t i = 0; i < *groups[g].n; i++)
            if (strcmp(groups[g].defs[i].name, name) == 0) return &groups[g].defs[i];
    ck_abort_msg("no function %s", name);
    return NULL;
}

static inline const sl_fn_sig *find_sig(const sl_fn_def *def, const char *params)
{
    for (uint32_t i = 0; i < def->nsigs; i++)
        if (strcmp(def->sigs[i].params, params) == 0) return &def->sigs[i];
    ck_abort_msg("%s has no overload (%s)", def->name, params);
    return NULL;
}

/* A resolved call of name(params) with argument types types[0..nargs) and
 * constant arguments consts (NULL entries: not constant). The return type is
 * computed as the registry would: ret_fn, else the fixed return named by the
 * caller (ret, which must match sig->ret). */
static inline sl_fn_call *make_call(const char *name, const char *params, int nargs,
                                    const sl_type *const *types, const sl_type *ret,
                                    const sl_value *const *consts)
{
    sl_fn_call *c = SL_ARENA_NEW(ar, sl_fn_call);
    c->def = find_def(name);
    c->sig = find_sig(c->def, params);
    c->nargs = nargs;
    c->arg_types = SL_ARENA_ARRAY(ar, const sl_type *, nargs + 1);
    sl_value *cv = SL_ARENA_ARRAY(ar, sl_value, nargs + 1);
    bool *isc = SL_ARENA_ARRAY(ar, bool, nargs + 1);
    for (int i = 0; i < nargs; i++) {
        c->arg_types[i] = types[i];
        if (consts && consts[i]) {
            cv[i] = *consts[i];
            isc[i] = true;
        } else {
            cv[i] = sl_value_null();
        }
    }
    c->const_args = cv;
    c->is_const = isc;
    if (c->sig->ret_fn) {
        sl_error *err = NULL;
        c->ret_type = c->sig->ret_fn(ar, c->arg_types, nargs, &err);
        ck_assert_msg(c->ret_type, "ret_fn failed: %s", err ? err->msg : "?");
    } else {
        c->ret_type = ret;
    }
    return c;
}

/* One-argument call of a non-constant column of type t. */
static inline sl_fn_call *call1(const char *name, const char *params, const sl_type *t,
                                const sl_type *ret)
{
    const sl_type *types[1] = {t};
    return make_call(name, params, 1, types, ret, NULL);
}

static inline agg_h *h_new(const sl_fn_call *call)
{
    agg_h *h = SL_ARENA_NEW(ar, agg_h);
    h->call = call;
    h->vt = call->sig->agg;
    ck_assert_ptr_nonnull(h->vt);
    ck_assert_uint_le(h->vt->size, 4096);
    h->acc = sl_arena_zalloc(ar, h->vt->size + 1);
    h->vt->init(call, h->acc);
    SL_GROW(live, caplive, nlive + 1);
    live[nlive++] = h;
    return h;
}

/* Adds (or retracts) one record whose arguments are args[0..nargs). */
static inline sl_error *h_addv(agg_h *h, const sl_value *args, bool retract)
{
    sl_agg_info info = {.ts = h->seq * 10, .seq = h->seq};
    h->seq++;
    if (retract) {
        ck_assert_ptr_nonnull(h->vt->retract);
        return h->vt->retract(h->call, h->acc, args, &info);
    }
    return h->vt->add(h->call, h->acc, args, &info);
}

static inline void h_add(agg_h *h, sl_value v)
{
    sl_value args[4] = {v};
    for (int i = 1; i < h->call->nargs && i < 4; i++)
        args[i] = h->call->const_args[i];
    sl_error *err = h_addv(h, args, false);
    ck_assert_msg(err == NULL, "add failed: %s", err ? err->msg : "");
}

static inline void h_retract(agg_h *h, sl_value v)
{
    sl_value args[4] = {v};
    for (int i = 1; i < h->call->nargs && i < 4; i++)
        args[i] = h->call->const_args[i];
    sl_error *err = h_addv(h, args, true);
    ck_assert_msg(err == NULL, "retract failed: %s", err ? err->msg : "");
}

/* The JSON text of a value (ksqlDB's REST rendering). */
static inline const char *json(const sl_type *t, sl_value v)
{
    sl_buf b = SL_BUF_INIT;
    sl_value_print_json(&b, t, v);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

/* The current result as JSON. */
static inline const char *h_result(agg_h *h)
{
    sl_value out;
    sl_error *err = h->vt->result(h->call, h->acc, ar, &out);
    ck_assert_msg(err == NULL, "result failed: %s", err ? err->msg : "");
    return json(h->call->ret_type, out);
}

/* The current result as a double (DOUBLE results), NaN for NULL. */
static inline double h_result_d(agg_h *h)
{
    sl_value out;
    sl_error *err = h->vt->result(h->call, h->acc, ar, &out);
    ck_assert_msg(err == NULL, "result failed: %s", err ? err->msg : "");
    return out.null ? NAN : out.u.d;
}

/* Serialize, read back into a fresh accumulator, and check the result and the
 * bytes are unchanged; then check every truncation is rejected and that bytes
 * with one corrupted position never crash. Returns the state size. */
static inline size_t h_check_state(agg_h *h)
{
    sl_buf s = SL_BUF_INIT;
    h->vt->serialize(h->call, h->acc, &s);
    ck_assert_uint_ge(s.len, 2);
    agg_h *g = h_new(h->call);
    sl_error *err = h->vt->deserialize(h->call, g->acc, (const uint8_t *)s.p, s.len);
    ck_assert_msg(err == NULL, "deserialize failed: %s", err ? err->msg : "");
    ck_assert_str_eq(h_result(g), h_result(h));
    sl_buf s2 = SL_BUF_INIT;
    h->vt->serialize(h->call, g->acc, &s2);
    ck_assert_uint_eq(s2.len, s.len);
    ck_assert(memcmp(s.p, s2.p, s.len) == 0);
    h_free(g);
    /* Big states are probed at the edges and at ~128 points between. */
    size_t step = s.len > 512 ? s.len / 128 : 1;
    for (size_t n = 0; n < s.len; n = n < 64 || n + 64 >= s.len ? n + 1 : n + step) {
        /* every proper prefix fails cleanly */
        g = h_new(h->call);
        err = h->vt->deserialize(h->call, g->acc, (const uint8_t *)s.p, n);
        ck_assert_msg(err != NULL, "prefix of %zu/%zu bytes accepted", n, s.len);
        ck_assert_int_eq(err->code, SL_E_CORRUPT);
        sl_error_free(err);
        h_result(g); /* still usable: empty */
        h_free(g);
    }
    uint8_t *bad = sl_malloc(s.len + 1);
    for (size_t i = 0; i < s.len; i = i < 64 || i + 64 >= s.len ? i + 1 : i + step) {
        /* corrupt each byte: an error or a usable state, never a crash */
        static const uint8_t junk[] = {0x00, 0xff, 0x80, 0x7f};
        for (size_t j = 0; j < sizeof junk; j++) {
            memcpy(bad, s.p, s.len);
            bad[i] ^= junk[j] ? junk[j] : 0x01;
            g = h_new(h->call);
            err = h->vt->deserialize(h->call, g->acc, bad, s.len);
            if (err)
                sl_error_free(err);
            else
                h_result(g);
            h_free(g);
        }
    }
    memcpy(bad, s.p, s.len); /* a trailing byte is rejected */
    bad[s.len] = 0;
    g = h_new(h->call);
    err = h->vt->deserialize(h->call, g->acc, bad, s.len + 1);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    h_free(g);
    free(bad);
    size_t len = s.len;
    sl_buf_free(&s);
    sl_buf_free(&s2);
    return len;
}

/* Adds vals[0..n) one by one to a single accumulator, and split at every
 * point into two accumulators merged afterwards: the merged result must equal
 * the single one. Returns the single accumulator's result. */
static inline const char *h_check_merge(const sl_fn_call *call, const sl_value *vals, int n)
{
    agg_h *one = h_new(call);
    for (int i = 0; i < n; i++)
        h_add(one, vals[i]);
    const char *want = h_result(one);
    for (int cut = 0; cut <= n; cut++) {
        agg_h *a = h_new(call), *b = h_new(call);
        for (int i = 0; i < n; i++) {
            agg_h *h = i < cut ? a : b;
            h->seq = i;
            h_add(h, vals[i]);
        }
        call->sig->agg->merge(call, a->acc, b->acc);
        ck_assert_msg(strcmp(h_result(a), want) == 0, "merge at %d: %s, want %s", cut, h_result(a),
                      want);
        h_free(a);
        h_free(b);
    }
    h_check_state(one);
    h_free(one);
    return want;
}

static inline sl_value vint(int64_t i)
{
    return sl_value_int(i);
}
static inline sl_value vdbl(double d)
{
    return sl_value_double(d);
}
static inline sl_value vstr(const char *s)
{
    return sl_value_str(s, (uint32_t)strlen(s));
}
static inline sl_value vnull(void)
{
    return sl_value_null();
}
/* A decimal from its unscaled value. */
static inline sl_value vdec(sl_int128 u)
{
    return sl_value_decimal(ar, u);
}

#endif
