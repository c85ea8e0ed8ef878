/*
 * harness.c - the in-process engine of the cli tools (see harness.h): a temp data dir, a
 * synchronous engine over it, and the topics a statement expects to exist.
 */
#include "cli/harness.h"
#include "parser/parser.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

sl_error *sl_cli_harness_open(sl_cli_harness *h, const char *service_id)
{
    memset(h, 0, sizeof *h);
    strcpy(h->dir, "/tmp/sluice-test-XXXXXX");
    if (!mkdtemp(h->dir)) {
        h->dir[0] = '\0';
        return sl_error_new(SL_E_IO, "cannot create a temp dir");
    }
    h->conf = sl_conf_new();
    sl_error *err = sl_conf_set(h->conf, "data.dir", h->dir);
    if (!err) err = sl_conf_set(h->conf, "service.id", service_id);
    if (err) return err;
    sl_engine_opts opts = {.conf = h->conf, .synchronous = true};
    return sl_engine_open(&opts, &h->eng);
}

void sl_cli_harness_close(sl_cli_harness *h)
{
    sl_engine_close(h->eng);
    sl_conf_free(h->conf);
    if (h->dir[0]) nftw(h->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    memset(h, 0, sizeof *h);
}

void sl_cli_harness_topic_create(sl_cli_harness *h, const char *name, int partitions)
{
    sl_topic_info info = {0};
    if (!name) return;
    sl_error *exists = sl_log_topic_describe(sl_engine_log(h->eng), name, &info);
    if (!exists) return; /* NULL: described, so it is there */
    sl_error_free(exists);
    snprintf(info.name, sizeof info.name, "%s", name);
    info.partitions = partitions > 0 ? partitions : 1;
    info.replicas = 1;
    info.retention_ms = -1;
    sl_error_free(sl_log_topic_create(sl_engine_log(h->eng), &info));
}

static const sl_ast_prop *find_prop(const sl_ast_stmt *st, const char *name)
{
    for (uint32_t i = 0; i < st->source.props.n; i++)
        if (strcmp(st->source.props.v[i].name.text, name) == 0) return &st->source.props.v[i];
    return NULL;
}

void sl_cli_harness_topic_for(sl_cli_harness *h, const char *text)
{
    sl_arena *ar = sl_arena_new(0);
    sl_ast_stmt *st;
    sl_error *err = sl_parse_statement(ar, text, strlen(text), NULL, &st);
    if (!err && st->kind == SL_STMT_CREATE_SOURCE) {
        const sl_ast_prop *topic = find_prop(st, "KAFKA_TOPIC");
        const sl_ast_prop *parts = find_prop(st, "PARTITIONS");
        int n = parts && parts->value->kind == SL_AST_LITERAL ? (int)parts->value->lit.i : 1;
        if (topic && topic->value->kind == SL_AST_LITERAL && topic->value->lit.text)
            sl_cli_harness_topic_create(h, topic->value->lit.text, n);
    }
    sl_error_free(err);
    sl_arena_free(ar);
}
