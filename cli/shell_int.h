/*
 * shell_int.h - what the shell's files (shell*.c, history.c, complete.c,
 * run.c) share; nothing outside cli/ includes it (the face is cli/shell.h).
 *
 * Model: one sl_shell per process run holds the session - the REST client,
 * the properties (SET) and variables (DEFINE) sent or substituted with every
 * statement, the output format, the spool file - and everything the shell
 * prints goes through sl_shell_out, so the spool gets exactly what the
 * terminal got. Statements flow:
 *
 *   line(s) --split--> statement --${var}, parse--> local (SET, DEFINE, RUN SCRIPT ...)
 *                                           \-> SELECT: POST /query, rows as a grid
 *                                           \-> other:  POST /ksql, entities rendered
 *
 * Statement text is handled with the parser's splitter, substitution and
 * parser (parser/parser.h): the shell parses to know what a statement is; the
 * server still judges it (a statement the shell cannot parse is sent as is).
 *
 * Single-threaded; SIGINT only sets a flag (sl_shell_interrupted).
 */
#ifndef SL_CLI_SHELL_INT_H
#define SL_CLI_SHELL_INT_H

#include "cli/render.h"
#include "cli/rest_client.h"
#include "cli/shell.h"
#include "common/buf.h"
#include "common/error.h"
#include "parser/parser.h"

#include <histedit.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#ifndef SL_VERSION
#define SL_VERSION "unknown"
#endif

/* ---- history (history.c) ---- */

typedef struct sl_history sl_history;

/* Loads the history at path (a missing file is an empty history; NULL keeps
 * it in memory only), keeping at most max entries (0: 1000). *out is set even
 * when an error is returned (the history then works in memory). */
sl_error *sl_history_open(const char *path, size_t max, sl_history **out);
void sl_history_free(sl_history *h);
/* True when entry looks like it holds a secret (password=, sasl.jaas.config, ...). */
bool sl_history_is_secret(const char *entry);
/* Keeps entry unless it is blank, a secret, or the same as the last one;
 * returns whether it was kept. *err reports a failure to write the file. */
bool sl_history_add(sl_history *h, const char *entry, sl_error **err);
size_t sl_history_count(const sl_history *h);
/* Appends text as one history line: -- comments dropped and line breaks (with
 * the indentation around them) outside quotes turned into one space, so a
 * recalled multi-line statement still runs. */
void sl_history_line(const char *text, size_t len, sl_buf *out);
/* Entry i (0 = oldest), or NULL. Valid until the next add or free. */
const char *sl_history_get(const sl_history *h, size_t i);

/* ---- completion (complete.c) ---- */

typedef struct sl_complete sl_complete;

sl_complete *sl_complete_new(void);
void sl_complete_free(sl_complete *c);
/* Forgets the names fetched from the server (after DDL). */
void sl_complete_invalidate(sl_complete *c);
/* Fetches stream, table, column and query names unless already cached;
 * failures leave the cache empty (completion then offers keywords only). */
void sl_complete_refresh(sl_complete *c, sl_rest *r, const json_t *props);
/* The keywords and names starting with prefix[0..n) (ASCII case-insensitive),
 * sorted and unique, each spelled in the case of the prefix when the name is
 * all upper-case; a new JSON array of strings. */
json_t *sl_complete_candidates(const sl_complete *c, const char *prefix, size_t n);

/* ---- the session ---- */

typedef struct sl_shell {
    sl_rest *rest;
    json_t *props; /* streamsProperties sent with every request (SET/UNSET) */
    json_t *vars;  /* session variables (DEFINE/UNDEFINE): name -> string */
    sl_render_opts ro;
    bool json_output; /* output JSON instead of TABULAR */
    FILE *spool;      /* NULL: not spooling */
    char *spool_path;
    sl_history *hist;
    sl_complete *comp;
    EditLine *el; /* NULL when not interactive */
    History *elh;
    const char *prompt; /* what the prompt callback shows */
    bool interactive;   /* a terminal: prompts, banner, history, completion */
    bool stop_on_error; /* a script: the first error ends the run */
    bool quit;          /* exit/quit was typed */
    bool failed;        /* a statement failed */
    bool stopped;       /* Ctrl-C stopped a query: a running script stops too */
    bool quiet;         /* no "Successfully changed ..." for SET/UNSET (sluice run) */
    int script_depth;   /* RUN SCRIPT nesting */
} sl_shell;

/* Command-line options of the shell and of `sluice run`. */
typedef struct sl_shell_args {
    const char *url;
    const char *file;        /* --file / the FILE of `sluice run` */
    const char *execute;     /* --execute */
    const char *config_file; /* --config-file */
    const char *user, *password;
    json_t *defines;  /* --define name=value, owned */
    bool output_json; /* --output json */
    bool dry_run;     /* run: --dry-run */
    long timeout_ms;  /* --timeout SECONDS */
    bool help;
} sl_shell_args;

/* Parses the arguments argv[0..argc) after the command name (run: the
 * `sluice run` options). Strings are borrowed from argv. Errors are usage errors. */
sl_error *sl_shell_args_parse(int argc, char **argv, bool run, sl_shell_args *a);
void sl_shell_args_free(sl_shell_args *a);
/* Asks for the password on the terminal when -u was given without -p. */
sl_error *sl_shell_args_password(sl_shell_args *a, char **owned);
/* Reads a .properties file (key=value) into props (string values). */
sl_error *sl_shell_props_load(const char *path, json_t *props);

/* The shell's terminal width (80 when unknown). */
int sl_shell_width(void);

/* Set by SIGINT; sl_shell_interrupt_take reads and clears it. */
bool sl_shell_interrupt_take(void);
bool sl_shell_interrupt_pending(void);
/* Installs the SIGINT handler (no SA_RESTART, so blocking reads return). */
void sl_shell_signals_install(void);

/* Output: to stdout and, when spooling, to the spool file. */
void sl_shell_out(sl_shell *sh, const char *s, size_t n);
void sl_shell_printf(sl_shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sl_shell_outbuf(sl_shell *sh, const sl_buf *b);
/* Error text (to stderr and the spool). */
void sl_shell_errbuf(sl_shell *sh, const sl_buf *b);
/* An error (to stderr and the spool) with its detail and hint lines. */
void sl_shell_error(sl_shell *sh, const sl_error *err);

/* Runs one statement (text with its ';'); returns false when it failed. */
bool sl_shell_exec(sl_shell *sh, const char *text, size_t len);
/* Runs every statement of src (a script, --execute, RUN SCRIPT); a last
 * statement without ';' runs too. Stops at the first failure when
 * sh->stop_on_error; returns false when any statement failed. */
bool sl_shell_run_text(sl_shell *sh, const char *src, size_t n);
/* The first token of s that is not blank or a comment (a TK_* code); 0 when none. */
int sl_shell_first_token(const char *s, size_t n);
/* True for the first words of the shell's own statements (SET, UNSET, DEFINE,
 * UNDEFINE, RUN SCRIPT): their syntax errors are the shell's to report. */
bool sl_shell_is_own(int tk);
/* Looks a session variable up (ASCII case-insensitive), for sl_parse_substitute. */
const char *sl_shell_var(void *sh, const char *name, size_t n);

/* Local commands typed on a line of their own (help, exit, spool ...);
 * returns false when line is not one. */
bool sl_shell_cmd(sl_shell *sh, const char *line);
/* Local statements (SET, UNSET, DEFINE, UNDEFINE, SHOW VARIABLES, RUN SCRIPT),
 * parsed (st borrowed); returns false when st is not one, else sets *ok. */
bool sl_shell_local_stmt(sl_shell *sh, const sl_ast_stmt *st, bool *ok);
/* Prints the banner: versions, server status (from /info). */
void sl_shell_banner(sl_shell *sh);

/* Reads a whole file into a NUL-terminated buffer (for scripts). */
sl_error *sl_shell_read_file(const char *path, sl_buf *out);

#endif
