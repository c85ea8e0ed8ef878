/*
 * fuzz_rest_body.c - libFuzzer target for what a client controls before any
 * statement runs: the /ksql body (parsed and validated as ksqlDB's
 * KsqlRequest, then checked against the request limits) and the Accept header
 * (negotiated against the /ksql media types). Any input must be accepted or
 * refused with an error, never crash or leak; what is accepted must be
 * consistent (a string "ksql", objects for the maps).
 */
#include "server/rest_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sl_conf *conf;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"application/json", "application/vnd.ksql.v1+json", NULL};
    if (!conf) {
        conf = sl_conf_new();
        if (sl_conf_set(conf, "request.max.statements", "50")) abort();
        if (sl_conf_set(conf, "statement.max.bytes", "256")) abort();
    }
    sl_rest_ksql_body b;
    sl_error *err = sl_rest_ksql_parse((const char *)data, size, &b);
    if (!err) {
        if (!b.ksql || !json_is_object(b.req.props) || !json_is_object(b.req.vars)) abort();
        sl_error_free(sl_rest_ksql_check_limits(b.ksql, conf));
        sl_rest_ksql_body_fini(&b);
    } else if (err->code != SL_E_BAD_REQUEST) {
        abort();
    }
    sl_error_free(err);

    char *accept = malloc(size + 1);
    memcpy(accept, data, size);
    accept[size] = '\0';
    const char *t = sl_http_negotiate(accept, types);
    if (t && t != types[0] && t != types[1]) abort();
    free(accept);
    return 0;
}
