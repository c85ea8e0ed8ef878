/*
 * main.c - sluiced, the server: configuration, engine, REST API, and a
 * graceful stop.
 *
 *   sluiced [--config FILE] [--print-config-doc] [--version] [--help]
 *
 * Life of the process:
 *   block SIGINT/SIGTERM/SIGHUP (every thread inherits the mask, so only sigwait
 *   sees them; a SIGHUP ignored by nohup stays ignored)
 *   -> config: defaults <- FILE <- SLUICE_* environment
 *   -> engine open (data dir, log, command log replay; worker threads start)
 *   -> REST on `listeners` -> "sluiced ready" log line -> sigwait
 *   -> stop accepting and finish requests -> stop queries, committing what
 *      they processed -> close the log and state -> exit 0
 * A second signal during the stop ends the process at once (the
 * default action): the embedded log and state are crash-safe, so that is
 * only a slower restart.
 */
#include "common/logger.h"
#include "server/config.h"
#include "server/engine.h"
#include "server/rest.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SL_VERSION
#define SL_VERSION "dev"
#endif

extern char **environ;

static void usage(FILE *out)
{
    fprintf(out, "usage: sluiced [--config FILE] [--print-config-doc] [--version]\n"
                 "  --config FILE       read properties from FILE (key=value lines); SLUICE_<KEY>\n"
                 "                      environment variables override them\n"
                 "  --print-config-doc  print the configuration reference (Markdown) and exit\n"
                 "  --version           print the version and exit\n");
}

/* Logs a fatal error with its detail and hint; returns the exit status. */
static int fail(const char *what, sl_error *err)
{
    sl_buf kv = SL_BUF_INIT;
    sl_buf_puts(&kv, "err=");
    sl_buf_json_str(&kv, err->msg, strlen(err->msg));
    if (err->detail) {
        sl_buf_puts(&kv, " detail=");
        sl_buf_json_str(&kv, err->detail, strlen(err->detail));
    }
    if (err->hint) {
        sl_buf_puts(&kv, " hint=");
        sl_buf_json_str(&kv, err->hint, strlen(err->hint));
    }
    SL_ERROR(what, "%s", kv.p);
    sl_buf_free(&kv);
    sl_error_free(err);
    return 1;
}

static int print_config_doc(void)
{
    sl_buf b = SL_BUF_INIT;
    sl_conf_print_doc(&b);
    fputs(sl_buf_cstr(&b), stdout);
    sl_buf_free(&b);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* Parses the command line; returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, const char **config)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"print-config-doc", no_argument, NULL, 'd'},
        {"version", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c':
            *config = optarg;
            break;
        case 'd':
            return print_config_doc();
        case 'v':
            printf("sluiced %s\n", SL_VERSION);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "sluiced: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    return -1;
}

static sl_error *load_config(const char *path, sl_conf **out)
{
    sl_conf *conf = sl_conf_new();
    sl_error *err = path ? sl_conf_load_file(conf, path) : NULL;
    if (!err) err = sl_conf_load_env(conf, environ);
    if (err) {
        sl_conf_free(conf);
        return err;
    }
    sl_logger_set_level((sl_loglevel)sl_logger_parse_level(sl_conf_str(conf, "log.level")));
    *out = conf;
    return NULL;
}

/* Waits for a stop signal (blocked in every thread); returns which. */
static int wait_for_stop(const sigset_t *stop)
{
    int sig = 0;
    while (sigwait(stop, &sig) != 0) {
    }
    pthread_sigmask(SIG_UNBLOCK, stop, NULL); /* a second one ends the process */
    return sig;
}

static int serve(const sl_conf *conf, const sigset_t *stop)
{
    sl_error *err = sl_rest_check_conf(conf);
    if (err) return fail("bad configuration", err);
    sl_engine_opts eo = {.conf = conf};
    sl_engine *eng = NULL;
    err = sl_engine_open(&eo, &eng);
    if (err) return fail("cannot open the engine", err);
    sl_rest *rest = NULL;
    err = sl_rest_start(eng, conf, SL_VERSION, &rest);
    if (err) {
        sl_engine_close(eng);
        return fail("cannot start the REST API", err);
    }
    const char *bootstrap = sl_conf_str(conf, "bootstrap.servers");
    bool degraded = sl_engine_degraded(eng, NULL); /* the engine logged why */
    SL_INFO("sluiced ready", "version=%s listeners=%s port=%u data.dir=%s log=%s status=%s",
            SL_VERSION, sl_conf_str(conf, "listeners"), (unsigned)sl_rest_port(rest),
            sl_conf_str(conf, "data.dir"), bootstrap && *bootstrap ? "kafka" : "embedded",
            degraded ? "DEGRADED" : "RUNNING");
    int sig = wait_for_stop(stop);
    SL_INFO("stopping", "signal=%s", strsignal(sig));
    sl_rest_stop(rest);
    sl_engine_close(eng);
    SL_INFO("stopped", NULL);
    return 0;
}

int main(int argc, char **argv)
{
    const char *config = NULL;
    int rc = parse_args(argc, argv, &config);
    if (rc >= 0) return rc;

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP); /* the terminal went away: stop as cleanly as for Ctrl-C */
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN); /* a client gone mid-response is an error return, not a kill */

    sl_conf *conf = NULL;
    sl_error *err = load_config(config, &conf);
    if (err) return fail("bad configuration", err);
    rc = serve(conf, &stop);
    sl_conf_free(conf);
    return rc;
}
