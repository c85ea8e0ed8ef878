/*
 * stmt_query.c - persistent queries: CREATE STREAM|TABLE AS SELECT and INSERT
 * INTO ... SELECT start one; TERMINATE stops it; PAUSE/RESUME hold it.
 *
 *   plan (planner) -> sink topic -> catalog: sink source + query entry
 *   -> runtime: start -> answer "Created query with ID <id>"
 */
#include "common/mem.h"
#include "server/engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sequence number of an id like CSAS_OUT_12 (replayed ids keep the counter ahead). */
static void advance_seq(sl_catalog *cat, const char *id)
{
    const char *us = strrchr(id, '_');
    if (!us) return;
    sl_catalog_seen_query_seq(cat, strtoull(us + 1, NULL, 10));
}

static sl_error *start_query(sl_stmtctx *sx, const char *id, sl_persistent *p)
{
    sl_engine *eng = sx->eng;
    sl_error *err = NULL;
    if (p->sink && p->create_topic)
        err = sl_engine_ensure_topic(eng, p->sink->topic, p->sink->partitions, p->sink->replicas);
    if (err) return err;
    const char *sink_name = p->sink ? p->sink->name : sx->st->insert_into.target.text;
    if (p->sink) sl_catalog_put_source(eng->cat, p->sink, true);
    p->sink = NULL;
    sl_catquery cq = {(char *)id, (char *)sx->text, (char *)sink_name, (char **)p->sources,
                      p->nsources, sx->st->kind == SL_STMT_INSERT_INTO};
    sl_catalog_put_query(eng->cat, &cq);
    const char *reset = sl_engine_prop(sx, "auto.offset.reset");
    sl_query_opts qo = {.start_latest = reset && strcmp(reset, "latest") == 0};
    sl_query *q;
    err = sl_query_start(eng->rt, p->plan, &qo, &q);
    p->plan = NULL;
    if (err) {
        sl_catalog_drop_query(eng->cat, id);
        return err;
    }
    sl_engine_add_query(eng, id, q, sx->text);
    return NULL;
}

sl_error *sl_stmt_persistent(sl_stmtctx *sx)
{
    sl_engine *eng = sx->eng;
    const char *id;
    if (sx->query_id) {
        id = sx->query_id;
        advance_seq(eng->cat, id);
    } else {
        id = sl_plan_query_id(sx->ar, sx->st, sl_catalog_next_query_seq(eng->cat));
    }
    sl_persistent p;
    sl_error *err = sl_plan_persistent(&sx->pc, sx->st, id, &p);
    if (err) return err;
    const char *kind = sx->st->kind == SL_STMT_INSERT_INTO ? "stream"
                       : sx->st->create_as.is_table        ? "table"
                                                           : "stream";
    const char *name = sx->st->kind == SL_STMT_INSERT_INTO ? sx->st->insert_into.target.text
                                                           : sx->st->create_as.name.text;
    char *cmd = sl_arena_printf(sx->ar, "%s/`%s`/create", kind, name);
    if (p.exists) {
        sx->entity = sl_ent_status(sx->text, cmd, sl_arena_printf(sx->ar, "%s already exists.", name),
                                   NULL, eng->cmd_seq);
        return NULL;
    }
    if (sx->req && sx->req->dry_run) {
        sl_plan_free(p.plan);
        sl_source_free(p.sink);
        sx->entity = sl_ent_status(sx->text, cmd, "Query valid (dry run: not started)", NULL,
                                   eng->cmd_seq);
        return NULL;
    }
    err = start_query(sx, id, &p);
    sl_plan_free(p.plan);
    sl_source_free(p.sink);
    if (err) return err;
    sx->query_id = sl_arena_strdup(sx->ar, id);
    sx->log_command = true;
    sx->entity = sl_ent_status(sx->text, cmd, sl_arena_printf(sx->ar, "Created query with ID %s", id),
                               id, eng->cmd_seq + 1);
    return NULL;
}

static sl_error *terminate_one(sl_engine *eng, const char *id)
{
    if (!sl_catalog_query(eng->cat, id))
        return sl_error_new(SL_E_STATEMENT, "Unknown queryId: %s", id);
    sl_engine_remove_query(eng, id);
    return NULL;
}

sl_error *sl_stmt_terminate(sl_stmtctx *sx)
{
    sl_engine *eng = sx->eng;
    const sl_ast_stmt *st = sx->st;
    sl_error *err = NULL;
    if (st->query_ctl.all) {
        while (!(sx->req && sx->req->dry_run) && eng->nqueries)
            sl_engine_remove_query(eng, eng->queries[0].id);
    } else if (!(sx->req && sx->req->dry_run)) {
        err = terminate_one(eng, st->query_ctl.query_id.text);
    } else if (!sl_catalog_query(eng->cat, st->query_ctl.query_id.text)) {
        err = sl_error_new(SL_E_STATEMENT, "Unknown queryId: %s", st->query_ctl.query_id.text);
    }
    if (err) return err;
    sx->log_command = true;
    const char *target = st->query_ctl.all ? "ALL" : st->query_ctl.query_id.text;
    sx->entity = sl_ent_status(sx->text, sl_arena_printf(sx->ar, "terminate/%s/execute", target),
                               "Query terminated.", NULL, eng->cmd_seq + 1);
    return NULL;
}

sl_error *sl_stmt_pause_resume(sl_stmtctx *sx)
{
    sl_engine *eng = sx->eng;
    const sl_ast_stmt *st = sx->st;
    bool pause = st->kind == SL_STMT_PAUSE;
    for (size_t i = 0; i < eng->nqueries; i++) {
        running_query *rq = &eng->queries[i];
        if (!st->query_ctl.all && strcmp(rq->id, st->query_ctl.query_id.text) != 0) continue;
        if (sx->req && sx->req->dry_run) continue;
        if (pause) sl_query_pause(rq->q);
        else sl_query_resume(rq->q);
    }
    if (!st->query_ctl.all && !sl_engine_find_query(eng, st->query_ctl.query_id.text))
        return sl_error_new(SL_E_STATEMENT, "Unknown queryId: %s", st->query_ctl.query_id.text);
    sx->log_command = true;
    const char *target = st->query_ctl.all ? "ALL" : st->query_ctl.query_id.text;
    sx->entity = sl_ent_status(sx->text, sl_arena_printf(sx->ar, "%s/%s/execute", pause ? "pause" : "resume", target),
                               pause ? "Query paused." : "Query resumed.", NULL, eng->cmd_seq + 1);
    return NULL;
}
