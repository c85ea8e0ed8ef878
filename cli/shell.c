/*
 * shell.c - sluice's interactive shell: start-up, the read loop over libedit,
 * Ctrl-C, output and the spool.
 *
 * Model: lines are read one at a time (libedit on a terminal, plain reads
 * otherwise) and appended to a pending buffer; every complete statement in it
 * (the parser's splitter decides where ';' ends one) runs at once, and the rest waits for
 * more lines under the continuation prompt. A line typed while nothing is
 * pending may be a local command (help, exit, spool ...), which needs no ';'.
 *
 * Ctrl-C: SIGINT only sets a flag (no SA_RESTART, so a blocking read returns
 * EINTR). While editing, our libedit read function turns the flag into a ^C
 * key bound to "sl-interrupt", which ends the line as cancelled: the pending
 * statement is dropped and a fresh prompt shown. While a query streams, the
 * REST client's tick sees the flag and stops the query. The flag is the one
 * piece of global state: a signal handler can reach nothing else.
 */
#include "cli/shell_int.h"
#include "common/arena.h"
#include "common/mem.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#define PROMPT      "sluice> "
#define PROMPT_MORE "      > "

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void sl_shell_signals_install(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

bool sl_shell_interrupt_take(void)
{
    bool was = interrupted;
    interrupted = 0;
    return was;
}

bool sl_shell_interrupt_pending(void)
{
    return interrupted;
}

int sl_shell_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    const char *c = getenv("COLUMNS");
    int w = c ? atoi(c) : 0;
    return w > 0 ? w : 80;
}

/* ---- output ---- */

void sl_shell_out(sl_shell *sh, const char *s, size_t n)
{
    fwrite(s, 1, n, stdout);
    fflush(stdout);
    if (sh->spool) fwrite(s, 1, n, sh->spool);
}

void sl_shell_outbuf(sl_shell *sh, const sl_buf *b)
{
    sl_shell_out(sh, sl_buf_cstr(b), b->len);
}

void sl_shell_printf(sl_shell *sh, const char *fmt, ...)
{
    sl_buf b = SL_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sl_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    sl_shell_outbuf(sh, &b);
    sl_buf_free(&b);
}

void sl_shell_errbuf(sl_shell *sh, const sl_buf *b)
{
    fflush(stdout);
    fwrite(sl_buf_cstr(b), 1, b->len, stderr);
    if (sh->spool) fwrite(sl_buf_cstr(b), 1, b->len, sh->spool);
}

void sl_shell_error(sl_shell *sh, const sl_error *err)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "ERROR: %s\n", err->msg);
    if (err->detail) sl_buf_printf(&b, "%s\n", err->detail);
    if (err->hint) sl_buf_printf(&b, "hint: %s\n", err->hint);
    sl_shell_errbuf(sh, &b);
    sl_buf_free(&b);
}

/* ---- libedit ---- */

static char *prompt_fn(EditLine *el)
{
    sl_shell *sh;
    el_get(el, EL_CLIENTDATA, &sh);
    return (char *)sh->prompt;
}

/* Reads one character for libedit; a pending Ctrl-C becomes the ^C key. */
static int read_char(EditLine *el, wchar_t *wc)
{
    (void)el;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (;;) {
        char b;
        if (sl_shell_interrupt_pending()) {
            *wc = 3;
            return 1;
        }
        ssize_t r = read(STDIN_FILENO, &b, 1);
        if (r < 0 && errno == EINTR) {
            if (!sl_shell_interrupt_pending()) continue;
            *wc = 3;
            return 1;
        }
        if (r <= 0) return (int)r;
        size_t k = mbrtowc(wc, &b, 1, &st);
        if (k == (size_t)-2) continue;
        if (k == (size_t)-1) *wc = (unsigned char)b;
        return 1;
    }
}

static unsigned char on_ctrl_c(EditLine *el, int ch)
{
    (void)el, (void)ch;
    interrupted = 1; /* typed ^C in a terminal without ISIG: same thing */
    return CC_NEWLINE;
}

/* Length of the prefix (ASCII case-insensitive) that all candidates share. */
static size_t common_prefix(const json_t *cands)
{
    const char *first = json_string_value(json_array_get(cands, 0));
    size_t common = strlen(first);
    for (size_t i = 1; i < json_array_size(cands); i++) {
        const char *c = json_string_value(json_array_get(cands, i));
        size_t j = 0;
        while (j < common && c[j] &&
               tolower((unsigned char)c[j]) == tolower((unsigned char)first[j]))
            j++;
        common = j;
    }
    return common;
}

/* Tab: one candidate is completed (and a space added); several are extended
 * to what they share, or listed when they share no more than what is typed. */
static unsigned char on_tab(EditLine *el, int ch)
{
    (void)ch;
    sl_shell *sh;
    el_get(el, EL_CLIENTDATA, &sh);
    const LineInfo *li = el_line(el);
    const char *start = li->cursor;
    while (start > li->buffer && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
        start--;
    size_t n = (size_t)(li->cursor - start);
    sl_complete_refresh(sh->comp, sh->rest, sh->props);
    json_t *cands = sl_complete_candidates(sh->comp, start, n);
    size_t k = json_array_size(cands);
    const char *first = json_string_value(json_array_get(cands, 0));
    unsigned char rc = k ? CC_REFRESH : CC_ERROR;
    size_t common = k ? common_prefix(cands) : 0;
    if (k == 1 || common > n) {
        sl_buf b = SL_BUF_INIT;
        sl_buf_append(&b, first + n, common - n);
        if (k == 1) sl_buf_putc(&b, ' ');
        el_insertstr(el, b.p);
        sl_buf_free(&b);
    } else if (k > 1) {
        fputc('\n', stdout);
        for (size_t i = 0; i < k; i++)
            printf("%s%s", json_string_value(json_array_get(cands, i)), i + 1 < k ? "  " : "\n");
        rc = CC_REDISPLAY;
    }
    json_decref(cands);
    return rc;
}

static void editor_init(sl_shell *sh)
{
    sh->el = el_init("sluice", stdin, stdout, stderr);
    sh->elh = history_init();
    HistEvent ev;
    history(sh->elh, &ev, H_SETSIZE, 1000);
    for (size_t i = 0; i < sl_history_count(sh->hist); i++)
        history(sh->elh, &ev, H_ENTER, sl_history_get(sh->hist, i));
    el_set(sh->el, EL_CLIENTDATA, sh);
    el_set(sh->el, EL_EDITOR, "emacs");
    el_set(sh->el, EL_SIGNAL, 0);
    el_set(sh->el, EL_PROMPT, prompt_fn);
    el_set(sh->el, EL_HIST, history, sh->elh);
    el_set(sh->el, EL_GETCFN, read_char);
    /* the wide call: libedit's narrow EL_ADDFN copies the names and never frees them */
    el_wset(sh->el, EL_ADDFN, L"sl-complete", L"complete keywords and names", on_tab);
    el_wset(sh->el, EL_ADDFN, L"sl-interrupt", L"drop the statement being typed", on_ctrl_c);
    el_set(sh->el, EL_BIND, "^I", "sl-complete", NULL);
    el_set(sh->el, EL_BIND, "^C", "sl-interrupt", NULL);
    el_source(sh->el, NULL); /* the user's ~/.editrc */
}

/* Reads a line (with its '\n' when there is one) into line. Returns false at
 * end of input; *cancelled when Ctrl-C ended it. */
static bool read_line(sl_shell *sh, sl_buf *line, bool *cancelled)
{
    sl_buf_reset(line);
    *cancelled = false;
    if (!sh->el) {
        int c;
        while ((c = getchar()) != EOF) {
            sl_buf_putc(line, (char)c);
            if (c == '\n') break;
        }
        return line->len > 0;
    }
    el_resize(sh->el);
    sl_shell_interrupt_take(); /* a Ctrl-C that stopped a query is spent */
    sh->stopped = false;
    int count = 0;
    const char *s = el_gets(sh->el, &count);
    if (sl_shell_interrupt_take()) {
        *cancelled = true;
        return true;
    }
    if (!s || count <= 0) return false;
    sl_buf_append(line, s, (size_t)count);
    return true;
}

/* ---- the loop ---- */

static void remember(sl_shell *sh, const char *text, size_t len)
{
    if (!sh->interactive) return;
    sl_buf flat = SL_BUF_INIT;
    sl_history_line(text, len, &flat);
    sl_error *err = NULL;
    if (flat.len && sl_history_add(sh->hist, flat.p, &err)) {
        HistEvent ev;
        history(sh->elh, &ev, H_ENTER, flat.p);
    }
    if (err) sl_shell_error(sh, err);
    sl_error_free(err);
    sl_buf_free(&flat);
}

/* Runs the complete statements of pending and keeps the unfinished rest. */
static void run_pending(sl_shell *sh, sl_buf *pending)
{
    sl_arena *ar = sl_arena_new(0);
    sl_span_list spans = {0};
    size_t rest = sl_parse_split(ar, pending->p, pending->len, &spans);
    for (uint32_t i = 0; i < spans.n && !sh->quit; i++) {
        const char *text = pending->p + spans.v[i].off;
        remember(sh, text, spans.v[i].len);
        if (!sl_shell_exec(sh, text, spans.v[i].len) && sh->stop_on_error) sh->quit = true;
    }
    size_t keep = sh->quit ? pending->len : rest;
    memmove(pending->p, pending->p + keep, pending->len - keep);
    pending->len -= keep;
    pending->p[pending->len] = '\0';
    sl_arena_free(ar);
}

static void spool_input(sl_shell *sh, const sl_buf *line)
{
    if (sh->spool && sh->interactive) fprintf(sh->spool, "%s%s", sh->prompt, line->p);
}

static void repl(sl_shell *sh)
{
    sl_buf pending = SL_BUF_INIT, line = SL_BUF_INIT;
    bool cancelled;
    while (!sh->quit) {
        sh->prompt = pending.len ? PROMPT_MORE : PROMPT;
        if (!read_line(sh, &line, &cancelled)) break;
        if (cancelled) {
            if (sh->interactive) sl_shell_out(sh, "^C\n", 3);
            sl_buf_reset(&pending);
            continue;
        }
        spool_input(sh, &line);
        if (!pending.len && sl_shell_cmd(sh, line.p)) {
            remember(sh, line.p, line.len);
            continue;
        }
        if (!pending.len && !line.p[strspn(line.p, " \t\r\n")]) continue;
        sl_buf_append(&pending, line.p, line.len);
        if (!line.len || line.p[line.len - 1] != '\n') sl_buf_putc(&pending, '\n');
        run_pending(sh, &pending);
    }
    if (!sh->quit && pending.len && pending.p[strspn(pending.p, " \t\r\n")]) {
        /* input ended inside a statement: run it as a script would */
        remember(sh, pending.p, pending.len);
        sl_shell_run_text(sh, pending.p, pending.len);
    }
    if (sh->interactive) sl_shell_out(sh, "Exiting sluice.\n", 16);
    sl_buf_free(&pending);
    sl_buf_free(&line);
}

/* ---- start-up ---- */

static const char *history_path(sl_buf *b)
{
    const char *home = getenv("HOME");
    if (!home || !*home) return NULL;
    sl_buf_printf(b, "%s/.sluice_history", home);
    return b->p;
}

static sl_error *session_init(sl_shell *sh, sl_shell_args *a, char **password)
{
    sl_error *err = sl_shell_args_password(a, password);
    if (err) return err;
    sl_rest_opts ro = {.url = a->url,
                       .user = a->user,
                       .password = a->password,
                       .request_timeout_ms = a->timeout_ms};
    if ((err = sl_rest_new(&ro, &sh->rest))) return err;
    sh->props = json_object();
    sh->vars = json_incref(a->defines);
    sh->json_output = a->output_json;
    sh->ro = (sl_render_opts){.width = sl_shell_width(), .wrap = true};
    sh->comp = sl_complete_new();
    if (a->config_file && (err = sl_shell_props_load(a->config_file, sh->props))) return err;
    return NULL;
}

static void session_free(sl_shell *sh)
{
    if (sh->el) el_end(sh->el);
    if (sh->elh) history_end(sh->elh);
    if (sh->spool) fclose(sh->spool);
    free(sh->spool_path);
    sl_history_free(sh->hist);
    sl_complete_free(sh->comp);
    json_decref(sh->props);
    json_decref(sh->vars);
    sl_rest_free(sh->rest);
}

static bool cancel_requests(void *ctx)
{
    (void)ctx;
    return sl_shell_interrupt_pending();
}

static void usage(FILE *f)
{
    fprintf(f, "usage: sluice [http://HOST:PORT] [options]\n"
               "  -f, --file FILE          run the statements of FILE and exit\n"
               "  -e, --execute 'SQL;'     run these statements and exit\n"
               "  -d, --define NAME=VALUE  define a session variable (repeatable)\n"
               "  -o, --output json        print JSON instead of tables\n"
               "  -c, --config-file FILE   properties sent with every statement\n"
               "  -u, --user USER          HTTP Basic user (asks for the password without -p)\n"
               "  -p, --password PASSWORD\n"
               "  -t, --timeout SECONDS    how long a statement may take (default 60)\n"
               "  sluice run FILE.sql [--server URL] [--dry-run]  apply a pipeline file\n");
}

/* Runs --file, --execute or piped input; the first error ends the run. */
static bool run_batch(sl_shell *sh, const sl_shell_args *a)
{
    sh->stop_on_error = true;
    if (a->execute) return sl_shell_run_text(sh, a->execute, strlen(a->execute));
    if (a->file) {
        sl_buf src = SL_BUF_INIT;
        sl_error *err = sl_shell_read_file(a->file, &src);
        bool ok = !err && sl_shell_run_text(sh, sl_buf_cstr(&src), src.len);
        if (err) sl_shell_error(sh, err);
        sl_error_free(err);
        sl_buf_free(&src);
        return ok;
    }
    repl(sh);
    return !sh->failed;
}

int sl_shell_main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "");
    sl_shell_args a;
    sl_shell sh = {0};
    char *password = NULL;
    sl_error *err = sl_shell_args_parse(argc, argv, false, &a);
    if (err || a.help) {
        if (err) fprintf(stderr, "sluice: %s\n", err->msg);
        usage(err ? stderr : stdout);
        sl_error_free(err);
        sl_shell_args_free(&a);
        return err ? 2 : 0;
    }
    int rc = 0;
    if ((err = session_init(&sh, &a, &password))) {
        sl_shell_error(&sh, err);
        rc = 2;
        goto done;
    }
    sl_shell_signals_install();
    sl_rest_set_cancel(sh.rest, cancel_requests, NULL);
    sh.interactive = !a.file && !a.execute && isatty(STDIN_FILENO);
    if (!sh.interactive) {
        rc = run_batch(&sh, &a) ? 0 : 1;
        goto done;
    }
    sl_buf hp = SL_BUF_INIT;
    err = sl_history_open(history_path(&hp), 1000, &sh.hist);
    sl_buf_free(&hp);
    if (err) sl_shell_error(&sh, err);
    editor_init(&sh);
    sl_shell_banner(&sh);
    repl(&sh);
done:
    sl_error_free(err);
    session_free(&sh);
    sl_shell_args_free(&a);
    free(password);
    return rc;
}
