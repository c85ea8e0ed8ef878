/*
 * expr_sql.h - a small SQL expression parser for unit tests: it reads ksqlDB
 * expression text and drives the sl_expr_*_new builders the way the planner
 * does, so tests can state cases as "A + 1 > 2" instead of builder calls.
 * Test-only; the real parser lives in parser/.
 *
 * Columns are named in a schema the test passes in; names are matched
 * case-insensitively. Errors (syntax or builder) come back as sl_error.
 */
#ifndef SL_TESTS_EXPR_SQL_H
#define SL_TESTS_EXPR_SQL_H

#include "exec/expr.h"

typedef struct expr_sql_col {
    const char *name;
    const sl_type *type;
} expr_sql_col;

/* Parses text into an expression built in ar. */
sl_error *expr_sql_parse(sl_arena *ar, const char *text, const expr_sql_col *cols, int ncols,
                         sl_expr **out);
/* Parses a type name: INT, BIGINT, DECIMAL(4, 2), ARRAY<STRING>, MAP<K, V>, STRUCT<A INT>... */
const sl_type *expr_sql_type(sl_arena *ar, const char *text);

#endif
