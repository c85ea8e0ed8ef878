/*
 * stmt_text.c - a CREATE ... AS SELECT as ksqlDB rewrites it before it
 * quotes it after "Statement:" in a message:
 *
 *   CREATE TABLE OUTPUT WITH (KEY_FORMAT='KAFKA') AS SELECT
 *     TEST.F1 K1,
 *     COUNT(*) TOTAL
 *   FROM TEST TEST
 *   GROUP BY TEST.F1, TEST.F2
 *   EMIT CHANGES
 *
 * Columns are qualified by the FROM alias, every item carries its name.
 */
#include "planner/planner_int.h"

static void props_text(sl_buf *out, const sl_ast_prop_list *props)
{
    if (!props->n) return;
    sl_buf_puts(out, " WITH (");
    for (uint32_t i = 0; i < props->n; i++) {
        sl_buf_printf(out, "%s%s=", i ? ", " : "", props->v[i].name.text);
        sl_plan_expr_text(out, props->v[i].value);
    }
    sl_buf_putc(out, ')');
}

static void items_text(sl_buf *out, const sl_qctx *q)
{
    for (uint32_t i = 0; i < q->nsel; i++) {
        sl_buf_puts(out, i ? ",\n  " : "\n  ");
        if (q->sel_asts[i]) sl_plan_expr_text_qualified(out, q->sel_asts[i], q->from_alias);
        else sl_buf_printf(out, "%s.%s", q->from_alias, q->sel_names[i]);
        sl_buf_printf(out, " %s", q->sel_names[i]);
    }
}

static void duration_text(sl_buf *out, const char *what, const sl_ast_duration *d)
{
    sl_buf_printf(out, "%s%lld %s", what, (long long)d->value, d->unit_text);
}

static void window_text(sl_buf *out, const sl_ast_window *w)
{
    static const char *const types[] = {"TUMBLING", "HOPPING", "SESSION"};
    sl_buf_printf(out, "\nWINDOW %s (", types[w->type]);
    duration_text(out, w->type == SL_WINDOW_SESSION ? "" : "SIZE ", &w->size);
    if (w->type == SL_WINDOW_HOPPING) duration_text(out, ", ADVANCE BY ", &w->advance);
    if (w->retention) duration_text(out, ", RETENTION ", w->retention);
    if (w->grace) duration_text(out, ", GRACE PERIOD ", w->grace);
    sl_buf_putc(out, ')');
}

static void list_text(sl_buf *out, const char *clause, const sl_ast_expr_list *l, const char *qual)
{
    if (!l) return;
    sl_buf_printf(out, "\n%s ", clause);
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(out, ", ");
        sl_plan_expr_text_qualified(out, l->v[i], qual);
    }
}

void sl_q_statement_text(sl_buf *out, const sl_qctx *q)
{
    const sl_ast_query *aq = q->q;
    sl_buf_printf(out, "CREATE %s %s", q->sink_is_table ? "TABLE" : "STREAM", q->sink_name);
    if (q->st->kind == SL_STMT_CREATE_AS) props_text(out, &q->st->create_as.props);
    sl_buf_puts(out, " AS SELECT");
    items_text(out, q);
    sl_buf_printf(out, "\nFROM %s %s", q->from->name, q->from_alias);
    if (aq->window) window_text(out, aq->window);
    if (aq->where) {
        sl_buf_puts(out, "\nWHERE ");
        sl_plan_expr_text_qualified(out, aq->where, q->from_alias);
    }
    list_text(out, "GROUP BY", aq->group_by, q->from_alias);
    list_text(out, "PARTITION BY", aq->partition_by, q->from_alias);
    if (aq->having) {
        sl_buf_puts(out, "\nHAVING ");
        sl_plan_expr_text_qualified(out, aq->having, q->from_alias);
    }
    sl_buf_puts(out, aq->emit == SL_EMIT_FINAL ? "\nEMIT FINAL" : "\nEMIT CHANGES");
}
