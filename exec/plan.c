/*
 * plan.c - building physical plans (see plan.h). Everything lives in the
 * plan's arena except the serdes, which the plan owns and frees.
 */
#include "exec/plan.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sl_plan *sl_plan_new(const char *query_id)
{
    sl_arena *ar = sl_arena_new(0);
    sl_plan *plan = SL_ARENA_NEW(ar, sl_plan);
    plan->ar = ar;
    plan->query_id = sl_arena_strdup(ar, query_id);
    plan->nodes = SL_ARENA_ARRAY(ar, sl_pnode *, 64);
    plan->subs = SL_ARENA_ARRAY(ar, sl_subtopo, 16);
    plan->internal_topics = SL_ARENA_ARRAY(ar, const char *, 16);
    plan->internal_partitions = SL_ARENA_ARRAY(ar, int32_t, 16);
    plan->side_topics = SL_ARENA_ARRAY(ar, const char *, 8);
    return plan;
}

void sl_plan_free(sl_plan *plan)
{
    if (!plan) return;
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        sl_pnode *n = plan->nodes[i];
        if (n->kind == SL_PN_SOURCE) {
            sl_serde_free(n->u.source.key);
            sl_serde_free(n->u.source.value);
        } else if (n->kind == SL_PN_SINK || n->kind == SL_PN_REPARTITION) {
            sl_serde_free(n->u.sink.key);
            sl_serde_free(n->u.sink.value);
        }
    }
    sl_arena_free(plan->ar);
}

sl_pnode *sl_plan_add(sl_plan *plan, sl_pnode_kind kind, uint32_t sub, const sl_field *cols,
                      uint32_t ncols, uint32_t nkey)
{
    if (plan->nnodes % 64 == 0 && plan->nnodes) {
        sl_pnode **bigger = SL_ARENA_ARRAY(plan->ar, sl_pnode *, plan->nnodes + 64);
        memcpy(bigger, plan->nodes, plan->nnodes * sizeof *bigger);
        plan->nodes = bigger;
    }
    sl_pnode *n = SL_ARENA_NEW(plan->ar, sl_pnode);
    n->kind = kind;
    n->id = plan->nnodes;
    n->sub = sub;
    n->cols = SL_ARENA_ARRAY(plan->ar, sl_field, ncols + 1);
    if (ncols) memcpy(n->cols, cols, ncols * sizeof *cols);
    n->ncols = ncols;
    n->nkey = nkey;
    plan->nodes[plan->nnodes++] = n;
    return n;
}

void sl_plan_link(sl_pnode *from, sl_pnode *to, uint8_t port)
{
    from->out = to;
    from->out_port = port;
    to->in[port] = from;
}

uint32_t sl_plan_add_sub(sl_plan *plan, int32_t partitions)
{
    sl_subtopo *st = &plan->subs[plan->nsubs];
    st->sources = SL_ARENA_ARRAY(plan->ar, sl_pnode *, 8);
    st->partitions = partitions;
    return plan->nsubs++;
}

void sl_plan_add_source(sl_plan *plan, sl_pnode *source)
{
    sl_subtopo *st = &plan->subs[source->sub];
    st->sources[st->nsources++] = source;
}

void sl_plan_add_internal_topic(sl_plan *plan, const char *topic, int32_t partitions)
{
    plan->internal_topics[plan->ninternal] = sl_arena_strdup(plan->ar, topic);
    plan->internal_partitions[plan->ninternal++] = partitions;
}

/* A join's stores, as its operators name them (exec/op_join_*.c). */
static uint32_t join_stores(const sl_pn_join *j, char (*names)[SL_PLAN_STORE_NAME_MAX], uint32_t max)
{
    const char *sides[3];
    uint32_t n = 0;
    if (j->kind != SL_PJ_STREAM_TABLE) sides[n++] = "left";
    sides[n++] = "right";
    if (j->kind == SL_PJ_STREAM_STREAM && j->spurious_fix && j->type != SL_PJ_INNER) sides[n++] = "outer";
    uint32_t k = 0;
    for (; k < n && k < max; k++) snprintf(names[k], SL_PLAN_STORE_NAME_MAX, "%s-%s", j->store, sides[k]);
    return k;
}

uint32_t sl_plan_sub_stores(const sl_plan *plan, uint32_t sub,
                            char (*names)[SL_PLAN_STORE_NAME_MAX], uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < plan->nnodes && n < max; i++) {
        const sl_pnode *node = plan->nodes[i];
        const char *one = NULL;
        if (node->sub != sub) continue;
        if (node->kind == SL_PN_AGGREGATE) one = node->u.agg.store;
        else if (node->kind == SL_PN_MATERIALIZE) one = node->u.mat.store;
        else if (node->kind == SL_PN_FILTER) one = node->u.filter.store;
        else if (node->kind == SL_PN_JOIN && node->u.join.store)
            n += join_stores(&node->u.join, names + n, max - n);
        if (one) snprintf(names[n++], SL_PLAN_STORE_NAME_MAX, "%s", one);
    }
    return n;
}

int32_t sl_plan_topic_writer(const sl_plan *plan, const char *topic)
{
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        const sl_pnode *n = plan->nodes[i];
        if (n->kind == SL_PN_REPARTITION && strcmp(n->u.sink.topic, topic) == 0) return (int32_t)n->sub;
    }
    return -1;
}

void sl_plan_add_side_topic(sl_plan *plan, const char *topic)
{
    if (plan->nside < 8) plan->side_topics[plan->nside++] = sl_arena_strdup(plan->ar, topic);
}

void sl_plan_callback_set(sl_plan *plan, sl_row_callback fn, void *ctx)
{
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        if (plan->nodes[i]->kind != SL_PN_CALLBACK) continue;
        plan->nodes[i]->u.cb.fn = fn;
        plan->nodes[i]->u.cb.ctx = ctx;
    }
}
