/*
 * join_check.c - the analysis and checks of a join, in ksqlDB's order and
 * with its messages:
 *
 *   FROM a [JOIN b ON ..]...   each relation: exists, not joined twice
 *                              each ON: one equality, each side one source,
 *                              the new source on one side, windowing alike
 *   levels                     stream-table (no FULL; on the table's key),
 *                              table-table (on the right table's key; else a
 *                              foreign key join), no table-stream order,
 *                              WITHIN where windowed, key types equal
 */
#include "common/mem.h"
#include "planner/join_int.h"

#include <string.h>

static const char *type_text(sl_join_type t)
{
    switch (t) {
    case SL_JOIN_LEFT:
        return "LEFT [OUTER] JOIN";
    case SL_JOIN_RIGHT:
        return "RIGHT [OUTER] JOIN";
    case SL_JOIN_FULL:
        return "[FULL] OUTER JOIN";
    default:
        return "[INNER] JOIN";
    }
}

static const char *window_text(const sl_source *s)
{
    return s->window.kind == SL_SERDE_WINDOW_SESSION ? "SESSION" : "TUMBLING";
}

/* --- sources ------------------------------------------------------------------------------ */

static sl_error *add_source(jq *j, const sl_ast_relation *r)
{
    sl_qctx *q = j->q;
    const sl_source *s = sl_catalog_source(q->pc->cat, r->name.text);
    if (!s) return sl_error_new(SL_E_STATEMENT, "%s does not exist.", r->name.text);
    for (uint32_t i = 0; i < j->nsrcs; i++) {
        if (j->srcs[i].src != s) continue;
        if (j->nsrcs > 1)
            return sl_error_new(SL_E_STATEMENT,
                                "N-way joins do not support multiple occurrences of the same "
                                "source. Source: '%s'.",
                                r->name.text);
        return sl_error_new(SL_E_STATEMENT,
                            "Can not join '%s' to '%s': self joins are not yet supported.",
                            r->name.text, s->name);
    }
    jsrc *js = &j->srcs[j->nsrcs++];
    js->src = s;
    js->rel = r;
    js->alias = r->alias.text ? r->alias.text : s->name;
    js->partitions = s->partitions;
    sl_topic_info info;
    sl_error *err = q->pc->topic ? q->pc->topic(q->pc->topic_ctx, s->topic, &info) : NULL;
    if (!err && q->pc->topic) js->partitions = info.partitions;
    sl_error_free(err);
    return NULL;
}

/* --- ON clauses ---------------------------------------------------------------------------- */

static bool is_equality(const sl_ast_expr *e)
{
    return e->kind == SL_AST_COMPARE && e->compare.op == SL_AST_CMP_EQ;
}

static sl_error *expr_error(const jq *j, const char *fmt, const sl_ast_expr *e)
{
    sl_buf b = SL_BUF_INIT;
    sl_jq_expr_text(j, e, &b);
    sl_error *err = sl_error_new(SL_E_STATEMENT, fmt, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

static sl_error *check_condition(const jq *j, const sl_ast_expr *on)
{
    if (on->kind != SL_AST_COMPARE) {
        if (on->kind == SL_AST_LOGIC && on->logic.op == SL_LOGIC_AND && on->logic.args.n == 2 &&
            is_equality(on->logic.args.v[0]) && is_equality(on->logic.args.v[1]))
            return expr_error(j,
                              "Invalid join condition: joins on multiple conditions are not yet "
                              "supported. Got %s.",
                              on);
        return expr_error(j, "Unsupported join expression: %s", on);
    }
    if (!is_equality(on))
        return sl_error_new(SL_E_STATEMENT, "Only equality join criteria is supported.");
    return NULL;
}

/* The one source side e of on references. */
static sl_error *only_source(const jq *j, const sl_ast_expr *e, const sl_ast_expr *on, int *src)
{
    uint64_t mask = 0;
    sl_error *err = sl_jq_expr_sources(j, j->nsrcs, e, "JOIN ON", &mask);
    if (err) return err;
    if (mask && !(mask & (mask - 1))) {
        *src = __builtin_ctzll(mask);
        return NULL;
    }
    sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT;
    sl_jq_expr_text(j, e, &a);
    sl_jq_expr_text(j, on, &b);
    err = sl_error_new(SL_E_STATEMENT,
                       "Invalid comparison expression '%s' in join '%s'. Each side of the join "
                       "comparision must contain references from exactly one source.",
                       sl_buf_cstr(&a), sl_buf_cstr(&b));
    sl_buf_free(&a);
    sl_buf_free(&b);
    return err;
}

static sl_error *check_windowing(const jq *j, int l, int r)
{
    const sl_source *a = j->srcs[l].src, *b = j->srcs[r].src;
    if (a->windowed != b->windowed)
        return sl_error_new(SL_E_STATEMENT,
                            "Can not join windowed source to non-windowed source.\n`%s` is %s "
                            "windowed\n`%s` is %s windowed",
                            j->srcs[l].alias, a->windowed ? window_text(a) : "not",
                            j->srcs[r].alias, b->windowed ? window_text(b) : "not");
    if (!a->windowed ||
        (a->window.kind == SL_SERDE_WINDOW_SESSION) == (b->window.kind == SL_SERDE_WINDOW_SESSION))
        return NULL;
    return sl_error_new(
        SL_E_STATEMENT,
        "Incompatible windowed sources.\nLeft source: %s\nRight source: %s\n"
        "Session windowed sources can only be joined to other session windowed "
        "sources, and may still not result in expected behaviour as session bounds "
        "must be an exact match for the join to work\nHopping and tumbling windowed "
        "sources can only be joined to other hopping and tumbling windowed sources",
        window_text(a), window_text(b));
}

static void fill_side(const jq *j, jexpr *x, const sl_ast_expr *e, int src)
{
    x->e = e;
    x->src = src;
    sl_buf b = SL_BUF_INIT;
    sl_jq_expr_text(j, e, &b);
    x->text = sl_arena_strdup(j->q->pc->ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    x->is_col = sl_jq_resolve_col(j, j->nsrcs, e, &x->col);
}

/* JOIN clause i: the sources of its sides, checked and oriented (ksqlDB's visitJoinedSource). */
static sl_error *analyze_clause(jq *j, uint32_t i)
{
    const sl_ast_join *aj = &j->q->q->joins.v[i];
    sl_error *err = check_condition(j, aj->on);
    int ls, rs, self = (int)i + 1;
    if (!err) err = only_source(j, aj->on->compare.left, aj->on, &ls);
    if (!err) err = only_source(j, aj->on->compare.right, aj->on, &rs);
    if (err) return err;
    if (ls == rs)
        return sl_error_new(SL_E_STATEMENT,
                            "Each side of the join must reference exactly one source and not the "
                            "same source. Left side references `%s` and right references `%s`",
                            j->srcs[ls].alias, j->srcs[rs].alias);
    if ((err = check_windowing(j, ls, rs))) return err;
    if (ls != self && rs != self)
        return sl_error_new(SL_E_STATEMENT,
                            "A join criteria is expected to reference the source (`%s`) in the "
                            "FROM clause, instead the right source references `%s` and the left "
                            "source references `%s`",
                            j->srcs[self].alias, j->srcs[rs].alias, j->srcs[ls].alias);
    jclause *c = &j->jc[i];
    c->ast = aj;
    c->flipped = ls == self;
    const sl_ast_expr *le = c->flipped ? aj->on->compare.right : aj->on->compare.left;
    const sl_ast_expr *re = c->flipped ? aj->on->compare.left : aj->on->compare.right;
    fill_side(j, &c->l, le, c->flipped ? rs : ls);
    fill_side(j, &c->r, re, self);
    return NULL;
}

static sl_error *check_kafka_format(const jq *j)
{
    sl_buf b = SL_BUF_INIT;
    for (uint32_t i = 0; i < j->nsrcs; i++) {
        if (j->srcs[i].src->value.format != SL_SERDE_KAFKA) continue;
        if (b.len) sl_buf_puts(&b, ", ");
        sl_buf_puts(&b, j->srcs[i].src->name);
    }
    sl_error *err = b.len ? sl_error_new(SL_E_STATEMENT,
                                         "Source(s) %s are using the 'KAFKA' value format. This "
                                         "format does not yet support JOIN.",
                                         sl_buf_cstr(&b))
                          : NULL;
    sl_buf_free(&b);
    return err;
}

sl_error *sl_jq_analyze(jq *j)
{
    const sl_ast_query *aq = j->q->q;
    sl_arena *ar = j->q->pc->ar;
    j->srcs = SL_ARENA_ARRAY(ar, jsrc, aq->joins.n + 2);
    j->jc = SL_ARENA_ARRAY(ar, jclause, aq->joins.n + 1);
    j->njc = aq->joins.n;
    sl_error *err = add_source(j, &aq->from);
    for (uint32_t i = 0; i < aq->joins.n && !err; i++) {
        err = add_source(j, &aq->joins.v[i].right);
        if (!err) err = analyze_clause(j, i);
    }
    return err ? err : check_kafka_format(j);
}

/* --- levels -------------------------------------------------------------------------------- */

/* ksqlDB's joinOnNonKeyAttribute: whether x is not exactly the key column of the source it
 * names (a source with more than one key column has none a single expression matches). */
static bool on_non_key(const jq *j, const jexpr *x)
{
    if (!x->is_col || x->col.col < 0) return true;
    const sl_source *s = j->srcs[x->col.src].src;
    return s->nkey != 1 || x->col.col != 0;
}

static sl_error *written_error(const jq *j, const jclause *c, const char *fmt)
{
    sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT;
    sl_jq_expr_text(j, c->ast->on->compare.left, &a);
    sl_jq_expr_text(j, c->ast->on->compare.right, &b);
    sl_error *err = sl_error_new(SL_E_STATEMENT, fmt, sl_buf_cstr(&a), sl_buf_cstr(&b));
    sl_buf_free(&a);
    sl_buf_free(&b);
    return err;
}

static sl_error *type_error(const jq *j, const jclause *c, const char *msg)
{
    return sl_error_new(SL_E_STATEMENT, "Invalid join type: %s. Got %s %s %s.", msg,
                        j->srcs[c->l.src].src->name, type_text(c->ast->type),
                        j->srcs[c->r.src].src->name);
}

static sl_error *check_stream_table(const jq *j, const jclause *c)
{
    if (c->ast->type == SL_JOIN_FULL)
        return type_error(j, c, "full-outer join not supported for stream-table join");
    if (c->ast->type == SL_JOIN_RIGHT)
        return type_error(j, c, "right join not supported for stream-table join");
    if (on_non_key(j, &c->r))
        return written_error(j, c,
                             "Invalid join condition: stream-table joins require to join on "
                             "the table's primary key. Got %s = %s.");
    return NULL;
}

static sl_error *type_mismatch(const jq *j, const jclause *c, const sl_type *lt, const sl_type *rt)
{
    if (sl_type_eq(lt, rt)) return NULL;
    const sl_ast_expr *a = c->ast->on->compare.left, *b = c->ast->on->compare.right;
    sl_buf x = SL_BUF_INIT, y = SL_BUF_INIT, tx = SL_BUF_INIT, ty = SL_BUF_INIT;
    sl_jq_expr_text(j, a, &x);
    sl_jq_expr_text(j, b, &y);
    sl_type_print(&tx, c->flipped ? rt : lt);
    sl_type_print(&ty, c->flipped ? lt : rt);
    sl_error *err = sl_error_new(
        SL_E_STATEMENT, "Invalid join condition: types don't match. Got %s{%s} = %s{%s}.",
        sl_buf_cstr(&x), sl_buf_cstr(&tx), sl_buf_cstr(&y), sl_buf_cstr(&ty));
    sl_buf_free(&x);
    sl_buf_free(&y);
    sl_buf_free(&tx);
    sl_buf_free(&ty);
    return err;
}

static sl_error *check_foreign_key(jq *j, uint32_t i, jclause *c)
{
    if (c->ast->type == SL_JOIN_FULL)
        return type_error(j, c, "full-outer join not supported for foreign-key table-table join");
    if (c->ast->type == SL_JOIN_RIGHT)
        return sl_error_new(SL_E_STATEMENT, "RIGHT OUTER JOIN on a foreign key is not supported");
    if (i > 0)
        return written_error(j, c,
                             "Invalid join condition: foreign-key table-table joins are not "
                             "supported as part of n-way joins. Got %s = %s.");
    const sl_type *fk;
    sl_error *err = sl_jq_expr_type(j, i, &c->l, &fk);
    if (!err) err = type_mismatch(j, c, fk, j->srcs[c->r.src].src->cols[0].type);
    if (!err && j->srcs[c->r.src].src->windowed)
        err = sl_error_new(SL_E_STATEMENT,
                           "Foreign-key table-table joins are not supported on windowed tables.");
    c->kind = JK_FK;
    return err;
}

static sl_error *check_table_table(jq *j, uint32_t i, jclause *c)
{
    if (on_non_key(j, &c->r))
        return written_error(j, c,
                             "Invalid join condition: table-table joins require to join on "
                             "the primary key of the right input table. Got %s = %s.");
    if (on_non_key(j, &c->l)) return check_foreign_key(j, i, c);
    c->kind = JK_TT;
    return type_mismatch(j, c, j->srcs[c->l.src].src->cols[0].type,
                         j->srcs[c->r.src].src->cols[0].type);
}

sl_error *sl_jq_check_levels(jq *j)
{
    for (uint32_t i = 0; i < j->njc; i++) {
        jclause *c = &j->jc[i];
        bool left_table = i == 0 ? j->srcs[0].src->is_table : j->lv[i - 1].is_table;
        bool right_table = j->srcs[i + 1].src->is_table;
        sl_error *err = NULL;
        if (!left_table && right_table) {
            c->kind = JK_ST;
            err = check_stream_table(j, c);
        } else if (!left_table) {
            c->kind = JK_SS;
        } else if (!right_table) {
            err = sl_error_new(SL_E_STATEMENT,
                               "Invalid join order: table-stream joins are not supported; only "
                               "stream-table joins. Got %s %s %s.",
                               j->srcs[c->l.src].src->name, type_text(c->ast->type),
                               j->srcs[c->r.src].src->name);
        } else {
            err = check_table_table(j, i, c);
        }
        if (err) return err;
        j->lv[i].is_table = c->kind == JK_TT || c->kind == JK_FK;
    }
    return NULL;
}
