/*
 * verify_opts.c - the command line of `sluice verify`: one table of options, each with the
 * function that stores its argument. `--name value` and `--name=value` both work; repeated
 * options (--input, --ts-column) accumulate, others keep their last value. What needs every
 * option (exactly one batch query, at least one input) is checked once at the end.
 */
#include "cli/cli.h"
#include "cli/verify.h"
#include "common/mem.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char sl_verify_usage[] =
    "--pipeline FILE --input SOURCE=FILE... (--batch SQL | --batch-file FILE)\n"
    "       [--result NAME] [--key COL,...] [--window-column COL] [--ts-column [SOURCE=]COL]\n"
    "       [--tolerance X] [--max-mismatch-rate X] [--json FILE] [--sample N]\n"
    "       [--data-dir DIR]";

typedef sl_error *(*opt_set_fn)(sl_arena *ar, sl_verify_opts *o, const char *arg);

typedef struct opt {
    const char *name;
    bool has_arg;
    opt_set_fn set;
} opt;

static sl_error *bad(const char *fmt, const char *what)
{
    return sl_error_new(SL_E_BAD_REQUEST, fmt, what);
}

/* Splits "NAME=VALUE" into its halves (both non-empty); false when it has no '='. */
static bool split_eq(sl_arena *ar, const char *arg, const char **name, const char **value)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) return false;
    *name = sl_arena_strndup(ar, arg, (size_t)(eq - arg));
    *value = eq + 1;
    return true;
}

static sl_error *set_pipeline(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    o->pipeline = arg;
    return NULL;
}

static sl_error *set_input(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    sl_verify_input in;
    if (!split_eq(ar, arg, &in.source, &in.path))
        return bad("--input takes SOURCE=FILE, got '%s'", arg);
    sl_verify_input *v = SL_ARENA_ARRAY(ar, sl_verify_input, o->ninputs + 1);
    if (o->ninputs) memcpy(v, o->inputs, o->ninputs * sizeof *v);
    v[o->ninputs++] = in;
    o->inputs = v;
    return NULL;
}

static sl_error *set_batch(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    o->batch_sql = arg;
    return NULL;
}

static sl_error *set_batch_file(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    o->batch_file = arg;
    return NULL;
}

static sl_error *set_result(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    o->result = arg;
    return NULL;
}

static sl_error *set_key(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    uint32_t n = 1;
    for (const char *p = arg; *p; p++)
        n += *p == ',';
    o->keys = SL_ARENA_ARRAY(ar, const char *, n);
    o->nkeys = 0;
    for (const char *p = arg;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0) return bad("--key takes column names separated by commas, got '%s'", arg);
        o->keys[o->nkeys++] = sl_arena_strndup(ar, p, len);
        if (!end) return NULL;
        p = end + 1;
    }
}

static sl_error *set_window_col(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    o->window_col = arg;
    return NULL;
}

static sl_error *set_data_dir(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    o->data_dir = arg;
    return NULL;
}

static sl_error *set_ts_col(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    sl_verify_tscol t = {NULL, arg};
    if (strchr(arg, '=') && !split_eq(ar, arg, &t.source, &t.col))
        return bad("--ts-column takes COL or SOURCE=COL, got '%s'", arg);
    sl_verify_tscol *v = SL_ARENA_ARRAY(ar, sl_verify_tscol, o->nts + 1);
    if (o->nts) memcpy(v, o->ts_cols, o->nts * sizeof *v);
    v[o->nts++] = t;
    o->ts_cols = v;
    return NULL;
}

/* A finite number >= 0 (and <= max when max >= 0). */
static sl_error *parse_number(const char *opt_name, const char *arg, double max, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(arg, &end);
    if (end == arg || *end || errno || !isfinite(d) || d < 0 || (max >= 0 && d > max))
        return sl_error_new(SL_E_BAD_REQUEST, "%s takes a number%s, got '%s'", opt_name,
                            max >= 0 ? " from 0 to 1" : " >= 0", arg);
    *out = d;
    return NULL;
}

static sl_error *set_tolerance(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    return parse_number("--tolerance", arg, -1, &o->tolerance);
}

static sl_error *set_max_rate(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    return parse_number("--max-mismatch-rate", arg, 1, &o->max_rate);
}

static sl_error *set_json(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    o->json_path = arg;
    return NULL;
}

static sl_error *set_sample(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar;
    char *end;
    errno = 0;
    long n = strtol(arg, &end, 10);
    if (end == arg || *end || errno || n < 0 || n > 100000)
        return bad("--sample takes a count from 0 to 100000, got '%s'", arg);
    o->sample = (uint32_t)n;
    return NULL;
}

static sl_error *set_help(sl_arena *ar, sl_verify_opts *o, const char *arg)
{
    (void)ar, (void)arg;
    o->help = true;
    return NULL;
}

static const opt options[] = {
    {"pipeline", true, set_pipeline},
    {"input", true, set_input},
    {"batch", true, set_batch},
    {"batch-file", true, set_batch_file},
    {"result", true, set_result},
    {"key", true, set_key},
    {"window-column", true, set_window_col},
    {"ts-column", true, set_ts_col},
    {"tolerance", true, set_tolerance},
    {"max-mismatch-rate", true, set_max_rate},
    {"json", true, set_json},
    {"sample", true, set_sample},
    {"data-dir", true, set_data_dir},
    {"help", false, set_help},
};

static const opt *find_opt(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

static sl_error *check_complete(const sl_verify_opts *o)
{
    if (o->help) return NULL;
    if (!o->pipeline) return bad("%s", "--pipeline FILE is required");
    if (!o->ninputs) return bad("%s", "at least one --input SOURCE=FILE is required");
    if (!o->batch_sql == !o->batch_file)
        return bad("%s",
                   "give the batch query with exactly one of --batch SQL or --batch-file FILE");
    return NULL;
}

sl_error *sl_verify_opts_parse(sl_arena *ar, int argc, char **argv, sl_verify_opts *o)
{
    memset(o, 0, sizeof *o);
    o->tolerance = 1e-6;
    o->max_rate = 0.01;
    o->sample = 10;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) return bad("unexpected argument '%s'", a);
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        const opt *op = find_opt(a + 2, len);
        if (!op) return bad("unknown option '%s'", a);
        const char *arg = eq ? eq + 1 : NULL;
        if (op->has_arg && !arg) {
            if (i + 1 >= argc) return bad("%s needs a value", a);
            arg = argv[++i];
        }
        if (!op->has_arg && arg) return bad("--%s takes no value", op->name);
        sl_error *err = op->set(ar, o, arg);
        if (err) return err;
    }
    return check_complete(o);
}
