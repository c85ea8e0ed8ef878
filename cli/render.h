/*
 * render.h - what the shell prints for the server's answers, as ksqlDB's CLI
 * prints them, so its users find the same tables, boxes and grids.
 *
 * Model: every routine appends text to an sl_buf and does no I/O, so output is
 * testable byte for byte (golden files) and the shell decides where it goes
 * (terminal, spool file). Inputs are the JSON documents of the REST API
 * (jansson values, borrowed); anything missing or of the wrong type renders as
 * empty or "null" - never a crash - and an entity of an unknown @type is shown
 * as its JSON.
 *
 * Three shapes:
 *  - entity tables (SHOW ..., message boxes): columns as wide as their widest
 *    cell, " a | b " rows between dashed lines;
 *  - descriptions (DESCRIBE, EXPLAIN, DESCRIBE FUNCTION): "Label : value" lines
 *    around field tables;
 *  - the query grid: fixed-width cells (terminal width / columns), its header
 *    printed first and one line per row as rows arrive; long values wrap onto
 *    extra lines (or are clipped with "..." when wrap is off).
 *
 * Any thread; no global state.
 */
#ifndef SL_CLI_RENDER_H
#define SL_CLI_RENDER_H

#include "common/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct sl_render_opts {
    int width;        /* terminal columns (> 0) */
    bool wrap;        /* grid: wrap long values (ksqlDB's default) or clip them */
    int column_width; /* grid: cell width; 0: width / columns - 2, at least 5 */
} sl_render_opts;

/* A /ksql answer (an array of entities): each entity after a blank line,
 * preceded by its statement text when there are several, followed by its
 * warnings as "WARNING: ..." lines. */
void sl_render_entities(sl_buf *out, const json_t *entities, const sl_render_opts *o);
/* One entity, dispatched on its "@type". */
void sl_render_entity(sl_buf *out, const json_t *entity, const sl_render_opts *o);
/* v as indented JSON and a newline (output format JSON). */
void sl_render_json(sl_buf *out, const json_t *v);

/* The column names of a query header's schema string
 * ("`ID` BIGINT KEY, `NAME` STRING" -> ["ID", "NAME"]); a new JSON array. */
json_t *sl_render_schema_names(const char *schema);
/* The grid header: +----+ line, the names (wrapped), +----+ line. */
void sl_render_grid_header(sl_buf *out, const json_t *names, const sl_render_opts *o);
/* One grid row of ncols cells (the header's count; 0: as many as the row
 * has): missing columns are null, and a tombstone (a deleted table row) shows
 * its null columns as <TOMBSTONE>. */
void sl_render_grid_row(sl_buf *out, const json_t *columns, size_t ncols, bool tombstone,
                        const sl_render_opts *o);
/* A value as the CLI shows it: strings bare, numbers as Java prints them
 * (1.0, 1.0E10), null, [a, b] for arrays and {K=v} for maps and structs. */
void sl_render_value(sl_buf *out, const json_t *v);
/* A type as DESCRIBE shows it, from the REST API's schema object
 * ({"type":"STRING"} -> VARCHAR(STRING), ARRAY<...>, STRUCT<A INT, ...>). */
void sl_render_type(sl_buf *out, const json_t *schema);

/* Reads "line L:C:" at the start of a server's error message (leading blanks
 * allowed): the position within the statement, for a caret under it. */
bool sl_render_error_position(const char *message, int *line, int *col);
/* "ERROR: message" (trailing blanks and newlines dropped) and a newline. */
void sl_render_error(sl_buf *out, const char *message);

#endif
