/*
 * rest_ksql.c - POST /ksql: statements in, ksqlDB entities out.
 *
 *   body --parse/validate--> {ksql, streamsProperties, sessionVariables}
 *        --limits--> sl_engine_execute --> 200 [entity, ...]
 *                                      \-> status of the error code:
 *                                          {"@type":"statement_error", "error_code",
 *                                           "message", "statementText",
 *                                           "entities": [those that succeeded]}
 *
 * The property "sluice.dry.run": true makes the request a dry run (planned,
 * nothing changed), for the shell's `sluice run --dry-run`.
 *
 * A body that is not what ksqlDB's KsqlRequest accepts is a 400 generic_error
 * saying what is wrong; fields ksqlDB defines that sluice does not need
 * (commandSequenceNumber: statements here run synchronously) are checked for
 * type and otherwise ignored, as are unknown fields.
 */
#include "common/arena.h"
#include "common/logger.h"
#include "parser/parser.h"
#include "server/rest_int.h"

#include <stdlib.h>
#include <string.h>

/* A scalar as the text a property or variable holds. */
static json_t *scalar_text(json_t *v)
{
    if (json_is_string(v)) return json_incref(v);
    char *s = json_dumps(v, JSON_ENCODE_ANY);
    json_t *t = json_string(s ? s : "");
    free(s);
    return t;
}

/* Copies the object root[field] (absent or null: empty) into *out, scalar values only;
 * variables become strings, properties keep their JSON type. */
static sl_error *copy_map(json_t *root, const char *field, bool as_text, json_t **out)
{
    json_t *m = json_object_get(root, field);
    *out = json_object();
    if (!m || json_is_null(m)) return NULL;
    if (!json_is_object(m))
        return sl_error_new(SL_E_BAD_REQUEST, "\"%s\" must be a JSON object", field);
    const char *k;
    json_t *v;
    json_object_foreach(m, k, v)
    {
        if (json_is_object(v) || json_is_array(v) || (as_text && json_is_null(v)))
            return sl_error_new(SL_E_BAD_REQUEST,
                                "\"%s\".\"%s\" must be a string, a number or a boolean", field, k);
        json_object_set_new(*out, k, as_text ? scalar_text(v) : json_incref(v));
    }
    return NULL;
}

static sl_error *check_fields(json_t *root, const char *text_field)
{
    if (!json_is_object(root))
        return sl_error_new(SL_E_BAD_REQUEST, "the request body must be a JSON object "
                                              "with a \"%s\" field", text_field);
    json_t *ksql = json_object_get(root, text_field);
    if (!ksql)
        return sl_error_new(SL_E_BAD_REQUEST, "the request body has no \"%s\" field "
                                              "(the statements to run)", text_field);
    if (!json_is_string(ksql)) return sl_error_new(SL_E_BAD_REQUEST, "\"%s\" must be a string", text_field);
    json_t *seq = json_object_get(root, "commandSequenceNumber");
    if (seq && !json_is_null(seq) && !json_is_integer(seq))
        return sl_error_new(SL_E_BAD_REQUEST, "\"commandSequenceNumber\" must be an integer");
    return NULL;
}

/* "sluice.dry.run": true among the properties (the shell's `sluice run --dry-run`) asks
 * to plan every statement and change nothing; it is the request's, not a property. */
static sl_error *take_dry_run(sl_rest_ksql_body *b)
{
    json_t *v = json_object_get(b->req.props, "sluice.dry.run");
    if (!v) return NULL;
    const char *s = json_string_value(v);
    if (!json_is_boolean(v) && !(s && (!strcmp(s, "true") || !strcmp(s, "false"))))
        return sl_error_new(SL_E_BAD_REQUEST, "\"sluice.dry.run\" must be true or false");
    b->req.dry_run = json_is_true(v) || (s && !strcmp(s, "true"));
    json_object_del(b->req.props, "sluice.dry.run");
    return NULL;
}

sl_error *sl_rest_ksql_parse(const char *body, size_t len, sl_rest_ksql_body *out)
{
    return sl_rest_body_parse(body, len, "ksql", "streamsProperties", out);
}

sl_error *sl_rest_body_parse(const char *body, size_t len, const char *text_field,
                             const char *props_field, sl_rest_ksql_body *out)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return sl_error_new(SL_E_BAD_REQUEST,
                            "the request body is not valid JSON: %s "
                            "(line %d, column %d)",
                            jerr.text, jerr.line, jerr.column);
    sl_error *err = check_fields(root, text_field);
    if (!err) err = copy_map(root, props_field, false, &out->req.props);
    if (!err) err = copy_map(root, "sessionVariables", true, &out->req.vars);
    if (!err) err = take_dry_run(out);
    out->root = root;
    if (err) {
        sl_rest_ksql_body_fini(out);
        return err;
    }
    out->ksql = json_string_value(json_object_get(root, text_field));
    return NULL;
}

void sl_rest_ksql_body_fini(sl_rest_ksql_body *b)
{
    json_decref(b->req.props);
    json_decref(b->req.vars);
    json_decref(b->root);
    memset(b, 0, sizeof *b);
}

sl_error *sl_rest_ksql_check_limits(const char *ksql, const sl_conf *conf)
{
    int64_t max_n = sl_conf_int(conf, "request.max.statements");
    int64_t max_len = sl_conf_int(conf, "statement.max.bytes");
    size_t len = strlen(ksql);
    sl_arena *ar = sl_arena_new(0);
    sl_span_list spans = {0};
    size_t tail = sl_parse_split(ar, ksql, len, &spans);
    int64_t n = (int64_t)spans.n + (tail < len);
    sl_error *err = NULL;
    if (n > max_n)
        err = sl_error_new(SL_E_LIMIT,
                           "the request holds %lld statements; the limit "
                           "(request.max.statements) is %lld",
                           (long long)n, (long long)max_n);
    for (uint32_t i = 0; i <= spans.n && !err; i++) {
        size_t slen = i < spans.n ? spans.v[i].len : len - tail;
        if ((int64_t)slen > max_len)
            err = sl_error_new(SL_E_LIMIT,
                               "statement %u is %zu bytes long; the limit "
                               "(statement.max.bytes) is %lld",
                               i + 1, slen, (long long)max_len);
    }
    sl_arena_free(ar);
    return err;
}

sl_error *sl_rest_check_overrides(const json_t *props, const sl_conf *conf)
{
    const char *denied = sl_conf_str(conf, "request.denied.properties");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)props, k, v)
    {
        size_t n = strlen(k);
        for (const char *p = denied ? denied : ""; *p;) {
            p += strspn(p, " ,");
            size_t len = strcspn(p, ",");
            size_t tl = len;
            while (tl && p[tl - 1] == ' ') tl--;
            if (tl && tl == n && strncmp(p, k, n) == 0)
                return sl_error_new(SL_E_BAD_REQUEST,
                                    "Cannot override property '%s': the server denies it "
                                    "(request.denied.properties)",
                                    k);
            p += len;
        }
    }
    return NULL;
}

void sl_rest_error_text(const sl_error *err, sl_buf *out)
{
    if (err->code == SL_E_SYNTAX) {
        sl_parse_error_text(err, out);
    } else {
        sl_buf_puts(out, err->msg);
        if (err->detail) sl_buf_printf(out, "\n%s", err->detail);
    }
    if (err->hint) sl_buf_printf(out, "\n%s", err->hint);
}

json_t *sl_rest_statement_error(const sl_error *err, const char *stmt, json_t *entities)
{
    sl_buf msg = SL_BUF_INIT;
    sl_rest_error_text(err, &msg);
    json_t *e =
        json_pack("{s:s,s:i,s:s,s:s,s:o}", "@type", "statement_error", "error_code",
                  sl_errcode_ksql(err->code), "message", sl_buf_cstr(&msg), "statementText",
                  stmt ? stmt : "", "entities", entities ? json_deep_copy(entities) : json_array());
    sl_buf_free(&msg);
    return e;
}

void sl_rest_ksql(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    sl_rest *rest = app;
    sl_rest_ksql_body b;
    sl_error *err = sl_rest_ksql_parse(req->body, req->body_len, &b);
    if (!err) {
        err = sl_rest_ksql_check_limits(b.ksql, rest->conf);
        if (!err) err = sl_rest_check_overrides(b.req.props, rest->conf);
        if (err) sl_rest_ksql_body_fini(&b);
    }
    if (err) {
        sl_http_resp_error(resp, err);
        sl_error_free(err);
        return;
    }
    sl_result res;
    sl_engine_execute(rest->eng, b.ksql, &b.req, &res);
    if (res.err) {
        SL_DEBUG("statement failed", "code=%s err=\"%s\"", sl_errcode_name(res.err->code),
                 res.err->msg);
        sl_rest_send_json(resp, sl_errcode_http_status(res.err->code),
                          sl_rest_statement_error(res.err, res.err_statement, res.entities));
    } else {
        sl_rest_send_json(resp, 200, json_incref(res.entities));
    }
    sl_result_fini(&res);
    sl_rest_ksql_body_fini(&b);
}
