/*
 * explain.c - EXPLAIN's rendering of a physical plan, in ksqlDB's execution
 * plan style: from each sink back to its sources, one step per line, each
 * input indented under the step it feeds:
 *
 *    > [ SINK ] | Schema: `ID` INTEGER KEY, `NAME` STRING | Topic: OUTPUT
 *    		 > [ PROJECT ] | Schema: ...
 *    				 > [ FILTER ] | Schema: ... | Predicate: (ID > 1)
 *    						 > [ SOURCE ] | Schema: ... | Topic: input
 */
#include "planner/planner_int.h"

static const char *kind_name(sl_pnode_kind k)
{
    switch (k) {
    case SL_PN_SOURCE: return "SOURCE";
    case SL_PN_FILTER: return "FILTER";
    case SL_PN_PROJECT: return "PROJECT";
    case SL_PN_FLATMAP: return "FLAT_MAP";
    case SL_PN_REPARTITION: return "REPARTITION";
    case SL_PN_SINK: return "SINK";
    case SL_PN_JOIN: return "JOIN";
    case SL_PN_CALLBACK: return "TRANSIENT_SINK";
    default: return "STEP";
    }
}

static void schema(sl_buf *out, const sl_pnode *n)
{
    for (uint32_t i = 0; i < n->ncols; i++) {
        if (i) sl_buf_puts(out, ", ");
        sl_buf_printf(out, "`%s` ", n->cols[i].name);
        sl_type_print(out, n->cols[i].type);
        if (i < n->nkey) sl_buf_puts(out, " KEY");
    }
}

static void details(sl_buf *out, const sl_pnode *n)
{
    switch (n->kind) {
    case SL_PN_SOURCE: sl_buf_printf(out, " | Topic: %s", n->u.source.topic); break;
    case SL_PN_SINK:
    case SL_PN_REPARTITION: sl_buf_printf(out, " | Topic: %s", n->u.sink.topic); break;
    case SL_PN_FILTER:
        sl_buf_puts(out, " | Predicate: ");
        sl_expr_print(out, n->u.filter.pred);
        break;
    case SL_PN_PROJECT:
        sl_buf_puts(out, " | Expressions: ");
        for (uint32_t i = 0; i < n->ncols; i++) {
            if (i) sl_buf_puts(out, ", ");
            sl_expr_print(out, n->u.project.exprs[i]);
            sl_buf_printf(out, " AS %s", n->cols[i].name);
        }
        break;
    default: break;
    }
}

static void step(sl_buf *out, const sl_pnode *n, int depth)
{
    if (n->kind == SL_PN_PULLSTORE) { /* a side effect of the sink, not a step of its own */
        step(out, n->in[0], depth);
        return;
    }
    for (int i = 0; i < depth; i++) sl_buf_puts(out, "\t\t");
    sl_buf_printf(out, " > [ %s ] | Schema: ", kind_name(n->kind));
    schema(out, n);
    details(out, n);
    sl_buf_putc(out, '\n');
    for (int p = 0; p < 2; p++)
        if (n->in[p]) step(out, n->in[p], depth + 1);
}

void sl_plan_explain(const sl_plan *plan, sl_buf *out)
{
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        const sl_pnode *n = plan->nodes[i];
        if (n->kind == SL_PN_SINK || n->kind == SL_PN_REPARTITION || n->kind == SL_PN_CALLBACK)
            step(out, n, 0);
    }
}
