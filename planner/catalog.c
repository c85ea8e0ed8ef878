/*
 * catalog.c - sources, types and queries (see catalog.h). Small sorted
 * arrays: catalogs hold tens to thousands of entries and are read far more
 * than written.
 */
#include "planner/catalog.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct named_type {
    char *name;
    sl_arena *ar;
    const sl_type *type;
} named_type;

struct sl_catalog {
    sl_source **sources;
    size_t nsources, capsources;
    named_type *types;
    size_t ntypes, captypes;
    const char **type_names;
    sl_catquery **queries;
    size_t nqueries, capqueries;
    uint64_t query_seq;
};

sl_catalog *sl_catalog_new(void)
{
    return sl_calloc(1, sizeof(sl_catalog));
}

static void free_query(sl_catquery *q)
{
    free(q->id);
    free(q->sql);
    free(q->sink);
    for (uint32_t i = 0; i < q->nsources; i++) free(q->sources[i]);
    free(q->sources);
    free(q);
}

void sl_catalog_free(sl_catalog *cat)
{
    if (!cat) return;
    for (size_t i = 0; i < cat->nsources; i++) sl_source_free(cat->sources[i]);
    for (size_t i = 0; i < cat->ntypes; i++) {
        free(cat->types[i].name);
        sl_arena_free(cat->types[i].ar);
    }
    for (size_t i = 0; i < cat->nqueries; i++) free_query(cat->queries[i]);
    free(cat->sources);
    free(cat->types);
    free(cat->type_names);
    free(cat->queries);
    free(cat);
}

sl_source *sl_source_new(const char *name, bool is_table)
{
    sl_arena *ar = sl_arena_new(4096);
    sl_source *src = SL_ARENA_NEW(ar, sl_source);
    src->ar = ar;
    src->name = sl_arena_strdup(ar, name);
    src->is_table = is_table;
    src->watermark_ms = -1;
    src->partitions = 1;
    src->replicas = 1;
    return src;
}

void sl_source_free(sl_source *src)
{
    if (src) sl_arena_free(src->ar);
}

int sl_source_col(const sl_source *src, const char *name)
{
    for (uint32_t i = 0; i < src->ncols; i++)
        if (strcmp(src->cols[i].name, name) == 0) return (int)i;
    return -1;
}

/* Binary search: index of name, or of where it would go (and *found false). */
static size_t find_source(const sl_catalog *cat, const char *name, bool *found)
{
    size_t lo = 0, hi = cat->nsources;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(cat->sources[mid]->name, name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    *found = false;
    return lo;
}

const sl_source *sl_catalog_source(const sl_catalog *cat, const char *name)
{
    bool found;
    size_t i = find_source(cat, name, &found);
    return found ? cat->sources[i] : NULL;
}

void sl_catalog_put_source(sl_catalog *cat, sl_source *src, bool replace)
{
    bool found;
    size_t i = find_source(cat, src->name, &found);
    if (found) {
        (void)replace;
        sl_source_free(cat->sources[i]);
        cat->sources[i] = src;
        return;
    }
    SL_GROW(cat->sources, cat->capsources, cat->nsources + 1);
    memmove(&cat->sources[i + 1], &cat->sources[i], (cat->nsources - i) * sizeof *cat->sources);
    cat->sources[i] = src;
    cat->nsources++;
}

void sl_catalog_drop_source(sl_catalog *cat, const char *name)
{
    bool found;
    size_t i = find_source(cat, name, &found);
    if (!found) return;
    sl_source_free(cat->sources[i]);
    memmove(&cat->sources[i], &cat->sources[i + 1], (cat->nsources - i - 1) * sizeof *cat->sources);
    cat->nsources--;
}

const sl_source *const *sl_catalog_sources(const sl_catalog *cat, uint32_t *n)
{
    *n = (uint32_t)cat->nsources;
    return (const sl_source *const *)cat->sources;
}

static named_type *find_type(const sl_catalog *cat, const char *name)
{
    for (size_t i = 0; i < cat->ntypes; i++)
        if (strcmp(cat->types[i].name, name) == 0) return &cat->types[i];
    return NULL;
}

const sl_type *sl_catalog_type(const sl_catalog *cat, const char *name)
{
    named_type *t = find_type(cat, name);
    return t ? t->type : NULL;
}

static int cmp_named(const void *a, const void *b)
{
    return strcmp(((const named_type *)a)->name, ((const named_type *)b)->name);
}

void sl_catalog_put_type(sl_catalog *cat, const char *name, const sl_type *t)
{
    named_type *old = find_type(cat, name);
    sl_arena *ar = sl_arena_new(1024);
    const sl_type *copy = sl_type_copy(ar, t);
    if (old) {
        sl_arena_free(old->ar);
        old->ar = ar;
        old->type = copy;
        return;
    }
    SL_GROW(cat->types, cat->captypes, cat->ntypes + 1);
    cat->types[cat->ntypes++] = (named_type){sl_strdup(name), ar, copy};
    qsort(cat->types, cat->ntypes, sizeof *cat->types, cmp_named);
}

bool sl_catalog_drop_type(sl_catalog *cat, const char *name)
{
    named_type *t = find_type(cat, name);
    if (!t) return false;
    free(t->name);
    sl_arena_free(t->ar);
    size_t i = (size_t)(t - cat->types);
    memmove(t, t + 1, (cat->ntypes - i - 1) * sizeof *t);
    cat->ntypes--;
    return true;
}

const char *const *sl_catalog_type_names(const sl_catalog *cat, uint32_t *n)
{
    sl_catalog *c = (sl_catalog *)cat;
    free(c->type_names);
    c->type_names = sl_calloc(c->ntypes + 1, sizeof *c->type_names);
    for (size_t i = 0; i < c->ntypes; i++) c->type_names[i] = c->types[i].name;
    *n = (uint32_t)c->ntypes;
    return c->type_names;
}

void sl_catalog_put_query(sl_catalog *cat, const sl_catquery *q)
{
    sl_catquery *c = sl_calloc(1, sizeof *c);
    c->id = sl_strdup(q->id);
    c->sql = sl_strdup(q->sql ? q->sql : "");
    c->sink = q->sink ? sl_strdup(q->sink) : NULL;
    c->is_insert = q->is_insert;
    c->nsources = q->nsources;
    c->sources = sl_calloc(q->nsources + 1, sizeof *c->sources);
    for (uint32_t i = 0; i < q->nsources; i++) c->sources[i] = sl_strdup(q->sources[i]);
    SL_GROW(cat->queries, cat->capqueries, cat->nqueries + 1);
    cat->queries[cat->nqueries++] = c;
}

const sl_catquery *sl_catalog_query(const sl_catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->nqueries; i++)
        if (strcmp(cat->queries[i]->id, id) == 0) return cat->queries[i];
    return NULL;
}

void sl_catalog_drop_query(sl_catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->nqueries; i++) {
        if (strcmp(cat->queries[i]->id, id) != 0) continue;
        free_query(cat->queries[i]);
        memmove(&cat->queries[i], &cat->queries[i + 1],
                (cat->nqueries - i - 1) * sizeof *cat->queries);
        cat->nqueries--;
        return;
    }
}

const sl_catquery *const *sl_catalog_queries(const sl_catalog *cat, uint32_t *n)
{
    *n = (uint32_t)cat->nqueries;
    return (const sl_catquery *const *)cat->queries;
}

const char **sl_catalog_query_users(const sl_catalog *cat, const char *source, bool writers,
                                    uint32_t *n)
{
    const char **ids = sl_calloc(cat->nqueries + 1, sizeof *ids);
    uint32_t k = 0;
    for (size_t i = 0; i < cat->nqueries; i++) {
        const sl_catquery *q = cat->queries[i];
        bool hit = false;
        if (writers) hit = q->sink && strcmp(q->sink, source) == 0;
        else
            for (uint32_t s = 0; s < q->nsources && !hit; s++)
                hit = strcmp(q->sources[s], source) == 0;
        if (hit) ids[k++] = q->id;
    }
    *n = k;
    return ids;
}

uint64_t sl_catalog_next_query_seq(sl_catalog *cat)
{
    return cat->query_seq++;
}

void sl_catalog_seen_query_seq(sl_catalog *cat, uint64_t n)
{
    if (cat->query_seq <= n) cat->query_seq = n + 1;
}
