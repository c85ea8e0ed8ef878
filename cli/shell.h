/*
 * shell.h - the entry points of the interactive shell and of `sluice run`,
 * for the `sluice` command table (cli/main.c).
 *
 *   sluice [http://host:8088] [--file F | --execute SQL] [--define k=v]...
 *          [--output json] [--config-file F] [-u USER [-p PASSWORD]] [--timeout S]
 *   sluice run FILE.sql [--server URL] [--dry-run] [--define k=v]... [-u U -p P]
 *
 * Both talk to sluiced only over its REST API (cli/rest_client.h). See
 * docs/cli.md for the commands, rendering, history and completion.
 *
 * Like the rows of cli/main.c's command table, each takes the arguments after
 * the command name - argv[0] is the first of them, argc may be 0 - and
 * returns the process exit status: 0 success, 1 a statement or the server
 * failed, 2 bad usage. argv is borrowed (and not modified). Call from the main
 * thread, once: the shell installs a SIGINT handler (Ctrl-C stops a query,
 * not the shell).
 */
#ifndef SL_CLI_SHELL_H
#define SL_CLI_SHELL_H

int sl_shell_main(int argc, char **argv);
int sl_run_main(int argc, char **argv);

#endif
