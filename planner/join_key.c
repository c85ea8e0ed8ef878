/*
 * join_key.c - the key of each join level and the scope of its rows
 * (ksqlDB's JoinTree and JoinNode key rules).
 *
 *   equivalence set   expressions equal to the key: both sides of an INNER,
 *                     LEFT or RIGHT join's condition, plus the left level's
 *                     set when the condition continues it; FULL OUTER: none
 *   viable keys       the plain columns of the set, in order; the final key
 *                     is the first of them the projection selects (else the
 *                     first), named ALIAS_COLUMN; none: a synthetic ROWKEY
 *   foreign key join  keyed by the left table's key columns
 *
 * The scope lists each source's columns in SELECT * order (keys, values,
 * then its pseudo columns, which only a qualified name reaches), each with
 * the row position of its payload copy; the final key's column is instead
 * the key column itself, so a reference to it reads the join key (set on an
 * outer join's padded side too).
 */
#include "common/mem.h"
#include "planner/join_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *col_text(const jq *j, jcol c)
{
    sl_buf b = SL_BUF_INIT;
    sl_ast_ident_print(&b, j->srcs[c.src].alias);
    sl_buf_putc(&b, '.');
    sl_ast_ident_print(&b, sl_jq_col_name(j, c));
    const char *s = sl_arena_strdup(j->q->pc->ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

static bool in_set(const char *const *set, uint32_t n, const char *t)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(set[i], t) == 0) return true;
    return false;
}

static void add_viable(const jq *j, jlevel *lv, jcol c)
{
    if (!in_set(lv->equiv, lv->nequiv, col_text(j, c))) return;
    for (uint32_t i = 0; i < lv->nviable; i++)
        if (lv->viable[i].src == c.src && lv->viable[i].col == c.col) return;
    lv->viable[lv->nviable++] = c;
}

/* Level i's equivalence set and viable key columns (ksqlDB's JoinTree.Join). */
static void equivalence(jq *j, uint32_t i)
{
    const jclause *c = &j->jc[i];
    jlevel *lv = &j->lv[i], *prev = i ? &j->lv[i - 1] : NULL;
    sl_arena *ar = j->q->pc->ar;
    uint32_t cap = (prev ? prev->nequiv + prev->nviable : 0) + 4;
    lv->equiv = SL_ARENA_ARRAY(ar, const char *, cap);
    lv->viable = SL_ARENA_ARRAY(ar, jcol, cap);
    if (c->kind == JK_FK) { /* keyed by the left table's key */
        const sl_source *l = j->srcs[0].src;
        for (uint32_t k = 0; k < l->nkey && l->nkey == 1; k++) {
            lv->equiv[lv->nequiv++] = col_text(j, (jcol){0, (int)k});
            lv->viable[lv->nviable++] = (jcol){0, (int)k};
        }
        lv->nkey = l->nkey;
        return;
    }
    lv->nkey = 1;
    if (c->ast->type == SL_JOIN_FULL) {
        lv->synthetic = true;
        return;
    }
    lv->equiv[lv->nequiv++] = c->l.text;
    lv->equiv[lv->nequiv++] = c->r.text;
    bool continues = prev && (in_set(prev->equiv, prev->nequiv, c->l.text) ||
                              in_set(prev->equiv, prev->nequiv, c->r.text));
    for (uint32_t k = 0; continues && k < prev->nequiv; k++)
        if (!in_set(lv->equiv, lv->nequiv, prev->equiv[k]))
            lv->equiv[lv->nequiv++] = prev->equiv[k];
    for (uint32_t k = 0; prev && k < prev->nviable; k++)
        add_viable(j, lv, prev->viable[k]);
    if (c->l.is_col) add_viable(j, lv, c->l.col);
    if (c->r.is_col) add_viable(j, lv, c->r.col);
    lv->synthetic = lv->nviable == 0;
}

void sl_jq_source_scope(const jq *j, int s, sl_scope *sc)
{
    const jsrc *js = &j->srcs[s];
    memset(sc, 0, sizeof *sc);
    sc->cols = SL_ARENA_ARRAY(j->q->pc->ar, sl_scope_col, js->src->ncols + 1);
    sc->ncols = js->src->ncols;
    sc->windowed = js->src->windowed;
    sc->clause = "JOIN ON";
    for (uint32_t c = 0; c < js->src->ncols; c++)
        sc->cols[c] = (sl_scope_col){.name = js->src->cols[c].name,
                                     .source = js->alias,
                                     .type = js->src->cols[c].type,
                                     .index = (int32_t)c};
}

sl_error *sl_jq_expr_type(jq *j, uint32_t i, const jexpr *x, const sl_type **out)
{
    sl_scope sc;
    if (x == &j->jc[i].l && i > 0) {
        sl_jq_scope(j, i - 1, false, &sc);
        sc.clause = "JOIN ON";
    } else {
        sl_jq_source_scope(j, x->src, &sc);
    }
    sl_expr *e;
    sl_error *err = sl_bind_expr(j->q->pc, &sc, x->e, &e);
    if (!err) *out = e->type;
    return err;
}

static sl_error *key_types(jq *j, uint32_t i)
{
    jlevel *lv = &j->lv[i];
    if (j->jc[i].kind == JK_FK) {
        lv->key_type = j->srcs[0].src->cols[0].type;
        return NULL;
    }
    const sl_type *lt, *rt;
    sl_error *err = sl_jq_expr_type(j, i, &j->jc[i].l, &lt);
    if (!err) err = sl_jq_expr_type(j, i, &j->jc[i].r, &rt);
    if (err) return err;
    lv->key_type = lt;
    if (sl_type_eq(lt, rt)) return NULL;
    sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT;
    sl_type_print(&a, lt);
    sl_type_print(&b, rt);
    err = sl_error_new(SL_E_STATEMENT, "Invalid join. Key types differ: %s vs %s", sl_buf_cstr(&a),
                       sl_buf_cstr(&b));
    sl_buf_free(&a);
    sl_buf_free(&b);
    return err;
}

sl_error *sl_jq_keys(jq *j)
{
    for (uint32_t i = 0; i < j->njc; i++) {
        j->lv[i].windowed = j->srcs[0].src->windowed;
        equivalence(j, i);
        sl_error *err = key_types(j, i);
        if (err) return err;
    }
    return NULL;
}

/* --- the final key ------------------------------------------------------------------------- */

/* Whether the select list names source column c (a plain reference, or a star covering it). */
static bool selected(const jq *j, jcol c)
{
    const sl_ast_query *aq = j->q->q;
    for (uint32_t i = 0; i < aq->items.n; i++) {
        const sl_ast_select_item *it = &aq->items.v[i];
        if (it->kind == SL_SELECT_ALL) {
            if (c.col >= 0 &&
                (!it->source.text || strcmp(it->source.text, j->srcs[c.src].alias) == 0))
                return true;
            continue;
        }
        jcol x;
        if (it->kind == SL_SELECT_EXPR && sl_jq_resolve_col(j, j->nsrcs, it->expr, &x) &&
            x.src == c.src && x.col == c.col)
            return true;
    }
    return false;
}

/* ksqlDB's generated ROWKEY, ROWKEY_1, ...: the first not taken by a source column. */
static const char *synthetic_name(const jq *j)
{
    uint64_t used = 0; /* bit n: ROWKEY_n (ROWKEY is 0) is a column name */
    for (uint32_t s = 0; s < j->nsrcs; s++)
        for (uint32_t c = 0; c < j->srcs[s].src->ncols; c++) {
            const char *n = j->srcs[s].src->cols[c].name;
            if (strncmp(n, "ROWKEY", 6) != 0) continue;
            if (!n[6])
                used |= 1;
            else if (n[6] == '_' && n[7] >= '0' && n[7] <= '9') {
                long k = strtol(n + 7, NULL, 10);
                if (k >= 0 && k < 64) used |= 1ull << k;
            }
        }
    int k = 0;
    while (k < 63 && (used >> k & 1))
        k++;
    return k ? sl_arena_printf(j->q->pc->ar, "ROWKEY_%d", k) : "ROWKEY";
}

void sl_jq_choose_key(jq *j)
{
    const jlevel *lv = &j->lv[j->njc - 1];
    sl_arena *ar = j->q->pc->ar;
    j->nkey = lv->nkey;
    j->key = SL_ARENA_ARRAY(ar, jcol, lv->nkey + 1);
    if (j->jc[j->njc - 1].kind == JK_FK) {
        for (uint32_t k = 0; k < lv->nkey; k++)
            j->key[k] = (jcol){0, (int)k};
        return;
    }
    if (lv->synthetic) {
        j->key[0] = (jcol){-1, -1};
        j->synth = synthetic_name(j);
        return;
    }
    j->key[0] = lv->viable[0];
    for (uint32_t v = 0; v < lv->nviable; v++)
        if (selected(j, lv->viable[v])) {
            j->key[0] = lv->viable[v];
            break;
        }
}

/* --- payload layout and scopes -------------------------------------------------------------- */

int sl_jq_pay_pos(const jq *j, jcol c)
{
    const jsrc *s = &j->srcs[c.src];
    uint32_t nval = s->src->ncols - s->src->nkey;
    uint32_t np = s->pseudo ? 3 : 0, nw = s->wbounds ? 2 : 0;
    if (c.col >= (int)s->src->nkey) return c.col - (int)s->src->nkey;
    if (c.col >= 0) return (int)(nval + np + nw) + c.col;
    int p = -1 - c.col;
    if (p < JP_WINDOWSTART) return s->pseudo ? (int)nval + p : -1;
    return s->wbounds ? (int)(nval + np) + p - JP_WINDOWSTART : -1;
}

static bool common_name(const jq *j, const char *name)
{
    uint32_t n = 0;
    for (uint32_t s = 0; s < j->nsrcs; s++)
        n += sl_source_col(j->srcs[s].src, name) >= 0;
    return n > 1;
}

static int key_index(const jq *j, jcol c)
{
    for (uint32_t k = 0; k < j->nkey; k++)
        if (j->key[k].src == c.src && j->key[k].col == c.col) return (int)k;
    return -1;
}

static void add_col(const jq *j, sl_scope *sc, jcol c, uint32_t base, bool final)
{
    const jsrc *s = &j->srcs[c.src];
    int pos = sl_jq_pay_pos(j, c);
    if (pos < 0) return;
    int k = final ? key_index(j, c) : -1;
    const char *name = sl_jq_col_name(j, c);
    sl_scope_col *sc_col = &sc->cols[sc->ncols++];
    *sc_col = (sl_scope_col){.name = name,
                             .source = s->alias,
                             .type = sl_jq_col_type(j, c),
                             .index = k >= 0 ? k : (int32_t)(base + (uint32_t)pos),
                             .is_key = k >= 0};
    sc_col->join_name = sl_arena_printf(j->q->pc->ar, "%s_%s", s->alias, name);
    sc_col->common = c.col < 0 || common_name(j, name);
    sc_col->qualified_only = sc_col->no_star = c.col < 0;
}

void sl_jq_scope(jq *j, uint32_t level, bool final, sl_scope *sc)
{
    sl_arena *ar = j->q->pc->ar;
    uint32_t n = 1;
    for (uint32_t s = 0; s <= level + 1; s++)
        n += j->srcs[s].src->ncols + JP__COUNT;
    memset(sc, 0, sizeof *sc);
    sc->cols = SL_ARENA_ARRAY(ar, sl_scope_col, n);
    sc->no_wbounds = true;
    if (final && j->synth)
        sc->cols[sc->ncols++] = (sl_scope_col){.name = j->synth,
                                               .type = j->lv[level].key_type,
                                               .index = 0,
                                               .is_key = true,
                                               .join_name = j->synth};
    uint32_t base = j->lv[level].nkey;
    for (uint32_t s = 0; s <= level + 1; s++) {
        const sl_source *src = j->srcs[s].src;
        for (uint32_t c = 0; c < src->ncols; c++)
            add_col(j, sc, (jcol){(int)s, (int)c}, base, final);
        for (int p = 0; p < JP__COUNT; p++)
            add_col(j, sc, (jcol){(int)s, -1 - p}, base, final);
        base += j->srcs[s].npay;
    }
}
