/*
 * fake_ksqldb.h - the parts of the fake ksqlDB server (tests only): the HTTP
 * front (fake_ksqldb.c), the /ksql catalog (fake_catalog.c) and the /query
 * streams (fake_query.c). Statements are read with sluice's parser, so syntax
 * errors come back as the real server words them ("line L:C: Syntax Error").
 * Handlers run on libmicrohttpd's connection threads; the catalog locks itself.
 */
#ifndef SL_TESTS_FAKE_KSQLDB_H
#define SL_TESTS_FAKE_KSQLDB_H

#include "parser/parser.h"
#include "server/http.h"

#include <jansson.h>

typedef struct fake_catalog fake_catalog;

fake_catalog *fake_catalog_new(void);
void fake_catalog_free(fake_catalog *cat);
/* Runs the statements of ksql; returns the entities (status in *status), or
 * NULL after writing an error entity into resp. */
json_t *fake_catalog_ksql(fake_catalog *cat, const char *ksql, const json_t *props,
                          sl_http_resp *resp, int *status);
/* Answers POST /query for sql: a stream, or an error entity. */
void fake_query_start(fake_catalog *cat, const char *sql, sl_http_resp *resp);

/* Appends "kind text" as one line to the record file. */
void fake_record(const char *kind, const char *text);
/* Parses one statement (text NUL-terminated) into ar; NULL after writing the
 * syntax error into resp (400 statement_error). */
sl_ast_stmt *fake_parse(sl_arena *ar, const char *text, sl_http_resp *resp, const json_t *done);
/* A statement_error entity with a printf message; entities (may be NULL): the
 * results of the statements before the failing one. */
void fake_statement_error(sl_http_resp *resp, int status, const char *stmt, const json_t *entities,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
