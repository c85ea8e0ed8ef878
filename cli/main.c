/*
 * main.c - the sluice command-line program: one table of commands, dispatched by name.
 *
 *   sluice COMMAND [ARGS...]
 *
 * A command is a row in `commands` (name, arguments, one-line summary, run function);
 * help text is generated from the table. Later work adds the shell, run, test and verify
 * as rows here.
 */
#include "cli/cli.h"
#include "cli/shell.h"

#include <stdio.h>
#include <string.h>

#ifndef SL_VERSION
#define SL_VERSION "unknown"
#endif

static int help_run(int argc, char **argv);
static int version_run(int argc, char **argv);

static const sl_cli_cmd commands[] = {
    {"check", "[--round-trip] [--quiet | --verbose] FILE|DIR...",
     "parse SQL scripts and ksqlDB QTT .json files; report syntax errors", sl_cli_check_run},
    {"fmt", "FILE|DIR...", "print the statements of SQL scripts in canonical form", sl_cli_fmt_run},
    {"run", "FILE.sql [--server URL] [--dry-run] [--define N=V]... [-u U [-p P]]",
     "apply a pipeline file to a server (re-applying an unchanged file changes nothing)",
     sl_run_main},
    {"test", "[--filter REGEX] [--jobs N] [--expect LIST] [--record FILE] FILE|DIR...",
     "run ksqlDB test files (QTT .json) against an in-process engine", sl_cli_test_run},
    {"verify", sl_verify_usage,
     "check a streaming pipeline's result against a batch query (SQLite) over the same data",
     sl_cli_verify_run},
    {"version", "", "print the version", version_run},
    {"help", "[COMMAND]", "show this help, or one command's", help_run},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const sl_cli_cmd *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: sluice [URL] [--file F | --execute SQL] ...   the interactive shell\n"
                 "       sluice COMMAND [ARGS...]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nRun 'sluice help COMMAND' for a command's arguments.\n");
}

static int help_run(int argc, char **argv)
{
    if (argc == 0) {
        usage(stdout);
        return 0;
    }
    const sl_cli_cmd *c = find(argv[0]);
    if (!c) {
        fprintf(stderr, "sluice: no command '%s'\n", argv[0]);
        return 2;
    }
    printf("usage: sluice %s %s\n  %s\n", c->name, c->usage, c->summary);
    return 0;
}

static int version_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("sluice %s\n", SL_VERSION);
    return 0;
}

int main(int argc, char **argv)
{
    /* no command, a server URL or a shell flag: the interactive shell */
    if (argc < 2 || strstr(argv[1], "://") || (argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
                                                strcmp(argv[1], "-h") != 0 &&
                                                strcmp(argv[1], "--version") != 0))
        return sl_shell_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) return help_run(0, NULL);
    if (strcmp(argv[1], "--version") == 0) return version_run(0, NULL);
    const sl_cli_cmd *c = find(argv[1]);
    if (!c) {
        fprintf(stderr, "sluice: unknown command '%s'\n\n", argv[1]);
        usage(stderr);
        return 2;
    }
    return c->run(argc - 2, argv + 2);
}
