/*
 * shell_args.c - the command line of the shell and of `sluice run`, the
 * --config-file properties, and asking for a password on the terminal.
 *
 * The option names follow ksqlDB's CLI (--file, --execute, --define,
 * --output, --config-file, -u/--user, -p/--password) so scripts carry over.
 */
#include "cli/shell_int.h"
#include "common/mem.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

enum { OPT_DRY_RUN = 256 };

static const struct option shell_opts[] = {
    {"file", required_argument, NULL, 'f'},
    {"execute", required_argument, NULL, 'e'},
    {"define", required_argument, NULL, 'd'},
    {"output", required_argument, NULL, 'o'},
    {"config-file", required_argument, NULL, 'c'},
    {"user", required_argument, NULL, 'u'},
    {"password", required_argument, NULL, 'p'},
    {"timeout", required_argument, NULL, 't'},
    {"server", required_argument, NULL, 's'},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static sl_error *add_define(sl_shell_args *a, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return sl_error_new(SL_E_BAD_REQUEST, "--define wants NAME=VALUE, got '%s'", kv);
    char *name = sl_strndup(kv, (size_t)(eq - kv));
    json_object_set_new(a->defines, name, json_string(eq + 1));
    free(name);
    return NULL;
}

static sl_error *set_timeout(sl_shell_args *a, const char *s)
{
    char *end;
    double secs = strtod(s, &end);
    if (end == s || *end || secs <= 0 || secs > 86400)
        return sl_error_new(SL_E_BAD_REQUEST, "--timeout wants seconds (0 < S <= 86400), got '%s'",
                            s);
    a->timeout_ms = (long)(secs * 1000);
    return NULL;
}

static const char *option_name(int c)
{
    for (const struct option *o = shell_opts; o->name; o++)
        if (o->val == c) return o->name;
    return "?";
}

/* One option; run restricts the set to what `sluice run` takes. bad: the
 * argument getopt complained about. */
static sl_error *option(sl_shell_args *a, int c, bool run, const char *bad)
{
    bool shell_only = c == 'f' || c == 'e' || c == 'o';
    bool run_only = c == 's' || c == OPT_DRY_RUN;
    if (c == '?') return sl_error_new(SL_E_BAD_REQUEST, "unknown option '%s' (see --help)", bad);
    if (c == ':') return sl_error_new(SL_E_BAD_REQUEST, "option '%s' needs a value", bad);
    if ((run && shell_only) || (!run && run_only))
        return sl_error_new(SL_E_BAD_REQUEST, "option --%s does not apply here (see --help)",
                            option_name(c));
    switch (c) {
    case 'f':
        a->file = optarg;
        break;
    case 'e':
        a->execute = optarg;
        break;
    case 'd':
        return add_define(a, optarg);
    case 'c':
        a->config_file = optarg;
        break;
    case 'u':
        a->user = optarg;
        break;
    case 'p':
        a->password = optarg;
        break;
    case 't':
        return set_timeout(a, optarg);
    case 's':
        a->url = optarg;
        break;
    case OPT_DRY_RUN:
        a->dry_run = true;
        break;
    case 'h':
        a->help = true;
        break;
    case 'o':
        if (strcasecmp(optarg, "json") == 0)
            a->output_json = true;
        else if (strcasecmp(optarg, "tabular") != 0)
            return sl_error_new(SL_E_BAD_REQUEST, "--output wants TABULAR or JSON, got '%s'",
                                optarg);
        break;
    }
    return NULL;
}

/* The options in argv[0..argc) (getopt's argv[0] is a name, given here). */
static sl_error *parse_options(int argc, char **argv, bool run, sl_shell_args *a)
{
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":f:e:d:o:c:u:p:t:s:h", shell_opts, NULL)) != -1) {
        sl_error *err = option(a, c, run, argv[optind - 1]);
        if (err) return err;
    }
    if (a->help) return NULL;
    int rest = argc - optind;
    if (run) {
        if (rest != 1) return sl_error_new(SL_E_BAD_REQUEST, "sluice run wants one FILE.sql");
        a->file = argv[optind];
    } else if (rest > 1) {
        return sl_error_new(SL_E_BAD_REQUEST, "unexpected argument '%s'", argv[optind + 1]);
    } else if (rest == 1) {
        a->url = argv[optind];
    }
    if (a->file && a->execute)
        return sl_error_new(SL_E_BAD_REQUEST, "give --file or --execute, not both");
    if (a->password && !a->user) return sl_error_new(SL_E_BAD_REQUEST, "--password needs --user");
    return NULL;
}

sl_error *sl_shell_args_parse(int argc, char **argv, bool run, sl_shell_args *a)
{
    *a = (sl_shell_args){.url = "http://localhost:8088", .defines = json_object()};
    /* getopt wants a program name first and may reorder what follows: a copy */
    char **v = sl_calloc((size_t)argc + 2, sizeof *v);
    v[0] = run ? "sluice run" : "sluice";
    for (int i = 0; i < argc; i++)
        v[i + 1] = argv[i];
    sl_error *err = parse_options(argc + 1, v, run, a);
    free(v);
    return err;
}

void sl_shell_args_free(sl_shell_args *a)
{
    json_decref(a->defines);
    a->defines = NULL;
}

sl_error *sl_shell_args_password(sl_shell_args *a, char **owned)
{
    *owned = NULL;
    if (!a->user || a->password) return NULL;
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return sl_error_new(SL_E_BAD_REQUEST, "-u given without -p and no terminal to ask on");
    struct termios old, quiet;
    bool tty = tcgetattr(fd, &old) == 0;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    if (tty) tcsetattr(fd, TCSAFLUSH, &quiet);
    if (write(fd, "Enter password: ", 16) < 0) { /* the prompt is a courtesy */
    }
    sl_buf pw = SL_BUF_INIT;
    char ch;
    while (read(fd, &ch, 1) == 1 && ch != '\n' && ch != '\r')
        sl_buf_putc(&pw, ch);
    if (tty) tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) { /* as above */
    }
    close(fd);
    *owned = pw.p ? sl_buf_take(&pw) : sl_strdup("");
    a->password = *owned;
    return NULL;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

sl_error *sl_shell_props_load(const char *path, json_t *props)
{
    FILE *f = fopen(path, "re");
    if (!f) return sl_error_new(SL_E_IO, "cannot read config file %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    sl_error *err = NULL;
    while (!err && getline(&line, &cap, f) > 0) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#' || *s == '!') continue;
        char *sep = s + strcspn(s, "=:");
        if (!*sep || sep == s) {
            err = sl_error_new(SL_E_BAD_REQUEST, "%s:%d: expected key=value", path, lineno);
            break;
        }
        *sep = '\0';
        json_t *v = json_string(trim(sep + 1));
        if (!v || json_object_set_new(props, trim(s), v) != 0)
            err = sl_error_new(SL_E_BAD_REQUEST, "%s:%d: not UTF-8 text", path, lineno);
    }
    free(line);
    fclose(f);
    return err;
}
