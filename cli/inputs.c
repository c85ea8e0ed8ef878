/*
 * inputs.c - turns the files given to `sluice check` / `sluice fmt` into statement inputs.
 *
 *   .sql   split into statements with sl_parse_split (no parsing); a last statement
 *          without ';' is an input too
 *   .json  a ksqlDB query-validation-test file: {"tests": [{"name", "statements": [...],
 *          "expectedException": {"type", "message"}}]}. The files carry // comments, which
 *          are stripped outside strings before jansson reads them.
 *   dir    its *.sql and *.json files, sorted
 */
#include "cli/cli.h"

#include "common/buf.h"
#include "common/mem.h"
#include "parser/parser.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static sl_cli_input *push(sl_arena *ar, sl_cli_input_list *l)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 64;
        sl_cli_input *v = sl_arena_alloc(ar, cap * sizeof *v);
        if (l->n) memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    sl_cli_input *in = &l->v[l->n++];
    memset(in, 0, sizeof *in);
    return in;
}

sl_error *sl_cli_file_read(sl_arena *ar, const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return sl_error_new(SL_E_IO, "%s: %s", path, strerror(errno));
    sl_buf b = SL_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sl_buf_append(&b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        sl_buf_free(&b);
        return sl_error_new(SL_E_IO, "%s: read error", path);
    }
    *len = b.len;
    *data = sl_arena_memdup(ar, sl_buf_cstr(&b), b.len + 1);
    sl_buf_free(&b);
    return NULL;
}

static void load_sql(sl_arena *ar, const char *text, size_t len, sl_cli_input_list *out)
{
    sl_span_list spans = {0};
    size_t rest = sl_parse_split(ar, text, len, &spans);
    for (uint32_t i = 0; i < spans.n; i++) {
        sl_cli_input *in = push(ar, out);
        *in = (sl_cli_input){text + spans.v[i].off, spans.v[i].len, (int)spans.v[i].line,
                             (int)spans.v[i].col};
        in->test_file = true;
    }
    if (rest == len) return;
    /* The last statement has no ';' (or is cut short): it is an input too. */
    sl_pos at = {0, 1, 1};
    sl_parse_pos_advance(&at, text, rest);
    sl_cli_input *in = push(ar, out);
    *in = (sl_cli_input){text + rest, len - rest, (int)at.line, (int)at.col};
    in->test_file = true;
}

/* Blanks // comments outside JSON strings (in place; offsets and lines are kept). */
static void strip_json_comments(char *s, size_t n)
{
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        if (in_str) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_str = false;
        } else if (s[i] == '"') {
            in_str = true;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n')
                s[i++] = ' ';
        }
    }
}

/* Whether a QTT expectedException says ksqlDB rejects the statements while parsing. */
sl_error *sl_cli_json_load(const char *path, json_t **out)
{
    sl_arena *ar = sl_arena_new(0);
    char *text;
    size_t len;
    sl_error *err = sl_cli_file_read(ar, path, &text, &len);
    if (!err) {
        strip_json_comments(text, len);
        json_error_t jerr;
        *out = json_loadb(text, len, 0, &jerr);
        if (!*out)
            err = sl_error_new(SL_E_BAD_REQUEST, "%s:%d:%d: invalid JSON: %s", path, jerr.line,
                               jerr.column, jerr.text);
    }
    sl_arena_free(ar);
    return err;
}

static bool expects_parse_error(json_t *test)
{
    json_t *exc = json_object_get(test, "expectedException");
    if (!exc) exc = json_object_get(test, "expectedError"); /* the REST tests' spelling */
    if (!json_is_object(exc)) return false;
    const char *type = json_string_value(json_object_get(exc, "type"));
    const char *msg = json_string_value(json_object_get(exc, "message"));
    return (type && strstr(type, "ParseFailedException")) ||
           (msg && (strstr(msg, "Syntax Error") || strstr(msg, "Syntax error")));
}

static sl_error *load_qtt(sl_arena *ar, const char *path, char *text, size_t len,
                          sl_cli_input_list *out)
{
    strip_json_comments(text, len);
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!root)
        return sl_error_new(SL_E_BAD_REQUEST, "%s:%d:%d: %s", path, jerr.line, jerr.column,
                            jerr.text);
    json_t *tests = json_object_get(root, "tests");
    if (!json_is_array(tests)) {
        json_decref(root);
        return sl_error_new(SL_E_BAD_REQUEST, "%s: no \"tests\" array", path);
    }
    size_t i, j;
    json_t *test, *stmt;
    json_array_foreach(tests, i, test)
    {
        const char *name = json_string_value(json_object_get(test, "name"));
        bool expect = expects_parse_error(test);
        json_array_foreach(json_object_get(test, "statements"), j, stmt)
        {
            if (!json_is_string(stmt)) continue;
            sl_cli_input *in = push(ar, out);
            in->len = json_string_length(stmt);
            in->text = sl_arena_memdup(ar, json_string_value(stmt), in->len + 1);
            in->line = in->col = 1;
            in->test = sl_arena_strdup(ar, name ? name : "?");
            in->index = (int)j + 1;
            in->expect_parse_error = expect;
        }
    }
    json_decref(root);
    return NULL;
}

sl_error *sl_cli_inputs_load(sl_arena *ar, const char *path, sl_cli_input_list *out)
{
    char *text;
    size_t len;
    sl_error *err = sl_cli_file_read(ar, path, &text, &len);
    if (err) return err;
    size_t pl = strlen(path);
    if (pl > 5 && strcmp(path + pl - 5, ".json") == 0) return load_qtt(ar, path, text, len, out);
    load_sql(ar, text, len, out);
    return NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool wanted(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 4 && strcmp(name + n - 4, ".sql") == 0) ||
                              (n > 5 && strcmp(name + n - 5, ".json") == 0));
}

sl_error *sl_cli_paths_expand(sl_arena *ar, int argc, char **argv, const char ***paths, size_t *n)
{
    size_t cap = (size_t)argc + 16, k = 0;
    const char **v = sl_malloc(cap * sizeof *v);
    for (int i = 0; i < argc; i++) {
        struct stat st;
        DIR *d = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? opendir(argv[i]) : NULL;
        if (!d) {
            SL_GROW(v, cap, k + 1);
            v[k++] = argv[i];
            continue;
        }
        size_t first = k;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!wanted(e->d_name)) continue;
            SL_GROW(v, cap, k + 1);
            v[k++] = sl_arena_printf(ar, "%s/%s", argv[i], e->d_name);
        }
        closedir(d);
        qsort(v + first, k - first, sizeof *v, cmp_str);
    }
    *paths = sl_arena_memdup(ar, v, k * sizeof *v);
    *n = k;
    free(v);
    return NULL;
}
