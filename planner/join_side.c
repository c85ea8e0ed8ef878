/*
 * join_side.c - building a join's plan: each side brought to its join key,
 * then the JOIN node of each level (see join_int.h for the row layout).
 *
 *   side on its key:     SOURCE ──PROJECT [key | payload]──────────────────────> JOIN
 *   side re-keyed:       SOURCE ──PROJECT [expr | payload]──REPARTITION(topic)
 *                        (own sub-topology)                    │
 *                        SOURCE(topic) [key | payload] ─────────┴──────────────> JOIN
 *   level i > 0:         JOIN(level i-1) ──[re-keyed like a side when needed]──> JOIN port 0
 *
 * Every source a join's sub-topology reads directly or through an internal
 * topic is co-partitioned on the join key: the same partition count (checked)
 * and the same key bytes, so a side whose key format differs from the join's
 * is re-keyed too (ksqlDB's *SourceKeyed-SelectKey topics). A foreign-key
 * join needs no co-partitioning; its right table, unless both tables have one
 * partition, is broadcast to every partition of the left (each left task
 * holds the whole right table: a global table).
 */
#include "common/mem.h"
#include "planner/join_int.h"

#include <string.h>

/* --- decisions ---------------------------------------------------------------------------- */

typedef struct jside {
    bool rekey;     /* the join expression is not the side's key */
    bool reformat;  /* the right side on its key, but in another key format than the join's */
    bool broadcast; /* a foreign-key join's right table, to every left partition */
    const char *topic;
} jside;

static bool leaf_on_key(const jq *j, const jexpr *x)
{
    const sl_source *s = j->srcs[x->src].src;
    return x->is_col && s->nkey == 1 && x->col.col == 0;
}

static bool same_format(const sl_fmtspec *a, const sl_fmtspec *b)
{
    return a->format == b->format && a->props.delimiter == b->props.delimiter;
}

static void default_format(const jq *j, sl_fmtspec *f)
{
    if (f->format != SL_SERDE_NONE) return;
    const char *dk = sl_plan_prop(j->q->pc, "ksql.persistence.default.format.key");
    *f = (sl_fmtspec){SL_SERDE_KAFKA, SL_SERDE_PROPS_INIT};
    if (dk) sl_serde_format_parse(dk, &f->format);
}

/* ksqlDB names a level's steps after its depth in the tree: Join, L_Join, L_L_Join, ... */
static const char *level_name(const jq *j, uint32_t i, const char *what)
{
    sl_buf b = SL_BUF_INIT;
    for (uint32_t k = i + 1; k < j->njc; k++)
        sl_buf_puts(&b, "L_");
    sl_buf_puts(&b, what);
    const char *s = sl_arena_strdup(j->q->plan->ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

static const char *topic_name(const jq *j, uint32_t i, const char *what)
{
    const sl_qctx *q = j->q;
    return sl_arena_printf(q->plan->ar, "_confluent-ksql-%squery_%s-%s",
                           q->pc->service_id ? q->pc->service_id : "", q->query_id,
                           level_name(j, i, what));
}

static sl_error *windowed_rekey(void)
{
    return sl_error_new(SL_E_STATEMENT,
                        "Implicit repartitioning of windowed sources is not supported. See "
                        "https://github.com/confluentinc/ksql/issues/4385.");
}

static sl_error *partitions(const jq *j, uint32_t i)
{
    int32_t lp = j->srcs[i].partitions, rp = j->srcs[i + 1].partitions; /* ksqlDB: a join's
                                                                         * count is its right's */
    if (lp == rp || j->jc[i].kind == JK_FK) return NULL;
    const char *l = j->srcs[0].alias, *r = j->srcs[i + 1].alias;
    return sl_error_new(
        SL_E_STATEMENT,
        "Can't join `%s` with `%s` since the number of partitions don't match. `%s` "
        "partitions = %d; `%s` partitions = %d. Please repartition either one so "
        "that the number of partitions match.",
        l, r, l, lp, r, rp);
}

/* Level i: which sides go through an internal topic, and the join's key format (ksqlDB: the
 * left side's unless only the left is re-keyed). */
static sl_error *decide(jq *j, uint32_t i, const sl_fmtspec *left_fmt, jside *l, jside *r,
                        sl_fmtspec *fmt)
{
    const jclause *c = &j->jc[i];
    const jlevel *prev = i ? &j->lv[i - 1] : NULL;
    memset(l, 0, sizeof *l);
    memset(r, 0, sizeof *r);
    if (c->kind == JK_FK) {
        r->broadcast = j->srcs[0].partitions != 1 || j->srcs[i + 1].partitions != 1;
        r->topic = r->broadcast ? topic_name(j, i, "Join-right-broadcast") : NULL;
        *fmt = *left_fmt;
        return NULL;
    }
    bool lkey = prev ? false : leaf_on_key(j, &c->l);
    for (uint32_t k = 0; prev && k < prev->nequiv && !lkey; k++)
        lkey = strcmp(prev->equiv[k], c->l.text) == 0;
    l->rekey = !lkey;
    r->rekey = !leaf_on_key(j, &c->r);
    if ((l->rekey && j->lv[i].windowed) || (r->rekey && j->srcs[i + 1].src->windowed))
        return windowed_rekey();
    const sl_fmtspec *rf = &j->srcs[i + 1].src->key;
    *fmt = !l->rekey || r->rekey ? *left_fmt : *rf;
    default_format(j, fmt);
    if (!r->rekey && !same_format(rf, fmt)) r->reformat = !j->srcs[i + 1].src->windowed;
    bool ss = c->kind == JK_SS;
    const char *ln = ss                 ? "Join-left-repartition"
                     : c->kind == JK_ST ? "Join-repartition"
                                        : "LeftSourceKeyed-SelectKey-repartition";
    const char *rn = ss ? "Join-right-repartition" : "RightSourceKeyed-SelectKey-repartition";
    if (l->rekey) l->topic = topic_name(j, i, ln);
    if (r->rekey || r->reformat) r->topic = topic_name(j, i, rn);
    return partitions(j, i);
}

/* --- payloads ------------------------------------------------------------------------------ */

/* Source s's payload over its own SOURCE row: values, pseudo columns, window bounds, keys. */
static void leaf_payload(const jq *j, int s, const sl_expr **exprs, sl_field *cols)
{
    sl_arena *ar = j->q->plan->ar;
    const jsrc *js = &j->srcs[s];
    static const sl_syscol sys[JP__COUNT] = {SL_SYSCOL_ROWTIME, SL_SYSCOL_ROWPARTITION,
                                             SL_SYSCOL_ROWOFFSET, SL_SYSCOL_WINDOWSTART,
                                             SL_SYSCOL_WINDOWEND};
    for (uint32_t c = 0; c < js->src->ncols; c++) {
        int pos = sl_jq_pay_pos(j, (jcol){s, (int)c});
        const sl_column *col = &js->src->cols[c];
        exprs[pos] = sl_expr_col_new(ar, (int32_t)c, col->name, col->type);
    }
    for (int p = 0; p < JP__COUNT; p++) {
        int pos = sl_jq_pay_pos(j, (jcol){s, -1 - p});
        if (pos >= 0) exprs[pos] = sl_expr_syscol_new(ar, sys[p]);
    }
    for (uint32_t k = 0; k < js->npay; k++)
        cols[k].type = exprs[k]->type;
    for (uint32_t c = 0; c < js->src->ncols; c++)
        cols[sl_jq_pay_pos(j, (jcol){s, (int)c})].name =
            sl_arena_printf(ar, "%s_%s", js->alias, js->src->cols[c].name);
    for (int p = 0; p < JP__COUNT; p++) {
        int pos = sl_jq_pay_pos(j, (jcol){s, -1 - p});
        if (pos >= 0)
            cols[pos].name =
                sl_arena_printf(ar, "%s_%s", js->alias, sl_jq_col_name(j, (jcol){s, -1 - p}));
    }
}

/* --- internal topics ------------------------------------------------------------------------ */

static sl_error *key_serde(const sl_fmtspec *fmt, const sl_field *cols, uint32_t nkey,
                           const char *topic, sl_serde **out)
{
    sl_serde_props kp = fmt->props;
    kp.is_key = true;
    kp.topic = topic;
    sl_error *err = sl_serde_new(fmt->format, cols, nkey, &kp, NULL, out);
    if (!err) return NULL;
    sl_error_free(err); /* a key the join's format cannot carry (a STRUCT in KAFKA): JSON */
    kp = (sl_serde_props)SL_SERDE_PROPS_INIT;
    kp.is_key = true;
    kp.topic = topic;
    return sl_serde_new(SL_SERDE_JSON, cols, nkey, &kp, NULL, out);
}

/* tail -> REPARTITION(topic); returns the SOURCE reading it back in sub-topology sub. */
static sl_error *through_topic(jq *j, sl_pnode *tail, const char *topic, const sl_fmtspec *fmt,
                               int32_t parts, bool broadcast, uint32_t sub, sl_pnode **out)
{
    sl_plan *plan = j->q->plan;
    sl_pnode *rp =
        sl_plan_add(plan, SL_PN_REPARTITION, tail->sub, tail->cols, tail->ncols, tail->nkey);
    sl_plan_link(tail, rp, 0);
    rp->is_table = tail->is_table;
    rp->label = "Join-Repartition";
    sl_pn_sink *sk = &rp->u.sink;
    sk->topic = topic;
    sk->nkey = tail->nkey;
    sk->partitions = parts;
    sk->is_table = tail->is_table;
    sk->ts_col = -1;
    sk->broadcast = broadcast;
    sl_serde_props vp = SL_SERDE_PROPS_INIT;
    vp.topic = topic;
    sl_error *err = key_serde(fmt, tail->cols, tail->nkey, topic, &sk->key);
    if (!err)
        err = sl_serde_new(SL_SERDE_JSON, tail->cols + tail->nkey, tail->ncols - tail->nkey, &vp,
                           NULL, &sk->value);
    sl_plan_add_internal_topic(plan, topic, parts);
    sl_pnode *src = sl_plan_add(plan, SL_PN_SOURCE, sub, tail->cols, tail->ncols, tail->nkey);
    src->is_table = tail->is_table;
    src->label = "Join-Repartition-Source";
    sl_pn_source *s = &src->u.source;
    s->topic = topic;
    s->name = topic;
    s->ts.col = -1;
    s->is_table = tail->is_table;
    s->map = SL_ARENA_ARRAY(plan->ar, sl_colmap, tail->ncols + 1);
    for (uint32_t c = 0; c < tail->ncols; c++)
        s->map[c] = (sl_colmap){c < tail->nkey ? SL_COLSRC_KEY : SL_COLSRC_VALUE,
                                c < tail->nkey ? c : c - tail->nkey, NULL};
    sl_plan_add_source(plan, src);
    if (!err) err = key_serde(fmt, tail->cols, tail->nkey, topic, &s->key);
    if (!err)
        err = sl_serde_new(SL_SERDE_JSON, tail->cols + tail->nkey, tail->ncols - tail->nkey, &vp,
                           NULL, &s->value);
    *out = src;
    return err;
}

/* --- sides --------------------------------------------------------------------------------- */

static const char *key_name(const jq *j, const jexpr *x, int s, int k)
{
    if (x && !x->is_col) return "ROWKEY";
    jcol c = x ? x->col : (jcol){s, k};
    return sl_arena_printf(j->q->plan->ar, "%s_%s", j->srcs[c.src].alias, sl_jq_col_name(j, c));
}

/* Source s brought to [key | payload] in sub-topology sub: keyed by x, or by its own key
 * columns (x NULL: a foreign-key join's left table). */
static sl_error *leaf_side(jq *j, int s, const jexpr *x, const jside *d, const sl_fmtspec *fmt,
                           uint32_t sub, sl_pnode **out)
{
    sl_qctx *q = j->q;
    sl_plan *plan = q->plan;
    const jsrc *js = &j->srcs[s];
    bool via_topic = d->topic != NULL;
    q->sub = via_topic ? sl_plan_add_sub(plan, js->partitions) : sub;
    sl_pnode *src;
    sl_error *err = sl_q_source(q, js->src, js->alias, &src);
    if (err) return err;
    uint32_t nk = x ? 1 : js->src->nkey, n = nk + js->npay;
    sl_field *cols = SL_ARENA_ARRAY(plan->ar, sl_field, n + 1);
    const sl_expr **exprs = SL_ARENA_ARRAY(plan->ar, const sl_expr *, n + 1);
    int32_t *key_from = SL_ARENA_ARRAY(plan->ar, int32_t, nk + 1);
    leaf_payload(j, s, exprs + nk, cols + nk);
    for (uint32_t k = 0; k < nk; k++) {
        exprs[k] =
            sl_expr_col_new(plan->ar, (int32_t)k, js->src->cols[k].name, js->src->cols[k].type);
        key_from[k] = (int32_t)k;
    }
    if (x && d->rekey) {
        sl_scope sc;
        sl_jq_source_scope(j, s, &sc);
        sl_expr *e;
        if ((err = sl_bind_expr(q->pc, &sc, x->e, &e))) return err;
        exprs[0] = e;
    }
    for (uint32_t k = 0; k < nk; k++) /* ksqlDB names a key after the column it is */
        cols[k] = (sl_field){key_name(j, x ? x : NULL, s, (int)k), exprs[k]->type};
    sl_pnode *prep = sl_plan_add(plan, SL_PN_PROJECT, q->sub, cols, n, nk);
    sl_plan_link(src, prep, 0);
    prep->is_table = js->src->is_table;
    prep->label = "PrependAlias";
    prep->u.project.exprs = exprs;
    prep->u.project.key_from = key_from;
    prep->u.project.rekey = x && d->rekey;
    if (!via_topic) {
        *out = prep;
        return NULL;
    }
    int32_t parts = d->broadcast ? j->srcs[0].partitions : js->partitions;
    return through_topic(j, prep, d->topic, fmt, parts, d->broadcast, sub, out);
}

/* Level i-1's rows re-keyed by x (the left side of level i) into sub-topology sub. */
static sl_error *rekey_level(jq *j, uint32_t i, const jexpr *x, const jside *d,
                             const sl_fmtspec *fmt, uint32_t sub, sl_pnode **out)
{
    sl_plan *plan = j->q->plan;
    sl_pnode *tail = j->lv[i - 1].tail;
    uint32_t nk0 = tail->nkey, npay = tail->ncols - nk0, n = 1 + npay;
    sl_scope sc;
    sl_jq_scope(j, i - 1, false, &sc);
    sc.clause = "JOIN ON";
    sl_expr *e;
    sl_error *err = sl_bind_expr(j->q->pc, &sc, x->e, &e);
    if (err) return err;
    sl_field *cols = SL_ARENA_ARRAY(plan->ar, sl_field, n + 1);
    const sl_expr **exprs = SL_ARENA_ARRAY(plan->ar, const sl_expr *, n + 1);
    cols[0] = (sl_field){"ROWKEY", e->type};
    exprs[0] = e;
    for (uint32_t c = 0; c < npay; c++) {
        cols[1 + c] = tail->cols[nk0 + c];
        exprs[1 + c] =
            sl_expr_col_new(plan->ar, (int32_t)(nk0 + c), cols[1 + c].name, cols[1 + c].type);
    }
    sl_pnode *prep = sl_plan_add(plan, SL_PN_PROJECT, tail->sub, cols, n, 1);
    sl_plan_link(tail, prep, 0);
    prep->is_table = tail->is_table;
    prep->label = "Join-SelectKey";
    prep->u.project.exprs = exprs;
    prep->u.project.rekey = true;
    return through_topic(j, prep, d->topic, fmt, j->srcs[i].partitions, false, sub, out);
}

/* --- the join node ------------------------------------------------------------------------- */

static sl_pn_join_type join_type(sl_join_type t)
{
    return t == SL_JOIN_LEFT    ? SL_PJ_LEFT
           : t == SL_JOIN_RIGHT ? SL_PJ_RIGHT
           : t == SL_JOIN_FULL  ? SL_PJ_OUTER
                                : SL_PJ_INNER;
}

static void window(const jclause *c, sl_pn_join *pj)
{
    const sl_ast_within *w = c->ast->within;
    if (!w) return;
    /* ksqlDB runs a RIGHT join as right LEFT JOIN left with the same window: the right row is
     * the one whose [t - before, t + after] is searched */
    bool right = c->ast->type == SL_JOIN_RIGHT;
    pj->before = right ? w->after.ms : w->before.ms;
    pj->after = right ? w->before.ms : w->after.ms;
    pj->spurious_fix = w->grace != NULL;
    /* no GRACE PERIOD: Kafka Streams' legacy JoinWindows.of(), 24 hours less the window */
    int64_t legacy = 24LL * 3600 * 1000 - 2 * w->before.ms;
    pj->grace = w->grace ? w->grace->ms : legacy > 0 ? legacy : 0;
}

static sl_error *fk_expr(jq *j, const jclause *c, uint32_t nk, const sl_expr **out)
{
    sl_scope sc;
    sl_jq_source_scope(j, 0, &sc);
    for (uint32_t k = 0; k < sc.ncols; k++)
        sc.cols[k].index = (int32_t)nk + sl_jq_pay_pos(j, (jcol){0, (int)k});
    sl_expr *e;
    sl_error *err = sl_bind_expr(j->q->pc, &sc, c->l.e, &e);
    *out = e;
    return err;
}

static sl_error *join_node(jq *j, uint32_t i, sl_pnode *l, sl_pnode *r, uint32_t sub)
{
    sl_plan *plan = j->q->plan;
    const jclause *c = &j->jc[i];
    jlevel *lv = &j->lv[i];
    uint32_t nk = lv->nkey, nl = l->ncols - l->nkey, nr = r->ncols - r->nkey, n = nk + nl + nr;
    sl_field *cols = SL_ARENA_ARRAY(plan->ar, sl_field, n + 1);
    memcpy(cols, l->cols, nk * sizeof *cols);
    memcpy(cols + nk, l->cols + l->nkey, nl * sizeof *cols);
    memcpy(cols + nk + nl, r->cols + r->nkey, nr * sizeof *cols);
    sl_pnode *jn = sl_plan_add(plan, SL_PN_JOIN, sub, cols, n, nk);
    sl_plan_link(l, jn, 0);
    sl_plan_link(r, jn, 1);
    jn->is_table = lv->is_table;
    jn->label = "Join";
    sl_pn_join *pj = &jn->u.join;
    pj->kind = c->kind == JK_SS   ? SL_PJ_STREAM_STREAM
               : c->kind == JK_ST ? SL_PJ_STREAM_TABLE
               : c->kind == JK_TT ? SL_PJ_TABLE_TABLE
                                  : SL_PJ_FOREIGN_KEY;
    pj->type = join_type(c->ast->type);
    pj->nkey = nk;
    pj->nleft = nl;
    pj->nright = nr;
    pj->store = level_name(j, i, "Join");
    window(c, pj);
    lv->tail = jn;
    return c->kind == JK_FK ? fk_expr(j, c, nk, &pj->fk) : NULL;
}

static sl_error *within_check(const jclause *c)
{
    if (c->kind == JK_SS && !c->ast->within)
        return sl_error_new(SL_E_STATEMENT,
                            "Stream-Stream joins must have a WITHIN clause specified. None was "
                            "provided. To learn about how to specify a WITHIN clause with a "
                            "stream-stream join, please visit: "
                            "https://docs.confluent.io/current/ksql/docs/syntax-reference.html"
                            "#create-stream-as-select");
    if (c->kind == JK_ST && c->ast->within)
        return sl_error_new(SL_E_STATEMENT,
                            "A window definition was provided for a Stream-Table join. These joins "
                            "are not windowed. Please drop the window definition (ie. the WITHIN "
                            "clause) and try to execute your join again.");
    if ((c->kind == JK_TT || c->kind == JK_FK) && c->ast->within)
        return sl_error_new(SL_E_STATEMENT,
                            "A window definition was provided for a Table-Table join. These joins "
                            "are not windowed. Please drop the window definition (i.e. the WITHIN "
                            "clause) and try to execute your Table-Table join again.");
    return NULL;
}

/* Level i: both sides, then the join node. */
static sl_error *build_level(jq *j, uint32_t i, sl_fmtspec *fmt)
{
    const jclause *c = &j->jc[i];
    jside ld, rd;
    sl_fmtspec left_fmt = i ? *fmt : j->srcs[0].src->key;
    sl_error *err = within_check(c);
    if (!err) err = decide(j, i, &left_fmt, &ld, &rd, fmt);
    if (err) return err;
    sl_plan *plan = j->q->plan;
    uint32_t sub;
    sl_pnode *l, *r;
    bool fk = c->kind == JK_FK;
    if (i == 0) {
        sub = sl_plan_add_sub(plan, j->srcs[0].partitions);
        err = leaf_side(j, 0, fk ? NULL : &c->l, &ld, fmt, sub, &l);
    } else if (ld.topic) {
        sub = sl_plan_add_sub(plan, j->srcs[i].partitions);
        err = rekey_level(j, i, &c->l, &ld, fmt, sub, &l);
    } else {
        l = j->lv[i - 1].tail;
        sub = l->sub;
    }
    if (!err) err = leaf_side(j, (int)i + 1, &c->r, &rd, fmt, sub, &r);
    return err ? err : join_node(j, i, l, r, sub);
}

sl_error *sl_jq_build(jq *j)
{
    sl_fmtspec fmt = j->srcs[0].src->key;
    for (uint32_t i = 0; i < j->njc; i++) {
        sl_error *err = build_level(j, i, &fmt);
        if (err) return err;
    }
    return NULL;
}
