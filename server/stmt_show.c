/*
 * stmt_show.c - statements that read: SHOW/LIST, DESCRIBE, EXPLAIN; and SET /
 * UNSET, which change the request's properties for the statements after them.
 */
#include "common/mem.h"
#include "server/engine_int.h"

#include <string.h>

static json_t *properties(sl_stmtctx *sx)
{
    int n;
    const sl_conf_def *defs = sl_conf_defs(&n);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        if (defs[i].secret) continue;
        const char *v = sl_conf_str(sx->eng->opts.conf, defs[i].name);
        json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "name", defs[i].name, "scope",
                                              "KSQL", "value", v ? v : ""));
    }
    json_t *over = json_array();
    const char *k;
    json_t *v;
    if (sx->req && sx->req->props)
        json_object_foreach(sx->req->props, k, v) json_array_append_new(over, json_string(k));
    json_t *e = json_pack("{s:s,s:o,s:o,s:[]}", "@type", "properties", "properties", list,
                          "overwrittenProperties", over, "defaultProperties");
    return sl_ent_with_text(e, sx->text);
}

static json_t *variables(sl_stmtctx *sx)
{
    json_t *list = json_array();
    const char *k;
    json_t *v;
    if (sx->req && sx->req->vars)
        json_object_foreach(sx->req->vars, k, v)
            json_array_append_new(list, json_pack("{s:s,s:O}", "name", k, "value", v));
    return sl_ent_with_text(json_pack("{s:s,s:o}", "@type", "variables", "variables", list), sx->text);
}

sl_error *sl_stmt_show(sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    switch (st->show.what) {
    case SL_SHOW_STREAMS: sx->entity = sl_ent_sources(sx->eng, sx->text, false, st->show.extended); break;
    case SL_SHOW_TABLES: sx->entity = sl_ent_sources(sx->eng, sx->text, true, st->show.extended); break;
    case SL_SHOW_QUERIES: sx->entity = sl_ent_queries(sx->eng, sx->text, st->show.extended); break;
    case SL_SHOW_TOPICS: sx->entity = sl_ent_topics(sx->eng, sx->text, st->show.all); break;
    case SL_SHOW_PROPERTIES: sx->entity = properties(sx); break;
    case SL_SHOW_FUNCTIONS: sx->entity = sl_ent_functions(sx->text); break;
    case SL_SHOW_TYPES: sx->entity = sl_ent_types(sx->eng, sx->text); break;
    case SL_SHOW_VARIABLES: sx->entity = variables(sx); break;
    default: return sl_error_new(SL_E_UNSUPPORTED, "Connectors are not supported by sluice");
    }
    return NULL;
}

sl_error *sl_stmt_describe(sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    sl_error *err = NULL;
    switch (st->describe.what) {
    case SL_DESCRIBE_SOURCE: {
        const sl_source *src = sl_catalog_source(sx->eng->cat, st->describe.name.text);
        if (!src)
            return sl_error_new(SL_E_NOT_FOUND, "Could not find STREAM/TABLE '%s' in the Metastore",
                                st->describe.name.text);
        json_t *e = json_pack("{s:s,s:o}", "@type", "sourceDescription", "sourceDescription",
                              sl_ent_source_description(sx->eng, src, st->describe.extended));
        sx->entity = sl_ent_with_text(e, sx->text);
        return NULL;
    }
    case SL_DESCRIBE_STREAMS:
    case SL_DESCRIBE_TABLES:
        sx->entity = sl_ent_sources(sx->eng, sx->text, st->describe.what == SL_DESCRIBE_TABLES, true);
        return NULL;
    case SL_DESCRIBE_FUNCTION:
        sx->entity = sl_ent_describe_function(sx->text, st->describe.name.text, &err);
        return err;
    default: return sl_error_new(SL_E_UNSUPPORTED, "Connectors are not supported by sluice");
    }
}

/* EXPLAIN SELECT ...: a pull query on a table shows its access path (key lookup, range
 * scan, table scan), any other query its transient plan. */
static sl_error *explain_select(sl_stmtctx *sx, const sl_ast_stmt *inner)
{
    const sl_source *from = sl_catalog_source(sx->eng->cat, inner->query->from.name.text);
    bool pull = sl_plan_is_pull(inner);
    sl_buf ex = SL_BUF_INIT;
    sl_error *err = NULL;
    if (pull && from && from->is_table) {
        sl_pull_plan *pp;
        err = sl_plan_pull(&sx->pc, inner, &pp);
        if (!err) sl_pull_plan_explain(pp, &ex);
        sl_pull_plan_free(pp);
    } else {
        sl_transient tr;
        err = sl_plan_transient(&sx->pc, inner, "transient_explain", &tr);
        if (!err) sl_plan_explain(tr.plan, &ex);
        sl_plan_free(tr.plan);
    }
    if (err) {
        sl_buf_free(&ex);
        return err;
    }
    json_t *qd = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "id", "", "statementText", inner->text,
                           "executionPlan", sl_buf_cstr(&ex), "topology", sl_buf_cstr(&ex), "state",
                           "UNKNOWN", "queryType", pull ? "PULL" : "PUSH");
    sl_buf_free(&ex);
    sx->entity = sl_ent_with_text(
        json_pack("{s:s,s:o}", "@type", "queryDescription", "queryDescription", qd), sx->text);
    return NULL;
}

sl_error *sl_stmt_explain(sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    if (st->explain.query_id.text) {
        json_t *qd = sl_ent_query_description(sx->eng, st->explain.query_id.text);
        if (!qd) return sl_error_new(SL_E_NOT_FOUND, "Query with id:%s does not exist, use SHOW QUERIES to view the full set of queries.",
                                     st->explain.query_id.text);
        sx->entity = sl_ent_with_text(json_pack("{s:s,s:o}", "@type", "queryDescription", "queryDescription", qd), sx->text);
        return NULL;
    }
    const sl_ast_stmt *inner = st->explain.stmt;
    if (inner->kind == SL_STMT_QUERY) return explain_select(sx, inner);
    if (inner->kind != SL_STMT_CREATE_AS && inner->kind != SL_STMT_INSERT_INTO)
        return sl_error_new(SL_E_STATEMENT, "EXPLAIN is only supported for queries and persistent statements");
    sl_persistent p;
    const char *id = sl_plan_query_id(sx->ar, inner, 0);
    sl_error *err = sl_plan_persistent(&sx->pc, inner, id, &p);
    if (err) return err;
    sl_buf ex = SL_BUF_INIT;
    if (p.plan) sl_plan_explain(p.plan, &ex);
    json_t *qd = json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", "", "statementText", inner->text,
                           "executionPlan", sl_buf_cstr(&ex), "topology", sl_buf_cstr(&ex), "state", "UNKNOWN");
    sl_buf_free(&ex);
    sl_plan_free(p.plan);
    sl_source_free(p.sink);
    sx->entity = sl_ent_with_text(json_pack("{s:s,s:o}", "@type", "queryDescription", "queryDescription", qd), sx->text);
    return NULL;
}

sl_error *sl_stmt_set(sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    if (sx->req && !sx->req->props) sx->req->props = json_object();
    if (sx->req) {
        if (st->kind == SL_STMT_UNSET) json_object_del(sx->req->props, st->set.name);
        else json_object_set_new(sx->req->props, st->set.name, json_string(st->set.value));
    }
    sx->entity = NULL;
    return NULL;
}
