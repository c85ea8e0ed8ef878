/*
 * engine.c - opening and closing the engine, running queries, and executing
 * statements (see engine.h).
 *
 *   execute(text):  split ─> per statement: ${var} substitution ─> parse ─>
 *                   handler (stmt table) ─> command log append (if it changed
 *                   state) ─> entity
 *
 * A statement that fails stops the request; the entities of the statements
 * before it are kept, as ksqlDB does.
 */
#include "server/engine_int.h"
#include "common/clock.h"
#include "common/logger.h"
#include "common/mem.h"
#include "parser/parser.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static sl_error *stmt_wrong_endpoint(sl_stmtctx *sx);
static const char *lookup_var(void *ctx, const char *name, size_t len);
static sl_error *stmt_define(sl_stmtctx *sx);
static sl_error *stmt_not_here(sl_stmtctx *sx);

static const struct {
    sl_stmt_kind kind;
    sl_stmt_fn fn;
} stmt_table[] = {
    {SL_STMT_CREATE_SOURCE, sl_stmt_create_source},
    {SL_STMT_CREATE_AS, sl_stmt_persistent},
    {SL_STMT_INSERT_INTO, sl_stmt_persistent},
    {SL_STMT_INSERT_VALUES, sl_stmt_insert_values},
    {SL_STMT_DROP, sl_stmt_drop},
    {SL_STMT_CREATE_TYPE, sl_stmt_create_type},
    {SL_STMT_ALTER_SOURCE, sl_stmt_alter},
    {SL_STMT_SHOW, sl_stmt_show},
    {SL_STMT_DESCRIBE, sl_stmt_describe},
    {SL_STMT_EXPLAIN, sl_stmt_explain},
    {SL_STMT_TERMINATE, sl_stmt_terminate},
    {SL_STMT_PAUSE, sl_stmt_pause_resume},
    {SL_STMT_RESUME, sl_stmt_pause_resume},
    {SL_STMT_SET, sl_stmt_set},
    {SL_STMT_UNSET, sl_stmt_set},
    {SL_STMT_ALTER_SYSTEM, sl_stmt_set},
    {SL_STMT_DEFINE, stmt_define},
    {SL_STMT_UNDEFINE, stmt_define},
    {SL_STMT_QUERY, stmt_wrong_endpoint},
    {SL_STMT_PRINT, stmt_wrong_endpoint},
    {SL_STMT_RUN_SCRIPT, stmt_not_here},
};

/* --- running queries -------------------------------------------------------------------- */

running_query *sl_engine_find_query(sl_engine *eng, const char *id)
{
    for (size_t i = 0; i < eng->nqueries; i++)
        if (strcmp(eng->queries[i].id, id) == 0) return &eng->queries[i];
    return NULL;
}

void sl_engine_add_query(sl_engine *eng, const char *id, sl_query *q, const char *sql)
{
    SL_GROW(eng->queries, eng->capqueries, eng->nqueries + 1);
    eng->queries[eng->nqueries++] =
        (running_query){.id = sl_strdup(id), .q = q, .sql = sl_strdup(sql),
                        .started_ms = sl_clock_wall_ms()};
}

void sl_engine_remove_query(sl_engine *eng, const char *id)
{
    char *copy = sl_strdup(id); /* id may be the running query's own, freed below */
    running_query *rq = sl_engine_find_query(eng, copy);
    if (rq) {
        sl_query_stop(rq->q);
        free(rq->id);
        free(rq->sql);
        size_t i = (size_t)(rq - eng->queries);
        memmove(rq, rq + 1, (eng->nqueries - i - 1) * sizeof *rq);
        eng->nqueries--;
    }
    sl_catalog_drop_query(eng->cat, copy);
    free(copy);
}

sl_error *sl_engine_ensure_topic(sl_engine *eng, const char *name, int32_t partitions,
                                 int16_t replicas)
{
    sl_topic_info info;
    sl_error *err = sl_log_topic_describe(eng->log, name, &info);
    if (!err) return NULL;
    sl_error_free(err);
    memset(&info, 0, sizeof info);
    snprintf(info.name, sizeof info.name, "%s", name);
    info.partitions = partitions > 0 ? partitions : 1;
    info.replicas = replicas > 0 ? replicas : 1;
    info.retention_ms = -1;
    return sl_log_topic_create(eng->log, &info);
}

/* --- properties ------------------------------------------------------------------------- */

const char *sl_engine_prop(sl_stmtctx *sx, const char *name)
{
    json_t *v = sx->req && sx->req->props ? json_object_get(sx->req->props, name) : NULL;
    if (json_is_string(v)) return json_string_value(v);
    if (v && !json_is_null(v)) {
        char *s = json_dumps(v, JSON_ENCODE_ANY);
        const char *copy = sl_arena_strdup(sx->ar, s ? s : "");
        free(s);
        return copy;
    }
    /* Not overridden by the request: the server's setting, when it has one by that name. */
    return sl_conf_str(sx->eng->opts.conf, name);
}

static const char *plan_prop(void *ctx, const char *name)
{
    return sl_engine_prop(ctx, name);
}

static sl_error *plan_topic(void *ctx, const char *name, sl_topic_info *out)
{
    sl_stmtctx *sx = ctx;
    return sl_log_topic_describe(sx->eng->log, name, out);
}

sl_error *sl_engine_stmt_prepare(sl_engine *eng, sl_request *req, const char *text, sl_arena *ar,
                                 sl_stmtctx *sx)
{
    memset(sx, 0, sizeof *sx);
    sx->eng = eng;
    sx->req = req;
    sx->ar = ar;
    size_t len = strlen(text);
    sl_span_list spans = {0};
    size_t tail = sl_parse_split(ar, text, len, &spans);
    size_t rest = len - tail;
    const char *t = text + tail;
    while (rest && (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')) t++, rest--;
    uint32_t n = spans.n + (rest > 0);
    if (n != 1)
        return sl_error_new(SL_E_BAD_REQUEST, "expected exactly one statement, found %u", n);
    const char *s = spans.n ? text + spans.v[0].off : t;
    size_t slen = spans.n ? spans.v[0].len : rest;
    sl_buf sub = SL_BUF_INIT;
    sl_error *err = NULL;
    if (req && req->vars && json_object_size(req->vars))
        err = sl_parse_substitute(s, slen, lookup_var, req->vars, &sub);
    else sl_buf_append(&sub, s, slen);
    sl_parse_opts po = {.max_stmt_len = (size_t)sl_conf_int(eng->opts.conf, "statement.max.bytes")};
    sl_ast_stmt *st = NULL;
    if (!err) err = sl_parse_statement(ar, sub.p ? sub.p : "", sub.len, &po, &st);
    sl_buf_free(&sub);
    if (err) return err;
    sx->st = st;
    sx->text = st->text;
    sx->pc = (sl_planctx){eng->cat, ar, eng->service_id, plan_prop, sx, plan_topic, sx};
    return NULL;
}

/* --- small statements ------------------------------------------------------------------- */

static sl_error *stmt_wrong_endpoint(sl_stmtctx *sx)
{
    (void)sx;
    return sl_error_new(SL_E_WRONG_ENDPOINT,
                        "The following statement types should be issued to the websocket endpoint "
                        "'/query':\n\t* PRINT\n\t* SELECT");
}

static sl_error *stmt_not_here(sl_stmtctx *sx)
{
    (void)sx;
    return sl_error_new(SL_E_STATEMENT, "Unknown statement 'RUN' on the server: RUN SCRIPT is a shell command");
}

static sl_error *stmt_define(sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    if (sx->req && sx->req->vars) {
        if (st->kind == SL_STMT_DEFINE)
            json_object_set_new(sx->req->vars, st->define.name, json_string(st->define.value));
        else json_object_del(sx->req->vars, st->define.name);
    }
    sx->entity = NULL;
    return NULL;
}

/* --- executing -------------------------------------------------------------------------- */

static const char *lookup_var(void *ctx, const char *name, size_t len)
{
    json_t *vars = ctx;
    const char *key;
    json_t *v;
    json_object_foreach(vars, key, v)
    {
        if (strlen(key) == len && strncasecmp(key, name, len) == 0) return json_string_value(v);
    }
    return NULL;
}

static sl_stmt_fn handler_for(sl_stmt_kind kind)
{
    for (size_t i = 0; i < sizeof stmt_table / sizeof *stmt_table; i++)
        if (stmt_table[i].kind == kind) return stmt_table[i].fn;
    return NULL;
}

/* Appends a command (the statement and what replay needs) to the command log. */
static sl_error *append_command(sl_stmtctx *sx)
{
    sl_engine *eng = sx->eng;
    json_t *cmd = json_pack("{s:s}", "statement", sx->text);
    if (sx->pc.service_id && sx->query_id) json_object_set_new(cmd, "queryId", json_string(sx->query_id));
    if (sx->req && sx->req->props) json_object_set(cmd, "streamsProperties", sx->req->props);
    char *s = json_dumps(cmd, JSON_COMPACT);
    json_decref(cmd);
    sl_log_record rec = {0};
    rec.val = (const uint8_t *)s;
    rec.vlen = (uint32_t)strlen(s);
    rec.ts = sl_clock_wall_ms();
    rec.partition = 0;
    sl_error *err = sl_log_produce(eng->log, eng->cmd_topic, &rec);
    free(s);
    if (!err) eng->cmd_seq = rec.offset;
    return err;
}

/* Whether a statement changes the catalog, the queries or the data (what a DEGRADED
 * server refuses); reads and request-scoped settings do not. */
static bool changes_server(sl_stmt_kind kind)
{
    switch (kind) {
    case SL_STMT_SHOW:
    case SL_STMT_DESCRIBE:
    case SL_STMT_EXPLAIN:
    case SL_STMT_SET:
    case SL_STMT_UNSET:
    case SL_STMT_DEFINE:
    case SL_STMT_UNDEFINE:
    case SL_STMT_QUERY:
    case SL_STMT_PRINT:
    case SL_STMT_RUN_SCRIPT: return false;
    default: return true;
    }
}

/* Keeps the status of a command (an entity with a commandId) for GET /status. */
static void record_status(sl_engine *eng, json_t *entity)
{
    const char *id = json_string_value(json_object_get(entity, "commandId"));
    json_t *st = json_object_get(entity, "commandStatus");
    if (!id || !st) return;
    json_object_set_new(eng->cmd_status, id,
                        json_pack("{s:O,s:O}", "status", json_object_get(st, "status"), "message",
                                  json_object_get(st, "message")));
}

static sl_error *run_statement(sl_engine *eng, sl_request *req, const char *text, size_t len,
                               json_t *entities, const char *replay_query_id)
{
    sl_arena *ar = sl_arena_new(0);
    sl_stmtctx sx = {.eng = eng, .req = req, .ar = ar, .query_id = replay_query_id};
    sl_buf sub = SL_BUF_INIT;
    sl_error *err = NULL;
    if (req && req->vars && json_object_size(req->vars))
        err = sl_parse_substitute(text, len, lookup_var, req->vars, &sub);
    else sl_buf_append(&sub, text, len);
    sl_ast_stmt *st = NULL;
    sl_parse_opts po = {.max_stmt_len = (size_t)sl_conf_int(eng->opts.conf, "statement.max.bytes")};
    if (!err) err = sl_parse_statement(ar, sub.p, sub.len, &po, &st);
    if (!err) {
        sx.st = st;
        sx.text = st->text;
        sx.pc = (sl_planctx){eng->cat, ar, eng->service_id, plan_prop, &sx, plan_topic, &sx};
        sl_stmt_fn fn = handler_for(st->kind);
        if (!fn) err = sl_error_new(SL_E_UNSUPPORTED, "%s is not supported", sl_ast_stmt_kind_name(st->kind));
        else if (eng->degraded && changes_server(st->kind))
            err = sl_error_new(SL_E_DEGRADED, "The server is in a degraded state (read-only): %s",
                               eng->degraded_why);
        else err = fn(&sx);
    }
    if (!err && sx.log_command && !eng->replaying && !(req && req->dry_run)) err = append_command(&sx);
    if (!err && sx.entity) record_status(eng, sx.entity);
    if (!err && sx.entity) json_array_append_new(entities, sx.entity);
    else json_decref(sx.entity);
    sl_buf_free(&sub);
    sl_arena_free(ar);
    return err;
}

/* An error's line:col is relative to its statement; ksqlDB reports it relative to the
 * request's text, which may hold several statements. */
static void shift_position(sl_error *err, const char *text, const char *stmt)
{
    if (!err->line) return;
    sl_pos pos = {0, 1, 1};
    sl_parse_pos_advance(&pos, text, (size_t)(stmt - text));
    if (err->line == 1) err->col += (int)pos.col - 1;
    err->line += (int)pos.line - 1;
}

void sl_engine_execute(sl_engine *eng, const char *text, sl_request *req, sl_result *res)
{
    memset(res, 0, sizeof *res);
    res->entities = json_array();
    sl_arena *ar = sl_arena_new(0);
    sl_span_list spans = {0};
    size_t tail = sl_parse_split(ar, text, strlen(text), &spans);
    pthread_mutex_lock(&eng->mu);
    for (uint32_t i = 0; i <= spans.n && !res->err; i++) {
        const char *s;
        size_t n;
        if (i < spans.n) {
            s = text + spans.v[i].off;
            n = spans.v[i].len;
        } else {
            s = text + tail; /* an unterminated last statement */
            n = strlen(text) - tail;
            while (n && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) s++, n--;
            if (!n) break;
        }
        res->err = run_statement(eng, req, s, n, res->entities, NULL);
        if (res->err) {
            shift_position(res->err, text, s);
            res->err_statement = sl_strndup(s, n);
        }
    }
    pthread_mutex_unlock(&eng->mu);
    sl_arena_free(ar);
}

void sl_result_fini(sl_result *res)
{
    json_decref(res->entities);
    sl_error_free(res->err);
    free(res->err_statement);
    memset(res, 0, sizeof *res);
}

/* --- opening ---------------------------------------------------------------------------- */

static sl_error *make_dir(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(path, 0755);
        *p = '/';
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return sl_error_new(SL_E_IO, "cannot create data.dir '%s': %s", dir, strerror(errno));
    return NULL;
}

static sl_error *open_log(sl_engine *eng)
{
    const sl_conf *conf = eng->opts.conf;
    const char *bootstrap = sl_conf_str(conf, "bootstrap.servers");
    if (!bootstrap || !*bootstrap) {
        sl_log_embedded_conf ec = {eng->opts.synchronous ? 0 : 60000, 0};
        return sl_log_open_embedded_conf(eng->db, &ec, &eng->log);
    }
    /* librdkafka gets the kafka.* passthrough properties, then the mock's control socket. */
    const char *mock = sl_conf_str(conf, "kafka.mock.control");
    const char *const *props = sl_conf_kafka_props(conf);
    size_t n = 0;
    while (props[n]) n++;
    const char **extra = sl_calloc(n + 3, sizeof *extra);
    memcpy(extra, props, n * sizeof *extra);
    if (mock && *mock) {
        extra[n++] = "sluice.mock.control";
        extra[n++] = mock;
    }
    sl_log_kafka_conf kc = {bootstrap, extra};
    sl_error *err = sl_log_open_kafka(&kc, eng->db, &eng->log);
    free(extra);
    return err;
}

sl_error *sl_engine_replay(sl_engine *eng);

static sl_error *open_parts(sl_engine *eng)
{
    const sl_conf *conf = eng->opts.conf;
    const char *dir = sl_conf_str(conf, "data.dir");
    sl_error *err = make_dir(dir);
    if (err) return err;
    char path[4096];
    snprintf(path, sizeof path, "%s/state", dir);
    sl_db_options dbo = {.sync = sl_conf_bool(conf, "log.sync")};
    err = sl_db_open(path, &dbo, &eng->db);
    if (!err) err = open_log(eng);
    if (err) return err;
    eng->cmd_topic = sl_malloc(strlen(eng->service_id) + 64);
    sprintf(eng->cmd_topic, "_confluent-ksql-%s_command_topic", eng->service_id);
    eng->proclog_topic = sl_malloc(strlen(eng->service_id) + 64);
    sprintf(eng->proclog_topic, "%sksql_processing_log", eng->service_id);
    err = sl_engine_ensure_topic(eng, eng->cmd_topic, 1, 1);
    if (!err) err = sl_engine_ensure_topic(eng, eng->proclog_topic, 1, 1);
    if (err) return err;
    sl_rt_opts ro = {
        .log = eng->log,
        .db = eng->db,
        .service_id = eng->service_id,
        .threads = (int)sl_conf_int(conf, "num.stream.threads"),
        .commit_interval_ms = sl_conf_int(conf, "commit.interval.ms"),
        .idle_timeout_ms = sl_conf_int(conf, "idle.timeout.ms"),
        .synchronous = eng->opts.synchronous,
        .fail_on_deser = sl_conf_bool(conf, "fail.on.deserialization.error"),
        .proclog_include_rows = sl_conf_bool(conf, "processing.log.include.rows"),
        .proclog_topic = eng->proclog_topic,
    };
    eng->rt = sl_rt_new(&ro);
    ro.db = NULL; /* transient queries keep nothing */
    ro.synchronous = false;
    eng->trt = sl_rt_new(&ro);
    return NULL;
}

sl_error *sl_engine_open(const sl_engine_opts *opts, sl_engine **out)
{
    sl_engine *eng = sl_calloc(1, sizeof *eng);
    eng->opts = *opts;
    pthread_mutex_init(&eng->mu, NULL);
    pthread_mutex_init(&eng->smu, NULL);
    eng->cmd_status = json_object();
    eng->cat = sl_catalog_new();
    eng->cmd_seq = -1;
    const char *sid = sl_conf_str(opts->conf, "service.id");
    eng->service_id = sl_strdup(sid ? sid : "default_");
    sl_error *err = open_parts(eng);
    if (!err) err = sl_engine_replay(eng);
    if (err) {
        sl_engine_close(eng);
        return err;
    }
    *out = eng;
    return NULL;
}

void sl_engine_close(sl_engine *eng)
{
    if (!eng) return;
    for (size_t i = 0; i < eng->nqueries; i++) {
        sl_query_stop(eng->queries[i].q);
        free(eng->queries[i].id);
        free(eng->queries[i].sql);
    }
    free(eng->queries);
    sl_rt_free(eng->rt);
    sl_rt_free(eng->trt); /* every session was closed with the REST API */
    free(eng->sessions);
    json_decref(eng->cmd_status);
    pthread_mutex_destroy(&eng->smu);
    sl_log_close(eng->log);
    sl_db_close(eng->db);
    sl_catalog_free(eng->cat);
    free(eng->service_id);
    free(eng->cmd_topic);
    free(eng->proclog_topic);
    free(eng->degraded_why);
    pthread_mutex_destroy(&eng->mu);
    free(eng);
}

sl_error *sl_engine_run_until_idle(sl_engine *eng)
{
    pthread_mutex_lock(&eng->mu);
    sl_error *err = NULL;
    for (int round = 0; round < 100000 && !err; round++) {
        int total = 0;
        for (size_t i = 0; i < eng->nqueries && !err; i++) {
            int n = 0;
            if (sl_query_get_state(eng->queries[i].q, NULL) == SL_QUERY_ERROR) continue;
            err = sl_query_step(eng->queries[i].q, &n);
            total += n;
        }
        if (total == 0) break;
    }
    pthread_mutex_unlock(&eng->mu);
    return err;
}

const sl_source *sl_engine_source(sl_engine *eng, const char *name)
{
    return sl_catalog_source(eng->cat, name);
}

const sl_source *sl_engine_source_by_topic(sl_engine *eng, const char *topic)
{
    uint32_t n;
    const sl_source *const *all = sl_catalog_sources(eng->cat, &n);
    const sl_source *hit = NULL;
    for (uint32_t i = 0; i < n; i++) {
        if (strcmp(all[i]->topic, topic) != 0) continue;
        if (!hit || (all[i]->owner && !hit->owner)) hit = all[i];
    }
    return hit;
}

sl_error *sl_engine_encode_values(sl_engine *eng, const sl_ast_stmt *st, int64_t now_ms,
                                  sl_insert_rec *out)
{
    sl_arena *ar = sl_arena_new(0);
    sl_stmtctx sx = {.eng = eng, .ar = ar, .st = st, .text = st->text};
    sx.pc = (sl_planctx){eng->cat, ar, eng->service_id, plan_prop, &sx, plan_topic, &sx};
    pthread_mutex_lock(&eng->mu);
    sl_error *err = sl_plan_insert_values(&sx.pc, st, now_ms, out);
    pthread_mutex_unlock(&eng->mu);
    sl_arena_free(ar);
    return err;
}

sl_error *sl_engine_topic_create(sl_engine *eng, const char *name, int32_t partitions)
{
    return sl_engine_ensure_topic(eng, name, partitions, 1);
}

sl_log *sl_engine_log(sl_engine *eng)
{
    return eng->log;
}

bool sl_engine_degraded(sl_engine *eng, const char **why)
{
    if (why) *why = eng->degraded_why;
    return eng->degraded;
}

const char *sl_engine_service_id(const sl_engine *eng)
{
    return eng->service_id;
}

/* --- the command log -------------------------------------------------------------------- */

/* Executes one command record in replay mode. */
static sl_error *replay_command(sl_engine *eng, const sl_log_record *rec)
{
    json_error_t jerr;
    json_t *cmd = json_loadb((const char *)rec->val, rec->vlen, 0, &jerr);
    const char *stmt = cmd ? json_string_value(json_object_get(cmd, "statement")) : NULL;
    if (!stmt) {
        json_decref(cmd);
        return sl_error_new(SL_E_CORRUPT, "command %lld is not a valid command record",
                            (long long)rec->offset);
    }
    json_t *props = json_object_get(cmd, "streamsProperties");
    sl_request req = {props ? json_incref(props) : json_object(), NULL, false};
    json_t *ents = json_array();
    const char *qid = json_string_value(json_object_get(cmd, "queryId"));
    sl_error *err = run_statement(eng, &req, stmt, strlen(stmt), ents, qid);
    if (err) err = sl_error_prefix(err, "command %lld (%s) failed: ", (long long)rec->offset, stmt);
    json_decref(ents);
    json_decref(req.props);
    json_decref(cmd);
    eng->cmd_seq = rec->offset;
    return err;
}

/* One command record; after a failure the engine is DEGRADED and the rest is skipped. */
static sl_error *replay_visit(void *ctx, const sl_log_record *rec)
{
    sl_engine *eng = ctx;
    if (eng->degraded) return NULL;
    sl_error *err = replay_command(eng, rec);
    if (!err) return NULL;
    eng->degraded = true;
    eng->degraded_why = sl_strdup(err->msg);
    SL_ERROR("command log replay failed; read-only", "err=\"%s\"", err->msg);
    sl_error_free(err);
    return NULL;
}

/* Reads the command topic from its start to its end outside any consumer group (a group
 * join on Kafka takes seconds, and nothing of the replay is committed). */
sl_error *sl_engine_replay(sl_engine *eng)
{
    eng->replaying = true;
    sl_error *err = sl_log_read_partition(eng->log, eng->cmd_topic, 0, 0, 30000, replay_visit, eng);
    eng->replaying = false;
    return err;
}

json_t *sl_engine_command_statuses(sl_engine *eng)
{
    pthread_mutex_lock(&eng->mu);
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(eng->cmd_status, k, v)
    {
        json_object_set(out, k, json_object_get(v, "status"));
    }
    pthread_mutex_unlock(&eng->mu);
    return out;
}

json_t *sl_engine_command_status(sl_engine *eng, const char *command_id)
{
    pthread_mutex_lock(&eng->mu);
    json_t *v = json_object_get(eng->cmd_status, command_id);
    json_t *out = v ? json_deep_copy(v) : NULL;
    pthread_mutex_unlock(&eng->mu);
    return out;
}
