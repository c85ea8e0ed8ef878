/*
 * cli.h - private to cli/: the command table of the sluice binary and what its commands
 * share. main.c dispatches argv[1] to a command; each command is a run function taking the
 * arguments after its name and returning the process exit status (0 ok, 1 failures found,
 * 2 usage or I/O error). Later commands (the shell, run, test, verify) add a row to the
 * table in main.c and a file of their own.
 */
#ifndef SL_CLI_CLI_H
#define SL_CLI_CLI_H

#include "common/arena.h"
#include "common/error.h"
#include "parser/ast.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sl_cli_cmd {
    const char *name;
    const char *usage;   /* arguments, for the help text */
    const char *summary; /* one line */
    int (*run)(int argc, char **argv);
} sl_cli_cmd;

int sl_cli_check_run(int argc, char **argv);
int sl_cli_fmt_run(int argc, char **argv);
int sl_cli_test_run(int argc, char **argv);
int sl_cli_verify_run(int argc, char **argv);
/* verify's arguments, for its row of the command table and its own --help. */
extern const char sl_verify_usage[];

/*
 * One statement text to check or format, and where it came from. For a .sql file each
 * statement (as the splitter finds it) is one input, line/col giving its start in the
 * file; for a ksqlDB QTT .json file each entry of a test's "statements" is one input,
 * with test naming the test and index its place there.
 */
typedef struct sl_cli_input {
    const char *text;
    size_t len;
    int line, col;           /* of text in the file (1, 1 for JSON entries) */
    const char *test;        /* QTT test name; NULL for .sql */
    int index;               /* 1-based place in the test's statements */
    bool expect_parse_error; /* the QTT test expects ksqlDB to reject it while parsing */
    bool test_file;          /* from a .sql file: ASSERT and RUN SCRIPT allowed */
} sl_cli_input;

typedef SL_AST_LIST(sl_cli_input) sl_cli_input_list;

/* Reads path (.json: a QTT file; otherwise SQL) into inputs allocated in ar. Returns NULL
 * or an SL_E_IO / SL_E_BAD_REQUEST error naming the file. */
sl_error *sl_cli_inputs_load(sl_arena *ar, const char *path, sl_cli_input_list *out);

/* Reads the whole file at path into ar, NUL-terminated (*len excludes the NUL). Errors:
 * SL_E_IO naming the file. */
sl_error *sl_cli_file_read(sl_arena *ar, const char *path, char **data, size_t *len);

/* Loads a JSON file that may hold // comments (ksqlDB's test files). */
struct json_t;
sl_error *sl_cli_json_load(const char *path, struct json_t **out);

/* Expands directory arguments into their *.sql and *.json files (sorted, not recursive);
 * other arguments pass through. The list and its strings are allocated in ar. */
sl_error *sl_cli_paths_expand(sl_arena *ar, int argc, char **argv, const char ***paths, size_t *n);

#endif
