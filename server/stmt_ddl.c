/*
 * stmt_ddl.c - executing DDL: CREATE STREAM/TABLE, DROP, CREATE/DROP TYPE,
 * ALTER, and INSERT VALUES. The planner validates and builds; these apply
 * (topics, catalog) and answer with ksqlDB's entities.
 */
#include "common/mem.h"
#include "server/engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *command_id(sl_arena *ar, const char *kind, const char *name, const char *action)
{
    return sl_arena_printf(ar, "%s/`%s`/%s", kind, name, action);
}

/* CREATE SOURCE TABLE: the table is read-only, and a query of its own (ksqlDB's CST_...)
 * keeps its rows for pull queries. Takes ownership of src. */
static sl_error *materialize(sl_stmtctx *sx, sl_source *src, const char *msg)
{
    sl_engine *eng = sx->eng;
    const char *id = sx->query_id;
    if (id) {
        const char *us = strrchr(id, '_');
        if (us) sl_catalog_seen_query_seq(eng->cat, strtoull(us + 1, NULL, 10));
    } else {
        id = sl_arena_printf(sx->ar, "CST_%s_%llu", src->name,
                             (unsigned long long)sl_catalog_next_query_seq(eng->cat));
    }
    sl_plan *plan;
    sl_error *err = sl_plan_materialize(&sx->pc, src, id, &plan);
    if (err) {
        sl_source_free(src);
        return err;
    }
    src->owner = sl_arena_strdup(src->ar, id);
    const char *name = sl_arena_strdup(sx->ar, src->name);
    sl_catalog_put_source(eng->cat, src, true);
    char *reads[] = {(char *)name};
    sl_catquery cq = {(char *)id, (char *)sx->text, (char *)name, reads, 1, false};
    sl_catalog_put_query(eng->cat, &cq);
    sl_query_opts qo = {0};
    sl_query *q;
    err = sl_query_start(eng->rt, plan, &qo, &q);
    if (err) {
        sl_catalog_drop_query(eng->cat, id);
        sl_catalog_drop_source(eng->cat, name);
        return err;
    }
    sl_engine_add_query(eng, id, q, sx->text);
    sx->query_id = sl_arena_strdup(sx->ar, id);
    sx->log_command = true;
    sx->entity = sl_ent_status(sx->text, command_id(sx->ar, "table", name, "create"), msg, NULL,
                               eng->cmd_seq + 1);
    return NULL;
}

sl_error *sl_stmt_create_source(sl_stmtctx *sx)
{
    sl_ddl_result r;
    sl_error *err = sl_plan_create_source(&sx->pc, sx->st, &r);
    if (err) return err;
    const char *kind = sx->st->source.is_table ? "table" : "stream";
    const char *name = sx->st->source.name.text;
    if (r.exists) {
        sx->entity = sl_ent_status(sx->text, command_id(sx->ar, kind, name, "create"),
                                   sx->st->source.is_table ? "Table already exists." : "Stream already exists.",
                                   NULL, sx->eng->cmd_seq + 1);
        return NULL;
    }
    /* ksqlDB answers "created" for CREATE OR REPLACE too, and clients match on it; a dry
     * run answers what the statement would */
    const char *msg = sx->st->source.is_table ? "Table created" : "Stream created";
    if (sx->req && sx->req->dry_run) {
        sl_source_free(r.source);
        sx->entity = sl_ent_status(sx->text, command_id(sx->ar, kind, name, "create"), msg, NULL,
                                   sx->eng->cmd_seq);
        return NULL;
    }
    if (r.create_topic)
        err = sl_engine_ensure_topic(sx->eng, r.source->topic, r.source->partitions, r.source->replicas);
    if (err) {
        sl_source_free(r.source);
        return err;
    }
    const sl_source *old = sl_catalog_source(sx->eng->cat, name);
    if (old && old->is_source && old->owner) sl_engine_remove_query(sx->eng, old->owner);
    if (r.source->is_table && r.source->is_source) return materialize(sx, r.source, msg);
    sl_catalog_put_source(sx->eng->cat, r.source, true);
    sx->log_command = true;
    sx->entity = sl_ent_status(sx->text, command_id(sx->ar, kind, name, "create"), msg, NULL,
                               sx->eng->cmd_seq + 1);
    return NULL;
}

static void join_ids(sl_buf *b, const char **ids, uint32_t n)
{
    sl_buf_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_puts(b, ", ");
        sl_buf_puts(b, ids[i]);
    }
    sl_buf_putc(b, ']');
}

static sl_error *check_unused(sl_engine *eng, const char *name)
{
    uint32_t nr, nw;
    const char **readers = sl_catalog_query_users(eng->cat, name, false, &nr);
    const char **writers = sl_catalog_query_users(eng->cat, name, true, &nw);
    sl_error *err = NULL;
    if (nr || nw) {
        sl_buf b = SL_BUF_INIT;
        sl_buf_printf(&b, "Cannot drop %s.\nThe following queries read from this source: ", name);
        join_ids(&b, readers, nr);
        sl_buf_puts(&b, ".\nThe following queries write into this source: ");
        join_ids(&b, writers, nw);
        sl_buf_printf(&b, ".\nYou need to terminate them before dropping %s.", name);
        err = sl_error_new(SL_E_STATEMENT, "%s", sl_buf_cstr(&b));
        sl_buf_free(&b);
    }
    free(readers);
    free(writers);
    return err;
}

static sl_error *drop_type(sl_stmtctx *sx)
{
    const char *name = sx->st->drop.name.text;
    if (!sl_catalog_type(sx->eng->cat, name)) {
        if (sx->st->drop.if_exists) {
            sx->entity = sl_ent_status(sx->text, command_id(sx->ar, "type", name, "drop"),
                                       "Type does not exist.", NULL, sx->eng->cmd_seq);
            return NULL;
        }
        return sl_error_new(SL_E_STATEMENT, "Type %s does not exist.", name);
    }
    if (!(sx->req && sx->req->dry_run)) {
        sl_catalog_drop_type(sx->eng->cat, name);
        sx->log_command = true;
    }
    sx->entity = sl_ent_status(sx->text, command_id(sx->ar, "type", name, "drop"), "Dropped type",
                               NULL, sx->eng->cmd_seq + 1);
    return NULL;
}

sl_error *sl_stmt_drop(sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    if (st->drop.what == SL_DROP_TYPE) return drop_type(sx);
    if (st->drop.what == SL_DROP_CONNECTOR)
        return sl_error_new(SL_E_UNSUPPORTED, "Connectors are not supported by sluice");
    const char *name = st->drop.name.text;
    bool table = st->drop.what == SL_DROP_TABLE;
    const sl_source *src = sl_catalog_source(sx->eng->cat, name);
    if (!src) {
        if (st->drop.if_exists) {
            sx->entity = sl_ent_status(sx->text, command_id(sx->ar, table ? "table" : "stream", name, "drop"),
                                       sl_arena_printf(sx->ar, "Source `%s` does not exist.", name), NULL,
                                       sx->eng->cmd_seq);
            return NULL;
        }
        return sl_error_new(SL_E_STATEMENT, "Source %s does not exist.", name);
    }
    if (src->is_table != table)
        return sl_error_new(SL_E_STATEMENT, "Incompatible data source type is %s, but statement was DROP %s",
                            src->is_table ? "TABLE" : "STREAM", table ? "TABLE" : "STREAM");
    if (st->drop.delete_topic && src->is_source)
        return sl_error_new(SL_E_STATEMENT, "Cannot delete topic for read-only source: %s", name);
    /* a source table's own materializing query goes with it */
    const char *cst = src->is_source && src->owner ? sl_arena_strdup(sx->ar, src->owner) : NULL;
    if (cst) sl_catalog_drop_query(sx->eng->cat, cst);
    sl_error *err = check_unused(sx->eng, name);
    if (cst && (err || (sx->req && sx->req->dry_run))) {
        char *reads[] = {(char *)name};
        sl_catquery cq = {(char *)cst, (char *)src->sql, (char *)name, reads, 1, false};
        sl_catalog_put_query(sx->eng->cat, &cq);
    } else if (cst) {
        sl_engine_remove_query(sx->eng, cst);
    }
    if (err || (sx->req && sx->req->dry_run)) return err;
    char *topic = sl_strdup(src->topic);
    if (st->drop.delete_topic) err = sl_log_topic_delete(sx->eng->log, topic);
    sl_error_free(err); /* a topic already gone is not an error */
    sx->entity = sl_ent_status(sx->text, command_id(sx->ar, table ? "table" : "stream", name, "drop"),
                               sl_arena_printf(sx->ar, "Source `%s` (topic: %s) was dropped.", name, topic),
                               NULL, sx->eng->cmd_seq + 1);
    free(topic);
    sl_catalog_drop_source(sx->eng->cat, name);
    sx->log_command = true;
    return NULL;
}

sl_error *sl_stmt_create_type(sl_stmtctx *sx)
{
    const char *name = sx->st->create_type.name.text;
    if (sl_catalog_type(sx->eng->cat, name)) {
        if (sx->st->create_type.if_not_exists) {
            sx->entity = sl_ent_status(sx->text, command_id(sx->ar, "type", name, "create"),
                                       "Type already exists.", NULL, sx->eng->cmd_seq);
            return NULL;
        }
        return sl_error_new(SL_E_STATEMENT, "Cannot register custom type '%s' since it is already "
                                            "registered with type: %s", name, name);
    }
    const sl_type *t;
    sl_error *err = sl_plan_create_type(&sx->pc, sx->st, sx->ar, &t);
    if (err) return err;
    if (!(sx->req && sx->req->dry_run)) {
        sl_catalog_put_type(sx->eng->cat, name, t);
        sx->log_command = true;
    }
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, t);
    sx->entity = sl_ent_status(sx->text, command_id(sx->ar, "type", name, "create"),
                               sl_arena_printf(sx->ar, "Registered custom type with name '%s' and SQL type %s",
                                               name, sl_buf_cstr(&b)),
                               NULL, sx->eng->cmd_seq + 1);
    sl_buf_free(&b);
    return NULL;
}

/* ALTER STREAM|TABLE x ADD COLUMN c t: a copy of the source with the new value columns. */
sl_error *sl_stmt_alter(sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    const char *name = st->alter.name.text;
    const sl_source *old = sl_catalog_source(sx->eng->cat, name);
    if (!old) return sl_error_new(SL_E_STATEMENT, "Source %s does not exist.", name);
    const char *kind = old->is_table ? "table" : "stream";
    if (old->is_source)
        return sl_error_new(SL_E_STATEMENT, "Cannot alter %s '%s': ALTER operations are not supported on source %ss.",
                            kind, name, kind);
    if (old->owner)
        return sl_error_new(SL_E_STATEMENT, "ALTER command is not supported for CREATE ... AS statements.");
    sl_source *src = sl_source_new(old->name, old->is_table);
    sl_arena *ar = src->ar; /* src lives in it: keep it, copy old's fields over */
    *src = *old;
    src->ar = ar;
    src->cols = SL_ARENA_ARRAY(src->ar, sl_column, old->ncols + st->alter.columns.n + 1);
    memcpy(src->cols, old->cols, old->ncols * sizeof *src->cols);
    for (uint32_t i = 0; i < st->alter.columns.n; i++) {
        const sl_ast_column_def *d = &st->alter.columns.v[i];
        if (sl_source_col(src, d->name.text) >= 0) {
            sl_source_free(src);
            return sl_error_new(SL_E_STATEMENT, "Cannot add column `%s` to schema. A column with the same name already exists.",
                                d->name.text);
        }
        sl_column *c = &src->cols[src->ncols];
        c->name = sl_arena_strdup(src->ar, d->name.text);
        c->role = SL_COLROLE_VALUE;
        sl_error *err = sl_plan_type(&sx->pc, d->type, src->ar, &c->type);
        if (err) {
            sl_source_free(src);
            return err;
        }
        src->ncols++;
    }
    /* the copied strings point into the old source's arena: copy the ones we keep */
    src->name = sl_arena_strdup(src->ar, old->name);
    src->topic = sl_arena_strdup(src->ar, old->topic);
    src->key.props.topic = src->value.props.topic = src->topic;
    src->sql = sl_arena_strdup(src->ar, old->sql);
    for (uint32_t i = 0; i < old->ncols; i++) {
        src->cols[i].name = sl_arena_strdup(src->ar, old->cols[i].name);
        src->cols[i].type = sl_type_copy(src->ar, old->cols[i].type);
        if (old->cols[i].header) src->cols[i].header = sl_arena_strdup(src->ar, old->cols[i].header);
    }
    if (old->ts_col) src->ts_col = sl_arena_strdup(src->ar, old->ts_col);
    if (old->ts_format) src->ts_format = sl_arena_strdup(src->ar, old->ts_format);
    bool is_table = old->is_table; /* putting src frees old */
    if (sx->req && sx->req->dry_run) sl_source_free(src);
    else {
        sl_catalog_put_source(sx->eng->cat, src, true);
        sx->log_command = true;
    }
    sx->entity = sl_ent_status(sx->text, command_id(sx->ar, kind, name, "alter"),
                               is_table ? "Table altered" : "Stream altered", NULL, sx->eng->cmd_seq + 1);
    return NULL;
}

sl_error *sl_stmt_insert_values(sl_stmtctx *sx)
{
    int64_t now = sx->eng->opts.clock_ms ? sx->eng->opts.clock_ms(sx->eng->opts.clock_ctx)
                                          : (int64_t)0;
    if (!sx->eng->opts.clock_ms) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    }
    sl_insert_rec rec;
    sl_error *err = sl_plan_insert_values(&sx->pc, sx->st, now, &rec);
    if (err) return err;
    if (!(sx->req && sx->req->dry_run)) {
        sl_log_record r = {0};
        r.key = rec.key_null ? NULL : (const uint8_t *)(rec.key.p ? rec.key.p : "");
        r.klen = (uint32_t)rec.key.len;
        r.val = rec.value_null ? NULL : (const uint8_t *)(rec.value.p ? rec.value.p : "");
        r.vlen = (uint32_t)rec.value.len;
        r.ts = rec.ts;
        r.partition = SL_LOG_ANY_PARTITION;
        err = sl_log_produce(sx->eng->log, rec.topic, &r);
    }
    sl_buf_free(&rec.key);
    sl_buf_free(&rec.value);
    sx->entity = NULL; /* ksqlDB answers INSERT VALUES with an empty list */
    return err;
}
