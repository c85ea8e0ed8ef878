/*
 * catalog.h - what the server knows: streams and tables (sources), custom
 * types, and the persistent queries that read and write them.
 *
 * A source is immutable once added (ALTER builds a replacement); each lives in
 * its own arena, freed when it is dropped or replaced. The catalog is rebuilt
 * on start by replaying the command log, so it is never persisted on its own.
 *
 * Columns: a source's key columns come first, in declaration order, then its
 * value columns (header columns among them, as declared) — ksqlDB's logical
 * schema order, which is also the order of a source row (exec/plan.h).
 *
 * Threads: the catalog belongs to the engine, which serialises statements;
 * readers outside the engine's lock copy what they need.
 */
#ifndef SL_PLANNER_CATALOG_H
#define SL_PLANNER_CATALOG_H

#include "common/arena.h"
#include "common/error.h"
#include "exec/serde.h"
#include "exec/types.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sl_colrole {
    SL_COLROLE_KEY,
    SL_COLROLE_VALUE,
    SL_COLROLE_HEADERS, /* all headers: ARRAY<STRUCT<KEY STRING, VALUE BYTES>> */
    SL_COLROLE_HEADER,  /* one header's value (BYTES) */
} sl_colrole;

typedef struct sl_column {
    const char *name;
    const sl_type *type;
    sl_colrole role;
    const char *header; /* HEADER('k'): k */
} sl_column;

/* A side (key or value) of a source's records: its format and format properties. */
typedef struct sl_fmtspec {
    sl_serde_format format;
    sl_serde_props props; /* props.topic is set to the source's topic */
} sl_fmtspec;

typedef struct sl_source {
    sl_arena *ar;          /* owns the source */
    const char *name;
    bool is_table;
    bool is_source;        /* CREATE SOURCE STREAM|TABLE: read-only */
    sl_column *cols;
    uint32_t ncols, nkey;  /* key columns are cols[0..nkey) */
    const char *topic;
    sl_fmtspec key, value;
    int32_t partitions;
    int16_t replicas;
    const char *ts_col;    /* TIMESTAMP column, or NULL: the record's timestamp */
    const char *ts_format; /* TIMESTAMP_FORMAT, or NULL */
    bool windowed;         /* keys carry windows (a windowed aggregation's output) */
    sl_serde_window window;
    int64_t watermark_ms;  /* WATERMARK FOR col AS col - INTERVAL: allowed lateness; -1: none */
    const char *sql;       /* the statement that created it */
    const char *owner;     /* the query that writes it (CSAS/CTAS), or NULL */
} sl_source;

typedef struct sl_catquery {
    char *id;
    char *sql;
    char *sink;       /* the source it writes */
    char **sources;   /* the sources it reads */
    uint32_t nsources;
    bool is_insert;   /* INSERT INTO ... SELECT */
} sl_catquery;

typedef struct sl_catalog sl_catalog;

sl_catalog *sl_catalog_new(void);
void sl_catalog_free(sl_catalog *cat);

/* The source named name (exact, canonical case), or NULL. */
const sl_source *sl_catalog_source(const sl_catalog *cat, const char *name);
/* Adds src (the catalog takes ownership); replaces a source of the same name when
 * replace is set (the old one is freed). */
void sl_catalog_put_source(sl_catalog *cat, sl_source *src, bool replace);
/* Removes and frees the source. */
void sl_catalog_drop_source(sl_catalog *cat, const char *name);
/* Every source, sorted by name. */
const sl_source *const *sl_catalog_sources(const sl_catalog *cat, uint32_t *n);

/* A new empty source with its own arena; fill it, then sl_catalog_put_source. */
sl_source *sl_source_new(const char *name, bool is_table);
void sl_source_free(sl_source *src);
/* Index of the column named name, or -1. */
int sl_source_col(const sl_source *src, const char *name);

/* Custom types (CREATE TYPE); the type is copied into the catalog. */
const sl_type *sl_catalog_type(const sl_catalog *cat, const char *name);
void sl_catalog_put_type(sl_catalog *cat, const char *name, const sl_type *t);
bool sl_catalog_drop_type(sl_catalog *cat, const char *name);
/* Every type name, sorted; types in the same order via sl_catalog_type. */
const char *const *sl_catalog_type_names(const sl_catalog *cat, uint32_t *n);

/* Queries. put copies q's strings. */
void sl_catalog_put_query(sl_catalog *cat, const sl_catquery *q);
const sl_catquery *sl_catalog_query(const sl_catalog *cat, const char *id);
void sl_catalog_drop_query(sl_catalog *cat, const char *id);
const sl_catquery *const *sl_catalog_queries(const sl_catalog *cat, uint32_t *n);
/* Ids of the queries reading (readers) or writing (writers) a source; *n set. Result
 * is malloc'd (free it); ids point into the catalog. */
const char **sl_catalog_query_users(const sl_catalog *cat, const char *source, bool writers,
                                    uint32_t *n);

/* The next query id number (ksqlDB's CSAS_<SINK>_<n>): increases by one per persistent
 * statement. */
uint64_t sl_catalog_next_query_seq(sl_catalog *cat);
/* Records that sequence number n is taken (a replayed query id), so later ids are larger. */
void sl_catalog_seen_query_seq(sl_catalog *cat, uint64_t n);

#endif
