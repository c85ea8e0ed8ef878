/*
 * func.c - the function registry behind func.h: an immutable index of every
 * definition in the groups listed by fn_tables.def.
 *
 * Model
 *   Each function group (a file exec/fn_<group>.c) exports a table of
 *   definitions. The first call into the registry builds, once (pthread_once),
 *   an index over all groups: the definitions sorted by upper-case name for
 *   binary search, and each overload's signature text parsed into a type tree
 *   (func_resolve.c) so resolution never re-reads text. After that the index is
 *   read-only and any thread may use it without locks.
 *
 *   Tables are data written by hand, so sl_fn_check_tables walks them all and
 *   reports every malformed signature, duplicate name or missing
 *   implementation; a unit test calls it. At resolution a malformed overload is
 *   simply never chosen.
 *
 * Routines: sl_fn_index_new/free/find/all/check, the default index, and the
 * func.h entry points that forward to it.
 */
#include "exec/func_int.h"
#include "common/buf.h"
#include "common/mem.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define X(g)                                                                                       \
    extern const sl_fn_def sl_fn_defs_##g[];                                                       \
    extern const uint32_t sl_fn_ndefs_##g;
#include "exec/fn_tables.def"
#undef X

static const struct fn_group {
    const sl_fn_def *defs;
    const uint32_t *n;
} fn_groups[] = {
#define X(g) {sl_fn_defs_##g, &sl_fn_ndefs_##g},
#include "exec/fn_tables.def"
#undef X
    {NULL, NULL},
};

struct sl_fn_index {
    sl_arena *ar; /* parsed signatures */
    uint32_t n;
    sl_fn_entry *entries;     /* sorted by name, case-insensitively */
    const sl_fn_def **sorted; /* the same order, for sl_fn_all */
};

static int cmp_entry(const void *a, const void *b)
{
    const sl_fn_entry *x = a, *y = b;
    int c = strcasecmp(x->def->name, y->def->name);
    return c ? c : (x->def < y->def) - (x->def > y->def);
}

sl_fn_index *sl_fn_index_new(const sl_fn_def *const *defs, uint32_t n)
{
    sl_fn_index *ix = sl_calloc(1, sizeof *ix);
    ix->ar = sl_arena_new(0);
    ix->n = n;
    ix->entries = SL_ARENA_ARRAY(ix->ar, sl_fn_entry, n ? n : 1);
    ix->sorted = SL_ARENA_ARRAY(ix->ar, const sl_fn_def *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        const sl_fn_def *def = defs[i];
        sl_fn_entry *e = &ix->entries[i];
        e->def = def;
        e->psigs = SL_ARENA_ARRAY(ix->ar, sl_fn_psig, def->nsigs ? def->nsigs : 1);
        for (uint32_t s = 0; s < def->nsigs && def->sigs; s++) {
            sl_error *err = sl_fn_sig_parse(ix->ar, &def->sigs[s], &e->psigs[s]);
            if (err) e->psigs[s].params = NULL; /* skipped; sl_fn_index_check reports it */
            sl_error_free(err);
        }
    }
    qsort(ix->entries, n, sizeof *ix->entries, cmp_entry);
    for (uint32_t i = 0; i < n; i++)
        ix->sorted[i] = ix->entries[i].def;
    return ix;
}

void sl_fn_index_free(sl_fn_index *ix)
{
    if (!ix) return;
    sl_arena_free(ix->ar);
    free(ix);
}

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static sl_fn_index *default_index;

static void build_default(void)
{
    uint32_t n = 0;
    for (const struct fn_group *g = fn_groups; g->defs; g++)
        n += *g->n;
    const sl_fn_def **defs = sl_malloc(sizeof *defs * (n ? n : 1));
    uint32_t k = 0;
    for (const struct fn_group *g = fn_groups; g->defs; g++)
        for (uint32_t i = 0; i < *g->n; i++)
            defs[k++] = &g->defs[i];
    default_index = sl_fn_index_new(defs, n);
    free(defs);
}

const sl_fn_index *sl_fn_index_default(void)
{
    pthread_once(&default_once, build_default);
    return default_index;
}

const sl_fn_entry *sl_fn_index_find(const sl_fn_index *ix, const char *name)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcasecmp(name, ix->entries[mid].def->name);
        if (c == 0) return &ix->entries[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const sl_fn_def *const *sl_fn_index_all(const sl_fn_index *ix, uint32_t *n)
{
    *n = ix->n;
    return ix->sorted;
}

/* Whether every type variable of t occurs in one of the parameters. */
static bool vars_bound(const sl_fn_ptype *t, const sl_fn_psig *ps)
{
    if (!t) return true;
    if (t->tag == SL_PT_VAR) {
        for (int i = 0; i < ps->nparams; i++) {
            const sl_fn_ptype *stack[16];
            int sp = 0;
            stack[sp++] = ps->params[i];
            while (sp) {
                const sl_fn_ptype *p = stack[--sp];
                if (p->tag == SL_PT_VAR && p->var == t->var) return true;
                if (p->a && sp < 15) stack[sp++] = p->a;
                if (p->b && sp < 15) stack[sp++] = p->b;
            }
        }
        return false;
    }
    return vars_bound(t->a, ps) && vars_bound(t->b, ps);
}

static void check_sig(sl_buf *out, const sl_fn_def *def, uint32_t s)
{
    const sl_fn_sig *sig = &def->sigs[s];
    sl_arena *tmp = sl_arena_new(0);
    sl_fn_psig ps;
    sl_error *err = sl_fn_sig_parse(tmp, sig, &ps);
    if (err) {
        sl_buf_printf(out, "%s overload %u (\"%s\"): %s\n", def->name, s,
                      sig->params ? sig->params : "(null)", err->msg);
        sl_error_free(err);
        sl_arena_free(tmp);
        return;
    }
    if (!sig->ret && !sig->ret_fn)
        sl_buf_printf(out, "%s overload %u: no return type\n", def->name, s);
    if (ps.ret && !vars_bound(ps.ret, &ps))
        sl_buf_printf(out, "%s overload %u: return type uses an unbound type variable\n", def->name,
                      s);
    if (def->kind == SL_FN_SCALAR && !sig->impl)
        sl_buf_printf(out, "%s overload %u: scalar without impl\n", def->name, s);
    if (def->kind == SL_FN_AGGREGATE && !sig->agg)
        sl_buf_printf(out, "%s overload %u: aggregate without agg vtable\n", def->name, s);
    if (def->kind == SL_FN_TABLE && !sig->table)
        sl_buf_printf(out, "%s overload %u: table function without table impl\n", def->name, s);
    for (uint32_t t = 0; t < s; t++)
        if (sig->params && def->sigs[t].params && strcmp(sig->params, def->sigs[t].params) == 0)
            sl_buf_printf(out, "%s overloads %u and %u have the same parameters\n", def->name, t,
                          s);
    sl_arena_free(tmp);
}

static void check_def(sl_buf *out, const sl_fn_def *def)
{
    if (!def->name || !*def->name) {
        sl_buf_puts(out, "a definition has no name\n");
        return;
    }
    for (const char *c = def->name; *c; c++)
        if (!(isupper((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_')) {
            sl_buf_printf(out, "%s: name is not upper case\n", def->name);
            break;
        }
    if (!def->category || !def->description)
        sl_buf_printf(out, "%s: missing category or description\n", def->name);
    if (!def->sigs || def->nsigs == 0) sl_buf_printf(out, "%s: no overloads\n", def->name);
    for (uint32_t s = 0; def->sigs && s < def->nsigs; s++)
        check_sig(out, def, s);
}

sl_error *sl_fn_index_check(const sl_fn_index *ix)
{
    sl_buf out = SL_BUF_INIT;
    for (uint32_t i = 0; i < ix->n; i++) {
        check_def(&out, ix->entries[i].def);
        if (i && strcasecmp(ix->entries[i].def->name, ix->entries[i - 1].def->name) == 0)
            sl_buf_printf(&out, "%s: defined twice\n", ix->entries[i].def->name);
    }
    sl_error *err = NULL;
    if (out.len) {
        out.p[out.len - 1] = '\0'; /* drop the last newline */
        err = sl_error_new(SL_E_INTERNAL, "%s", out.p);
    }
    sl_buf_free(&out);
    return err;
}

/* --- func.h entry points: the default index -------------------------------------------- */

const sl_fn_def *sl_fn_lookup(const char *name)
{
    const sl_fn_entry *e = sl_fn_index_find(sl_fn_index_default(), name);
    return e ? e->def : NULL;
}

const sl_fn_def *const *sl_fn_all(uint32_t *n)
{
    return sl_fn_index_all(sl_fn_index_default(), n);
}

sl_error *sl_fn_check_tables(void)
{
    return sl_fn_index_check(sl_fn_index_default());
}

sl_error *sl_fn_resolve(sl_arena *ar, const char *name, const sl_type *const *argtypes,
                        const sl_type *const *lambda_ret, int nargs, const sl_value *const_args,
                        const bool *is_const, sl_fn_call **out)
{
    return sl_fn_index_resolve(sl_fn_index_default(), ar, name, argtypes, lambda_ret, nargs,
                               const_args, is_const, out);
}

sl_error *sl_fn_lambda_params(sl_arena *ar, const char *name, const sl_type *const *argtypes,
                              int nargs, int li, const sl_type **params, int *nparams)
{
    return sl_fn_index_lambda_params(sl_fn_index_default(), ar, name, argtypes, nargs, li, params,
                                     nparams);
}
