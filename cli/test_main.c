/*
 * test_main.c - `sluice test`: runs ksqlDB's QTT test files against sluice.
 *
 *   sluice test [--filter REGEX] [--jobs N] [--verbose] [--expect LIST] [--record FILE]
 *               FILE|DIR...
 *
 * FILE is a ksqlDB QTT .json file, an RQTT .json file (cases with "responses": each runs
 * against a real sluiced, see rqtt.h), or a ksqlDB SQL test file (.sql with --@test:
 * blocks, INSERT VALUES and ASSERT statements; see sqltest.c).
 *
 * RQTT options: --server URL runs the cases one at a time against a running server (whose
 * queries, sources and topics are dropped before each case: give it a scratch server);
 * without it each case starts its own sluiced (--sluiced PATH, else $SLUICED, else the one
 * beside this program). --query-timeout S ends a query's answer that has not ended (a push
 * query without LIMIT) after S seconds (10).
 *
 * Every case runs in its own child process (a crash or a hang fails that case
 * only; a case has --timeout seconds), N at a time. Failing cases print the
 * file, the test name and EXPECTED vs ACTUAL. The last line is
 * `N passed, M failed, K skipped`. The exit status is 1 when any case fails,
 * or, with --expect LIST (case ids, one per line: "file/test name"), when any
 * listed case fails — the conformance gate: the list holds the cases known to
 * pass and only grows. --record FILE writes the ids of the passing cases.
 */
#include "cli/cli.h"
#include "cli/qtt.h"
#include "cli/rqtt.h"
#include "common/mem.h"

#include <errno.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct opts {
    regex_t filter;
    bool has_filter, verbose;
    int jobs, timeout_s;
    const char *expect, *record;
    rqtt_opts rqtt;
} opts;

static const rqtt_opts *run_rqtt; /* the RQTT options, for the case children */

typedef struct slot {
    pid_t pid;
    int fd;
    size_t idx;
    sl_buf out;
    time_t started;
} slot;

typedef struct results {
    qtt_outcome *outcome;
    char **why;
} results;

static char *case_id(const qtt_case *c)
{
    char *id = sl_malloc(strlen(c->file) + strlen(c->name) + 2);
    sprintf(id, "%s/%s", c->file, c->name);
    return id;
}

static void run_child(const qtt_case *c, int fd)
{
    sl_buf why = SL_BUF_INIT;
    qtt_outcome o = c->rqtt ? rqtt_run_case(c, run_rqtt, &why) : qtt_run_case(c, &why);
    char tag = o == QTT_PASS ? 'P' : o == QTT_SKIP ? 'S' : 'F';
    ssize_t w = write(fd, &tag, 1);
    if (w == 1 && why.len) w = write(fd, why.p, why.len);
    (void)w;
    sl_buf_free(&why);
    _exit(0);
}

static void start(slot *s, const qtt_case *c, size_t idx)
{
    int p[2];
    if (pipe(p) != 0) return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        run_child(c, p[1]);
    }
    close(p[1]);
    s->pid = pid;
    s->fd = p[0];
    s->idx = idx;
    s->started = time(NULL);
    sl_buf_reset(&s->out);
}

static void finish(slot *s, results *res, bool timed_out)
{
    int status = 0;
    if (timed_out) kill(s->pid, SIGKILL);
    waitpid(s->pid, &status, 0);
    close(s->fd);
    const char *o = sl_buf_cstr(&s->out);
    if (timed_out) {
        res->outcome[s->idx] = QTT_FAIL;
        res->why[s->idx] = sl_strdup("timed out");
    } else if (!s->out.len) {
        res->outcome[s->idx] = QTT_FAIL;
        char buf[64];
        snprintf(buf, sizeof buf, "crashed (status %d)", status);
        res->why[s->idx] = sl_strdup(buf);
    } else {
        res->outcome[s->idx] = o[0] == 'P' ? QTT_PASS : o[0] == 'S' ? QTT_SKIP : QTT_FAIL;
        res->why[s->idx] = sl_strdup(o + 1);
    }
    s->pid = 0;
}

/* Runs cases[0..n) jobs at a time in child processes. */
static void run_all(const opts *o, qtt_case *cases, size_t n, results *res)
{
    slot *slots = sl_calloc((size_t)o->jobs, sizeof *slots);
    size_t next = 0, done = 0;
    while (done < n) {
        for (int j = 0; j < o->jobs && next < n; j++)
            if (!slots[j].pid) start(&slots[j], &cases[next], next), next++;
        struct pollfd pf[64];
        int np = 0;
        for (int j = 0; j < o->jobs; j++)
            if (slots[j].pid) pf[np++] = (struct pollfd){slots[j].fd, POLLIN, 0};
        poll(pf, (nfds_t)np, 200);
        for (int j = 0; j < o->jobs; j++) {
            slot *s = &slots[j];
            if (!s->pid) continue;
            char buf[4096];
            struct pollfd one = {s->fd, POLLIN, 0};
            if (poll(&one, 1, 0) > 0) {
                ssize_t r = read(s->fd, buf, sizeof buf);
                if (r > 0) {
                    sl_buf_append(&s->out, buf, (size_t)r);
                    continue;
                }
                finish(s, res, false);
                done++;
            } else if (time(NULL) - s->started > o->timeout_s) {
                finish(s, res, true);
                done++;
            }
        }
    }
    for (int j = 0; j < o->jobs; j++) sl_buf_free(&slots[j].out);
    free(slots);
}

static void load_cases(sl_arena *ar, const char *path, qtt_case **cases, size_t *n, size_t *cap)
{
    json_t *doc;
    sl_error *err = sl_cli_json_load(path, &doc);
    if (err) {
        fprintf(stderr, "sluice test: %s\n", err->msg);
        sl_error_free(err);
        return;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    json_t *tests = json_object_get(doc, "tests"), *t;
    size_t i, first = *n;
    json_array_foreach(tests, i, t) qtt_expand(sl_arena_strdup(ar, base), json_incref(t), cases, n, cap);
    bool rqtt = rqtt_is_file(tests);
    for (size_t k = first; k < *n; k++) (*cases)[k].rqtt = rqtt;
    json_decref(doc);
}

static bool listed(char **list, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], id) == 0) return true;
    return false;
}

static char **read_list(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char **list = NULL, *line = NULL;
    size_t cap = 0, lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (!len || line[0] == '#') continue;
        SL_GROW(list, cap, *n + 1);
        list[(*n)++] = sl_strdup(line);
    }
    free(line);
    fclose(f);
    return list;
}

/* Options may come before or after the files; the files are moved to argv[0..*nfiles). */
static int parse_opts(int argc, char **argv, opts *o, int *nfiles)
{
    o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (o->jobs < 1) o->jobs = 1;
    if (o->jobs > 32) o->jobs = 32;
    o->timeout_s = 60;
    int nf = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0) argv[nf++] = argv[i];
        else if (strcmp(a, "--verbose") == 0) o->verbose = true;
        else if (i + 1 < argc && strcmp(a, "--filter") == 0) {
            if (regcomp(&o->filter, argv[++i], REG_EXTENDED | REG_NOSUB) != 0) return 2;
            o->has_filter = true;
        } else if (i + 1 < argc && strcmp(a, "--jobs") == 0) o->jobs = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(a, "--timeout") == 0) o->timeout_s = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(a, "--expect") == 0) o->expect = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--record") == 0) o->record = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--server") == 0) o->rqtt.server = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--sluiced") == 0) o->rqtt.sluiced = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--query-timeout") == 0)
            o->rqtt.query_timeout_s = atoi(argv[++i]);
        else {
            fprintf(stderr, "sluice test: unknown option %s\n", a);
            return 2;
        }
    }
    if (o->jobs < 1 || o->jobs > 64) o->jobs = 1;
    if (o->rqtt.server) o->jobs = 1; /* one shared server: one case at a time */
    if (o->rqtt.query_timeout_s <= 0) o->rqtt.query_timeout_s = 10;
    *nfiles = nf;
    return 0;
}

int sl_cli_sqltest_file(const char *path, const char *filter_id, int *passed, int *failed,
                        void (*report)(const char *file, const char *name, bool ok, const char *why));

static bool sql_verbose;

static void sql_report(const char *file, const char *name, bool ok, const char *why)
{
    if (!ok) printf("FAIL %s: %s\n%s\n\n", file, name, why);
    else if (sql_verbose) printf("PASS %s/%s\n", file, name);
}

static int report(const opts *o, qtt_case *cases, size_t n, results *res, int sql_passed,
                  int sql_failed)
{
    size_t np = (size_t)sql_passed, nf = (size_t)sql_failed, ns = 0, nlisted_failed = 0, nlist = 0;
    char **list = o->expect ? read_list(o->expect, &nlist) : NULL;
    FILE *rec = o->record ? fopen(o->record, "w") : NULL;
    for (size_t i = 0; i < n; i++) {
        char *id = case_id(&cases[i]);
        qtt_outcome oc = res->outcome[i];
        if (oc == QTT_PASS) np++;
        else if (oc == QTT_SKIP) ns++;
        else nf++;
        bool is_listed = list && listed(list, nlist, id);
        if (oc == QTT_PASS && rec) fprintf(rec, "%s\n", id);
        if (oc == QTT_FAIL && (!list || is_listed || o->verbose)) {
            printf("FAIL %s: %s%s\n%s\n\n", cases[i].file, cases[i].name, is_listed ? " (listed)" : "", res->why[i]);
        } else if (o->verbose) {
            printf("%s %s\n", oc == QTT_PASS ? "PASS" : "SKIP", id);
        }
        if (oc != QTT_PASS && is_listed) nlisted_failed++;
        free(id);
    }
    if (rec) fclose(rec);
    printf("%zu passed, %zu failed, %zu skipped\n", np, nf, ns);
    if (list) {
        printf("conformance list %s: %zu cases, %zu failed\n", o->expect, nlist, nlisted_failed);
        for (size_t i = 0; i < nlist; i++) free(list[i]);
        free(list);
        return nlisted_failed ? 1 : 0;
    }
    return nf ? 1 : 0;
}

int sl_cli_test_run(int argc, char **argv)
{
    opts o = {0};
    int nfiles;
    if (parse_opts(argc, argv, &o, &nfiles)) return 2;
    run_rqtt = &o.rqtt;
    sl_arena *ar = sl_arena_new(0);
    const char **paths;
    size_t npaths;
    sl_error *err = sl_cli_paths_expand(ar, nfiles, argv, &paths, &npaths);
    if (err) {
        fprintf(stderr, "sluice test: %s\n", err->msg);
        return 2;
    }
    qtt_case *all = NULL;
    size_t n = 0, cap = 0;
    int sql_passed = 0, sql_failed = 0;
    sql_verbose = o.verbose;
    for (size_t i = 0; i < npaths; i++) {
        size_t len = strlen(paths[i]);
        if (len > 4 && strcmp(paths[i] + len - 4, ".sql") == 0)
            sl_cli_sqltest_file(paths[i], NULL, &sql_passed, &sql_failed, sql_report);
        else load_cases(ar, paths[i], &all, &n, &cap);
    }
    qtt_case *cases = sl_calloc(n + 1, sizeof *cases);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        char *id = case_id(&all[i]);
        bool keep = !o.has_filter || regexec(&o.filter, id, 0, NULL, 0) == 0;
        free(id);
        if (keep) cases[m++] = all[i];
    }
    results res = {sl_calloc(m + 1, sizeof(qtt_outcome)), sl_calloc(m + 1, sizeof(char *))};
    signal(SIGPIPE, SIG_IGN);
    run_all(&o, cases, m, &res);
    int rc = report(&o, cases, m, &res, sql_passed, sql_failed);
    for (size_t i = 0; i < m; i++) free(res.why[i]);
    free(res.outcome);
    free(res.why);
    free(cases);
    if (o.has_filter) regfree(&o.filter);
    for (size_t i = 0; i < n; i++) {
        json_decref(all[i].test);
        free(all[i].name);
    }
    free(all);
    sl_arena_free(ar);
    return rc;
}
