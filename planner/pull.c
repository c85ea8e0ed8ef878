/*
 * pull.c - planning a pull query on a materialized table (a CREATE TABLE AS
 * query's pull store, exec/pullstore.h):
 *
 *   SELECT ... FROM t WHERE ...  ──> which stored rows to read (the access path)
 *                                ──> WHERE and the projection over each row read
 *
 * The access path comes from the WHERE clause, split into disjuncts (OR) of
 * conjuncts (AND); a conjunct constrains a key column when it compares the
 * bare column with a constant:
 *
 *   every key column = c (or one IN list)  ──> KEY LOOKUP   (point gets; a windowed
 *       in every disjunct                                    table: that key's windows,
 *                                                            WINDOWSTART bounds)
 *   a one-column key compared with < <= > >= BETWEEN  ──> RANGE  (one iterator)
 *   anything else                                     ──> SCAN   (every row)
 *
 * The whole WHERE clause still runs on every row read, so the path only has to
 * read a superset of the answer. ksqlDB's switches are honoured with its
 * messages: ksql.query.pull.table.scan.enabled (false: a query that needs a
 * scan is refused) and ksql.query.pull.range.scan.enabled.
 */
#include "common/mem.h"
#include "exec/keycodec.h"
#include "planner/planner_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_KEYS 10000

/* What one disjunct says about the key. */
typedef struct key_cons {
    sl_value *eq; /* [nkey]: the value a column equals */
    bool *has_eq;
    int32_t in_col; /* the column with an IN list, or -1 */
    sl_value *in;   /* its values */
    uint32_t nin;
    uint32_t *ncmp; /* [nkey]: comparisons on the column (eq, in, ranges) */
    sl_buf lo, hi;  /* range bounds on key column 0 (encoded; empty: open) */
    bool ranged;
    bool keyed; /* some conjunct constrains a key column */
    int64_t ws_lo, ws_hi;
    /* what a key lookup cannot use, for the messages when table scans are off */
    bool no_column_ref; /* a comparison with no bare column on either side */
    bool unresolvable;  /* a column compared with something that is not a constant */
    bool key_not_eq;    /* a key column with <> (never a lookup, never a range) */
    sl_error *err;      /* a key value that can never match a key (first one) */
} key_cons;

typedef struct pctx {
    sl_planctx *pc;
    const sl_source *t;
    sl_pull_plan *p;
    sl_arena *ar;
    bool scan_ok, range_ok;
    size_t capkeys; /* of p->acc.keys (malloc'd, grown as keys come) */
} pctx;

static bool prop_true(sl_planctx *pc, const char *name, bool def)
{
    const char *v = sl_plan_prop(pc, name);
    if (!v) return def;
    return strcasecmp(v, "true") == 0;
}

/* --- constants ------------------------------------------------------------------------- */

/* The value of constant expression e, converted to type t (NULL: as is); false when e is
 * not a constant or does not convert. */
static bool const_of(pctx *x, const sl_expr *e, const sl_type *t, sl_value *out)
{
    if (!sl_expr_is_constant(e)) return false;
    const sl_expr *ce = e;
    if (t && !sl_type_eq(e->type, t)) {
        sl_expr *cast;
        sl_error *err = sl_expr_cast_new(x->ar, (sl_expr *)e, t, &cast);
        if (err) {
            sl_error_free(err);
            return false;
        }
        ce = cast;
    }
    sl_prog *prog;
    sl_error *err = sl_expr_compile(x->ar, ce, &prog);
    if (err) {
        sl_error_free(err);
        return false;
    }
    sl_row row = {0};
    sl_error *eerr = NULL;
    sl_value v = sl_prog_eval(prog, &row, x->ar, &eerr);
    *out = eerr ? sl_value_null() : sl_value_copy(x->ar, ce->type, v);
    sl_prog_free(prog);
    sl_error_free(eerr);
    return !eerr;
}

static bool is_syscol(const sl_expr *e, sl_syscol which)
{
    return e->kind == SL_EX_SYSCOL && e->index == (int32_t)which;
}

static int32_t key_col(const pctx *x, const sl_expr *e)
{
    return e->kind == SL_EX_COL && e->index < (int32_t)x->t->nkey ? e->index : -1;
}

/* --- constraints ----------------------------------------------------------------------- */

static sl_cmp_op flip(sl_cmp_op op)
{
    switch (op) {
    case SL_CMP_LT:
        return SL_CMP_GT;
    case SL_CMP_LE:
        return SL_CMP_GE;
    case SL_CMP_GT:
        return SL_CMP_LT;
    case SL_CMP_GE:
        return SL_CMP_LE;
    default:
        return op;
    }
}

static int buf_cmp(const sl_buf *a, const sl_buf *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->p, b->p, n) : 0;
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static void bound_lo(sl_buf *lo, const sl_buf *v)
{
    if (lo->len == 0 || buf_cmp(v, lo) > 0) {
        sl_buf_reset(lo);
        sl_buf_append(lo, v->p, v->len);
    }
}

static void bound_hi(sl_buf *hi, const sl_buf *v)
{
    if (hi->len == 0 || buf_cmp(v, hi) < 0) {
        sl_buf_reset(hi);
        sl_buf_append(hi, v->p, v->len);
    }
}

/* A range condition col op v on key column 0. */
static void add_range(pctx *x, key_cons *kc, sl_cmp_op op, sl_value v)
{
    sl_buf enc = SL_BUF_INIT;
    sl_keycodec_put(&enc, x->t->cols[0].type, v);
    kc->ranged = true;
    if (op == SL_CMP_GT || op == SL_CMP_GE) bound_lo(&kc->lo, &enc);
    if (op == SL_CMP_LT || op == SL_CMP_LE) {
        for (int i = 0; i < 17; i++)
            sl_buf_putc(&enc, (char)0xFF); /* past v and its windows */
        bound_hi(&kc->hi, &enc);
    }
    sl_buf_free(&enc);
}

static void window_bound(key_cons *kc, sl_cmp_op op, int64_t v)
{
    switch (op) {
    case SL_CMP_EQ:
        if (v > kc->ws_lo) kc->ws_lo = v;
        if (v < kc->ws_hi) kc->ws_hi = v;
        break;
    case SL_CMP_GT:
        if (v != INT64_MAX && v + 1 > kc->ws_lo) kc->ws_lo = v + 1;
        break;
    case SL_CMP_GE:
        if (v > kc->ws_lo) kc->ws_lo = v;
        break;
    case SL_CMP_LT:
        if (v != INT64_MIN && v - 1 < kc->ws_hi) kc->ws_hi = v - 1;
        break;
    case SL_CMP_LE:
        if (v < kc->ws_hi) kc->ws_hi = v;
        break;
    default:
        break;
    }
}

/* A constant a key column is compared with, checked as ksqlDB checks lookup keys: a string
 * for another type and NULL are errors (kc->err). */
static bool key_value(pctx *x, key_cons *kc, int32_t k, const sl_expr *e, sl_value *v)
{
    const sl_type *kt = x->t->cols[k].type;
    const sl_expr *bare = e;
    while (bare->kind == SL_EX_CAST && (bare->flags & SL_EXF_IMPLICIT))
        bare = bare->args[0];
    if (!kc->err && bare->kind == SL_EX_LIT && bare->type->kind == SL_K_STRING &&
        kt->kind != SL_K_STRING) {
        sl_buf b = SL_BUF_INIT, t = SL_BUF_INIT;
        sl_expr_print(&b, bare);
        sl_type_print(&t, kt);
        kc->err = sl_error_new(SL_E_STATEMENT,
                               "%s can not be converted to the type of the key column: %s %s KEY",
                               sl_buf_cstr(&b), x->t->cols[k].name, sl_buf_cstr(&t));
        sl_buf_free(&b);
        sl_buf_free(&t);
        return false;
    }
    if (!const_of(x, e, kt, v)) return false;
    if (v->null && !kc->err)
        kc->err = sl_error_new(SL_E_STATEMENT, "Primary key columns can not be NULL: (%s = null)",
                               x->t->cols[k].name);
    return !v->null;
}

static void compare(pctx *x, key_cons *kc, sl_cmp_op op, const sl_expr *col, const sl_expr *other)
{
    sl_value v;
    if (!sl_expr_is_constant(other)) kc->unresolvable = true;
    if (is_syscol(col, SL_SYSCOL_WINDOWSTART)) {
        if (const_of(x, other, &sl_type_bigint, &v) && !v.null) window_bound(kc, op, v.u.i);
        return;
    }
    int32_t k = key_col(x, col);
    if (k >= 0 && op == SL_CMP_NE) kc->key_not_eq = true;
    if (k < 0 || op == SL_CMP_NE || op == SL_CMP_DISTINCT || op == SL_CMP_NOT_DISTINCT) return;
    if (!key_value(x, kc, k, other, &v)) return;
    kc->keyed = true;
    kc->ncmp[k]++;
    if (op == SL_CMP_EQ) {
        kc->eq[k] = v;
        kc->has_eq[k] = true;
    } else if (x->t->nkey == 1) {
        add_range(x, kc, op, v);
    }
}

static void in_list(pctx *x, key_cons *kc, const sl_expr *e)
{
    int32_t k = key_col(x, e->args[0]);
    if (k < 0 || e->negated) return;
    sl_value *vals = SL_ARENA_ARRAY(x->ar, sl_value, e->nargs);
    for (uint32_t i = 1; i < e->nargs; i++)
        if (!key_value(x, kc, k, e->args[i], &vals[i - 1])) return;
    kc->keyed = true;
    kc->ncmp[k]++;
    if (kc->in_col >= 0 && kc->in_col != k) return; /* two IN lists: only the first is used */
    kc->in_col = k;
    kc->in = vals;
    kc->nin = e->nargs - 1;
}

/* One conjunct of a disjunct. */
static void conjunct(pctx *x, key_cons *kc, const sl_expr *e)
{
    switch (e->kind) {
    case SL_EX_AND:
        conjunct(x, kc, e->args[0]);
        conjunct(x, kc, e->args[1]);
        return;
    case SL_EX_CMP:
        if (key_col(x, e->args[0]) >= 0 || is_syscol(e->args[0], SL_SYSCOL_WINDOWSTART))
            compare(x, kc, (sl_cmp_op)e->op, e->args[0], e->args[1]);
        else if (key_col(x, e->args[1]) >= 0 || is_syscol(e->args[1], SL_SYSCOL_WINDOWSTART))
            compare(x, kc, flip((sl_cmp_op)e->op), e->args[1], e->args[0]);
        else if (e->args[0]->kind == SL_EX_COL || e->args[0]->kind == SL_EX_SYSCOL)
            kc->unresolvable |= !sl_expr_is_constant(e->args[1]);
        else if (e->args[1]->kind == SL_EX_COL || e->args[1]->kind == SL_EX_SYSCOL)
            kc->unresolvable |= !sl_expr_is_constant(e->args[0]);
        else
            kc->no_column_ref = true;
        return;
    case SL_EX_IN:
        in_list(x, kc, e);
        return;
    case SL_EX_BETWEEN:
        if (e->negated) return;
        compare(x, kc, SL_CMP_GE, e->args[0], e->args[1]);
        compare(x, kc, SL_CMP_LE, e->args[0], e->args[2]);
        return;
    default:
        return;
    }
}

static key_cons *new_cons(pctx *x)
{
    uint32_t nk = x->t->nkey + 1;
    key_cons *kc = SL_ARENA_NEW(x->ar, key_cons);
    kc->eq = SL_ARENA_ARRAY(x->ar, sl_value, nk);
    kc->has_eq = SL_ARENA_ARRAY(x->ar, bool, nk);
    kc->ncmp = SL_ARENA_ARRAY(x->ar, uint32_t, nk);
    kc->in_col = -1;
    kc->ws_lo = INT64_MIN;
    kc->ws_hi = INT64_MAX;
    return kc;
}

static void free_cons(key_cons *kc)
{
    sl_buf_free(&kc->lo);
    sl_buf_free(&kc->hi);
}

/* Whether every key column is pinned to values (an equality or the IN list). */
static bool full_key(const pctx *x, const key_cons *kc)
{
    for (uint32_t k = 0; k < x->t->nkey; k++)
        if (!kc->has_eq[k] && kc->in_col != (int32_t)k) return false;
    return x->t->nkey > 0;
}

/* --- the access path ------------------------------------------------------------------- */

static void add_keys(pctx *x, const key_cons *kc)
{
    sl_pull_plan *p = x->p;
    uint32_t n = kc->in_col >= 0 && !kc->has_eq[kc->in_col] ? kc->nin : 1;
    for (uint32_t i = 0; i < n && p->acc.nkeys < MAX_KEYS; i++) {
        SL_GROW(p->acc.keys, x->capkeys, (size_t)p->acc.nkeys + 1);
        sl_buf *b = &p->acc.keys[p->acc.nkeys++];
        *b = (sl_buf)SL_BUF_INIT;
        for (uint32_t k = 0; k < x->t->nkey; k++) {
            sl_value v = kc->has_eq[k] ? kc->eq[k] : kc->in[i];
            sl_keycodec_put(b, x->t->cols[k].type, v);
        }
    }
    if (kc->ws_lo < p->acc.ws_lo) p->acc.ws_lo = kc->ws_lo;
    if (kc->ws_hi > p->acc.ws_hi) p->acc.ws_hi = kc->ws_hi;
}

#define LOOKUP_HELP                                                                                \
    ". Pull queries on a table without table scans (ksql.query.pull.table.scan.enabled=false) "    \
    "need a WHERE clause that names every key column with '=' or IN, or a range of a STRING key."

static sl_error *scan_refused(pctx *x, const key_cons *kc, const sl_expr *disjunct)
{
    if (kc->no_column_ref)
        return sl_error_new(SL_E_STATEMENT,
                            "A comparison must directly reference a key column" LOOKUP_HELP);
    if (kc->unresolvable)
        return sl_error_new(SL_E_STATEMENT,
                            "A comparison must be between a key column and a resolvable "
                            "expression" LOOKUP_HELP);
    if (kc->key_not_eq) {
        sl_buf keys = SL_BUF_INIT;
        sl_column *cols = SL_ARENA_ARRAY(x->ar, sl_column, x->t->nkey + 1);
        for (uint32_t k = 0; k < x->t->nkey; k++)
            cols[k] = (sl_column){x->t->cols[k].name, x->t->cols[k].type, SL_COLROLE_KEY, NULL};
        sl_plan_schema_print(&keys, cols, x->t->nkey);
        sl_error *err = sl_error_new(
            SL_E_STATEMENT, "Bound on key columns '[%s]' must currently be '='" LOOKUP_HELP,
            sl_buf_cstr(&keys));
        sl_buf_free(&keys);
        return err;
    }
    if (!kc->keyed) {
        sl_buf b = SL_BUF_INIT;
        sl_expr_print(&b, disjunct);
        sl_error *err = sl_error_new(
            SL_E_STATEMENT, "WHERE clause missing key column for disjunct: %s.", sl_buf_cstr(&b));
        sl_buf_free(&b);
        return err;
    }
    uint32_t seen = 0;
    for (uint32_t k = 0; k < x->t->nkey; k++)
        seen += kc->ncmp[k] > 0;
    if (seen < x->t->nkey)
        return sl_error_new(SL_E_STATEMENT,
                            "Multi-column sources must specify every key in the WHERE clause.");
    for (uint32_t k = 0; k < x->t->nkey; k++)
        if (kc->ncmp[k] > 1)
            return sl_error_new(SL_E_STATEMENT,
                                "A comparison condition on the key column cannot be combined with "
                                "other comparisons such as an IN predicate");
    return sl_error_new(SL_E_STATEMENT, "Query requires table scan to be enabled");
}

/* Collects the disjuncts of e (OR at the top) into v. */
static void disjuncts(const sl_expr *e, const sl_expr **v, uint32_t *n, uint32_t cap)
{
    if (e->kind == SL_EX_OR) {
        disjuncts(e->args[0], v, n, cap);
        disjuncts(e->args[1], v, n, cap);
    } else if (*n < cap) {
        v[(*n)++] = e;
    }
}

/* A range on the one key column is usable: range scans on, and (with table scans off, as in
 * ksqlDB) a STRING key with one comparison. */
static bool range_usable(const pctx *x, const key_cons *kc)
{
    if (!kc->ranged || x->t->nkey != 1 || !x->range_ok || x->t->windowed) return false;
    if (x->scan_ok) return true;
    return x->t->cols[0].type->kind == SL_K_STRING && kc->ncmp[0] == 1;
}

static sl_error *access_path(pctx *x, const sl_expr *where)
{
    sl_pull_plan *p = x->p;
    p->acc.path = SL_PULL_SCAN;
    p->acc.ws_lo = INT64_MAX;
    p->acc.ws_hi = INT64_MIN;
    if (!where) {
        p->acc.ws_lo = INT64_MIN;
        p->acc.ws_hi = INT64_MAX;
        return x->scan_ok ? NULL
                          : sl_error_new(SL_E_STATEMENT, "Query requires table scan to be enabled");
    }
    const sl_expr *ds[64];
    uint32_t nd = 0;
    disjuncts(where, ds, &nd, 64);
    bool lookups = true;
    sl_error *err = NULL;
    for (uint32_t i = 0; i < nd && !err; i++) {
        key_cons *kc = new_cons(x);
        conjunct(x, kc, ds[i]);
        if (kc->err) {
            err = kc->err;
            kc->err = NULL;
            lookups = false;
        } else if (full_key(x, kc) && (kc->in_col < 0 || kc->ncmp[kc->in_col] == 1)) {
            add_keys(x, kc);
        } else if (nd == 1 && range_usable(x, kc)) {
            p->acc.path = SL_PULL_RANGE;
            sl_buf_append(&p->acc.lo, kc->lo.p, kc->lo.len);
            sl_buf_append(&p->acc.hi, kc->hi.p, kc->hi.len);
            lookups = false;
        } else {
            lookups = false;
            if (!x->scan_ok) err = scan_refused(x, kc, ds[i]);
        }
        free_cons(kc);
    }
    if (!err && lookups && p->acc.nkeys < MAX_KEYS) {
        p->acc.path = SL_PULL_KEY_LOOKUP;
        return NULL;
    }
    for (uint32_t i = 0; i < p->acc.nkeys; i++)
        sl_buf_free(&p->acc.keys[i]);
    p->acc.nkeys = 0;
    p->acc.ws_lo = INT64_MIN;
    p->acc.ws_hi = INT64_MAX;
    if (!err && p->acc.path == SL_PULL_SCAN && !x->scan_ok)
        err = sl_error_new(SL_E_STATEMENT, "Query requires table scan to be enabled");
    return err;
}

/* --- the statement --------------------------------------------------------------------- */

static sl_error *not_queryable(const sl_source *t)
{
    return sl_error_new(SL_E_STATEMENT,
                        "The `%s` table isn't queryable. To derive a queryable table, you can do "
                        "'CREATE TABLE QUERYABLE_%s AS SELECT * FROM %s'. See "
                        "https://cnfl.io/queries for more info.",
                        t->name, t->name, t->name);
}

static sl_error *bind_where(sl_qctx *q, sl_expr **out)
{
    *out = NULL;
    if (!q->q->where) return NULL;
    sl_scope sc = q->scope;
    sc.clause = "WHERE";
    sl_error *err = sl_bind_expr(q->pc, &sc, q->q->where, out);
    if (err && err->code == SL_E_TYPE) { /* ksqlDB quotes the clause after the reason */
        sl_buf text = SL_BUF_INIT;
        sl_plan_expr_text(&text, q->q->where);
        sl_error *e = sl_error_new(err->code, "Error in WHERE expression: %s\nStatement: %s",
                                   err->msg, sl_buf_cstr(&text));
        sl_buf_free(&text);
        sl_error_free(err);
        return e;
    }
    if (err) return err;
    if ((*out)->type->kind != SL_K_BOOLEAN && (*out)->type->kind != SL_K_NULL)
        return sl_error_new(SL_E_STATEMENT,
                            "Type error in WHERE expression: Should evaluate to boolean.");
    return NULL;
}

/* The result columns: the projection's, each marked when it is a key column of the table
 * or a window bound. */
static void result(sl_qctx *q, sl_pull_plan *p)
{
    p->cols = q->out;
    p->ncols = q->nout;
    p->exprs = (const sl_expr **)q->out_exprs;
    bool *is_key = SL_ARENA_ARRAY(p->ar, bool, q->nout + 1);
    for (uint32_t i = 0; i < q->nout; i++) {
        const sl_expr *e = q->out_exprs[i];
        is_key[i] = (e->kind == SL_EX_COL && e->index < (int32_t)p->tnkey) ||
                    (p->windowed &&
                     (is_syscol(e, SL_SYSCOL_WINDOWSTART) || is_syscol(e, SL_SYSCOL_WINDOWEND)));
    }
    p->is_key = is_key;
}

/* ksqlDB does not convert a string in an IN list to a key of another type, which the
 * binder's list coercion would: checked on the clause as written (AND / OR nesting). */
static sl_error *in_key_strings(const pctx *x, const sl_ast_expr *e)
{
    if (!e) return NULL;
    if (e->kind == SL_AST_LOGIC) {
        for (uint32_t i = 0; i < e->logic.args.n; i++) {
            sl_error *err = in_key_strings(x, e->logic.args.v[i]);
            if (err) return err;
        }
        return NULL;
    }
    if (e->kind != SL_AST_IN || e->in.value->kind != SL_AST_COLUMN) return NULL;
    int k = sl_source_col(x->t, e->in.value->column.name.text);
    if (k < 0 || (uint32_t)k >= x->t->nkey || x->t->cols[k].type->kind == SL_K_STRING) return NULL;
    for (uint32_t i = 0; i < e->in.list.n; i++) {
        const sl_ast_expr *it = e->in.list.v[i];
        if (it->kind != SL_AST_LITERAL || it->lit.kind != SL_LIT_STRING) continue;
        sl_buf t = SL_BUF_INIT;
        sl_type_print(&t, x->t->cols[k].type);
        sl_error *err = sl_error_new(SL_E_STATEMENT,
                                     "'%s' can not be converted to the type of the key column: "
                                     "%s %s KEY",
                                     it->lit.text, x->t->cols[k].name, sl_buf_cstr(&t));
        sl_buf_free(&t);
        return err;
    }
    return NULL;
}

static sl_error *plan_query(pctx *x, sl_qctx *q, sl_plan *holder)
{
    sl_pull_plan *p = x->p;
    q->plan = holder;
    q->from = x->t;
    q->from_alias = q->q->from.alias.text ? q->q->from.alias.text : x->t->name;
    q->tail = sl_plan_add(holder, SL_PN_SOURCE, 0, NULL, 0, 0);
    sl_field *cols = SL_ARENA_ARRAY(p->ar, sl_field, x->t->ncols + 1);
    for (uint32_t i = 0; i < x->t->ncols; i++)
        cols[i] = (sl_field){sl_arena_strdup(p->ar, x->t->cols[i].name),
                             sl_type_copy(p->ar, x->t->cols[i].type)};
    q->tail->cols = cols;
    q->tail->ncols = x->t->ncols;
    q->tail->nkey = x->t->nkey;
    sl_q_scope_from_tail(q, q->from_alias);
    q->windowed = x->t->windowed;
    q->scope.windowed = x->t->windowed;
    p->tcols = cols;
    p->tncols = x->t->ncols;
    p->tnkey = x->t->nkey;
    p->windowed = x->t->windowed;
    p->acc.windowed = x->t->windowed;
    sl_expr *where;
    sl_error *err = in_key_strings(x, q->q->where);
    if (!err) err = bind_where(q, &where);
    if (!err) err = sl_q_projection(q);
    if (!err) err = sl_q_pull_columns((const sl_expr *const *)q->out_exprs, q->nout, where);
    if (err) return err;
    p->where = where;
    result(q, p);
    return access_path(x, where);
}

sl_error *sl_plan_pull(sl_planctx *pc, const sl_ast_stmt *st, sl_pull_plan **out)
{
    *out = NULL;
    const sl_ast_query *aq = st->query;
    const sl_source *t = sl_catalog_source(pc->cat, aq->from.name.text);
    if (!t) return sl_error_new(SL_E_STATEMENT, "%s does not exist.", aq->from.name.text);
    if (!t->is_table)
        return sl_error_new(SL_E_INTERNAL, "%s is a stream: its pull queries are transient",
                            t->name);
    sl_error *err = sl_q_pull_validate(aq);
    if (err) return err;
    sl_plan *holder = sl_plan_new("pull");
    sl_pull_plan *p = SL_ARENA_NEW(holder->ar, sl_pull_plan);
    p->ar = holder->ar;
    p->holder = holder;
    p->table = sl_arena_strdup(p->ar, t->name);
    p->query_id = sl_arena_strdup(p->ar, t->owner ? t->owner : "");
    p->limit = aq->has_limit ? aq->limit : -1;
    sl_planctx plan_pc = *pc;
    plan_pc.ar = holder->ar;
    pctx x = {&plan_pc,
              t,
              p,
              holder->ar,
              prop_true(pc, "ksql.query.pull.table.scan.enabled", true),
              prop_true(pc, "ksql.query.pull.range.scan.enabled", true)};
    sl_qctx q = {.pc = &plan_pc, .st = st, .q = aq, .transient = true};
    err = plan_query(&x, &q, holder);
    if (!err && !t->owner) err = not_queryable(t);
    if (err) {
        sl_pull_plan_free(p);
        return err;
    }
    *out = p;
    return NULL;
}

void sl_pull_plan_free(sl_pull_plan *p)
{
    if (!p) return;
    for (uint32_t i = 0; i < p->acc.nkeys; i++)
        sl_buf_free(&p->acc.keys[i]);
    free(p->acc.keys);
    sl_buf_free(&p->acc.lo);
    sl_buf_free(&p->acc.hi);
    sl_plan_free(p->holder); /* p lives in its arena */
}

void sl_pull_plan_explain(const sl_pull_plan *p, sl_buf *out)
{
    static const char *const paths[] = {"KEY LOOKUP", "RANGE SCAN", "TABLE SCAN"};
    sl_buf_printf(out, " > [ PULL ] | Table: %s | Access: %s", p->table, paths[p->acc.path]);
    if (p->acc.path == SL_PULL_KEY_LOOKUP)
        sl_buf_printf(out, " (%u key%s)", p->acc.nkeys, p->acc.nkeys == 1 ? "" : "s");
    if (p->windowed && (p->acc.ws_lo != INT64_MIN || p->acc.ws_hi != INT64_MAX))
        sl_buf_printf(out, " | WINDOWSTART: [%lld, %lld]", (long long)p->acc.ws_lo,
                      (long long)p->acc.ws_hi);
    sl_buf_printf(out, " | Store: s/%s/pull\n", p->query_id);
    if (p->where) {
        sl_buf_puts(out, "\t\t > [ FILTER ] | Predicate: ");
        sl_expr_print(out, p->where);
        sl_buf_putc(out, '\n');
    }
    sl_buf_puts(out, "\t\t > [ PROJECT ] | Expressions: ");
    for (uint32_t i = 0; i < p->ncols; i++) {
        if (i) sl_buf_puts(out, ", ");
        sl_expr_print(out, p->exprs[i]);
        sl_buf_printf(out, " AS %s", p->cols[i].name);
    }
    if (p->limit >= 0) sl_buf_printf(out, "\n\t\t > [ LIMIT ] | %lld", (long long)p->limit);
    sl_buf_putc(out, '\n');
}

sl_error *sl_plan_materialize(sl_planctx *pc, const sl_source *src, const char *query_id,
                              sl_plan **out)
{
    *out = NULL;
    sl_plan *plan = sl_plan_new(query_id);
    sl_planctx plan_pc = *pc;
    plan_pc.ar = plan->ar;
    sl_ast_select_item all = {.kind = SL_SELECT_ALL}; /* SELECT *: every column is kept */
    sl_ast_query aq = {0};
    aq.items.v = &all;
    aq.items.n = 1;
    sl_qctx q = {.pc = &plan_pc, .q = &aq, .plan = plan, .query_id = query_id};
    q.sub = sl_plan_add_sub(plan, src->partitions);
    sl_pnode *n;
    sl_error *err = sl_q_source(&q, src, src->name, &n);
    if (err) {
        sl_plan_free(plan);
        return err;
    }
    sl_pnode *pull = sl_q_append(&q, SL_PN_PULLSTORE, q.tail->cols, q.tail->ncols, q.tail->nkey);
    pull->u.pull.ts_col = -1;
    pull->u.pull.windowed = src->windowed;
    pull->label = "PullStore";
    *out = plan;
    return NULL;
}
