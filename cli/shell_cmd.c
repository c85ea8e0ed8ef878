/*
 * shell_cmd.c - what the shell does itself instead of sending to the server.
 *
 * Two kinds, each one table:
 *  - commands on a line of their own, no ';' needed, as in ksqlDB's CLI:
 *    help, history, clear, output, server, version, spool, exit, quit;
 *  - statements ending in ';' that change the session: SET / UNSET (streams
 *    properties sent with every request), DEFINE / UNDEFINE and SHOW|LIST
 *    VARIABLES (variables substituted by the shell), RUN SCRIPT.
 * Messages are ksqlDB's where it has one.
 */
#include "cli/shell_int.h"
#include "common/mem.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SCRIPT_DEPTH 8

sl_error *sl_shell_read_file(const char *path, sl_buf *out)
{
    FILE *f = fopen(path, "re");
    if (!f) return sl_error_new(SL_E_IO, "cannot read %s: %s", path, strerror(errno));
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sl_buf_append(out, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    return bad ? sl_error_new(SL_E_IO, "cannot read %s", path) : NULL;
}

/* ---- line commands ---- */

static void cmd_help(sl_shell *sh, const char *arg);

static void cmd_history(sl_shell *sh, const char *arg)
{
    (void)arg;
    for (size_t i = 0; sh->hist && i < sl_history_count(sh->hist); i++)
        sl_shell_printf(sh, "%5zu  %s\n", i + 1, sl_history_get(sh->hist, i));
}

static void cmd_clear(sl_shell *sh, const char *arg)
{
    (void)sh, (void)arg;
    fputs("\033[H\033[2J", stdout);
    fflush(stdout);
}

static void cmd_output(sl_shell *sh, const char *arg)
{
    if (!*arg) {
        sl_shell_printf(sh, "Output format: %s\n", sh->json_output ? "JSON" : "TABULAR");
    } else if (strcasecmp(arg, "json") == 0 || strcasecmp(arg, "tabular") == 0) {
        sh->json_output = strcasecmp(arg, "json") == 0;
        sl_shell_printf(sh, "Output format set to %s\n", sh->json_output ? "JSON" : "TABULAR");
    } else {
        sl_shell_printf(sh, "Invalid output format: '%s' (valid formats: [TABULAR, JSON])\n", arg);
    }
}

/* The server's KsqlServerInfo object, or NULL and *err saying why. */
static json_t *server_info(sl_shell *sh, sl_error **err)
{
    sl_rest_result res;
    *err = sl_rest_info(sh->rest, &res);
    json_t *info = NULL;
    if (!*err && res.status == 200) info = json_incref(json_object_get(res.body, "KsqlServerInfo"));
    if (!*err && !info)
        *err = sl_error_new(SL_E_IO, "the server at %s answered /info with HTTP %ld: %s",
                            sl_rest_url(sh->rest), res.status, sl_rest_error_message(res.body));
    sl_rest_result_clear(&res);
    return info;
}

static void cmd_server(sl_shell *sh, const char *arg)
{
    if (!*arg) {
        sl_shell_printf(sh, "Server: %s\n", sl_rest_url(sh->rest));
        return;
    }
    char *old = sl_strdup(sl_rest_url(sh->rest));
    sl_error *err = sl_rest_set_url(sh->rest, arg);
    json_t *info = err ? NULL : server_info(sh, &err);
    if (err) sl_shell_error(sh, err);
    if (info) {
        sl_shell_printf(sh, "Server now: %s\n", sl_rest_url(sh->rest));
        sl_complete_invalidate(sh->comp);
    } else {
        sl_error_free(sl_rest_set_url(sh->rest, old));
        sl_shell_printf(sh, "Still using: %s\n", old);
    }
    sl_error_free(err);
    json_decref(info);
    free(old);
}

static void cmd_version(sl_shell *sh, const char *arg)
{
    (void)arg;
    sl_error *err;
    json_t *info = server_info(sh, &err);
    const char *sv = json_string_value(json_object_get(info, "version"));
    sl_shell_printf(sh, "Version: %s\nServer version: %s\n", SL_VERSION, sv ? sv : "<unknown>");
    sl_error_free(err);
    json_decref(info);
}

static void spool_off(sl_shell *sh)
{
    if (!sh->spool) return;
    fclose(sh->spool);
    sh->spool = NULL;
    sl_shell_printf(sh, "Spool written to %s\n", sh->spool_path);
    free(sh->spool_path);
    sh->spool_path = NULL;
}

static void cmd_spool(sl_shell *sh, const char *arg)
{
    if (!*arg) {
        sl_shell_printf(sh, sh->spool ? "Spooling to %s\n" : "Not spooling%s\n",
                        sh->spool ? sh->spool_path : "");
        return;
    }
    spool_off(sh);
    if (strcasecmp(arg, "off") == 0) return;
    FILE *f = fopen(arg, "we");
    if (!f) {
        sl_error *err = sl_error_new(SL_E_IO, "cannot spool to %s: %s", arg, strerror(errno));
        sl_shell_error(sh, err);
        sl_error_free(err);
        return;
    }
    char abs[PATH_MAX];
    sh->spool_path = sl_strdup(realpath(arg, abs) ? abs : arg);
    sl_shell_printf(sh, "Session will be spooled to %s\nEnter SPOOL OFF to disable\n",
                    sh->spool_path);
    sh->spool = f;
}

static void cmd_exit(sl_shell *sh, const char *arg)
{
    (void)arg;
    spool_off(sh);
    sh->quit = true;
}

static const struct {
    const char *name, *args, *help;
    void (*fn)(sl_shell *sh, const char *arg);
} commands[] = {
    {"help", "", "Show this message.", cmd_help},
    {"history", "", "Show the statements typed before (kept in ~/.sluice_history).", cmd_history},
    {"clear", "", "Clear the screen.", cmd_clear},
    {"output", " [TABULAR|JSON]", "Show or set how results are printed.", cmd_output},
    {"server", " [URL]", "Show the server, or switch to another one.", cmd_server},
    {"version", "", "Show the versions of the shell and of the server.", cmd_version},
    {"spool", " FILE|OFF", "Copy everything shown to FILE, or stop copying.", cmd_spool},
    {"exit", "", "Leave the shell (also: quit, Ctrl-D).", cmd_exit},
    {"quit", "", "Leave the shell.", cmd_exit},
};

static void cmd_help(sl_shell *sh, const char *arg)
{
    (void)arg;
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "\nStatements end with ';' and may span lines; they go to the server.\n"
                    "Commands (one per line, no ';' needed):\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        sl_buf_printf(&b, "  %s%s\n\t%s\n", commands[i].name, commands[i].args, commands[i].help);
    sl_buf_puts(&b,
                "\nSession statements (end with ';'):\n\n"
                "  SET 'property'='value';  UNSET 'property';\n"
                "\tProperties sent with every statement (e.g. 'auto.offset.reset'='earliest').\n"
                "  DEFINE name = 'value';  UNDEFINE name;  SHOW VARIABLES;\n"
                "\tVariables: ${name} in a statement is replaced by its value.\n"
                "  RUN SCRIPT 'file.sql';\n\tRun the statements of a file.\n\n"
                "Keys: Tab completes keywords and names, Up/Down and Ctrl-R search the\n"
                "history, Ctrl-C stops a query (or drops the statement being typed),\n"
                "Ctrl-D leaves.\n\n");
    sl_shell_outbuf(sh, &b);
    sl_buf_free(&b);
}

bool sl_shell_cmd(sl_shell *sh, const char *line)
{
    while (isspace((unsigned char)*line))
        line++;
    size_t n = strlen(line);
    while (n && (isspace((unsigned char)line[n - 1]) || line[n - 1] == ';'))
        n--;
    size_t w = 0;
    while (w < n && !isspace((unsigned char)line[w]))
        w++;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strlen(commands[i].name) != w || strncasecmp(line, commands[i].name, w) != 0) continue;
        const char *a = line + w;
        while (a < line + n && isspace((unsigned char)*a))
            a++;
        size_t an = n - (size_t)(a - line);
        if (an >= 2 && a[0] == '\'' && a[an - 1] == '\'') a++, an -= 2;
        char *arg = sl_strndup(a, an);
        commands[i].fn(sh, arg);
        free(arg);
        return true;
    }
    return false;
}

/* ---- session statements ---- */

static bool stmt_set(sl_shell *sh, const char *name, const char *value)
{
    const char *old = json_string_value(json_object_get(sh->props, name));
    if (sh->quiet)
        ; /* sluice run: the session change is not news */
    else if (old)
        sl_shell_printf(sh, "Successfully changed local property '%s' from '%s' to '%s'.\n", name,
                        old, value);
    else
        sl_shell_printf(sh,
                        "Successfully changed local property '%s' to '%s'. Use the UNSET command "
                        "to revert your change.\n",
                        name, value);
    json_object_set_new(sh->props, name, json_string(value));
    return true;
}

static bool stmt_unset(sl_shell *sh, const char *name)
{
    const char *old = json_string_value(json_object_get(sh->props, name));
    if (!old) {
        sl_error *err = sl_error_new(SL_E_STATEMENT,
                                     "Cannot unset local property '%s' which was never set in the "
                                     "first place",
                                     name);
        sl_shell_error(sh, err);
        sl_error_free(err);
        return false;
    }
    if (!sh->quiet)
        sl_shell_printf(sh, "Successfully unset local property '%s' (value was '%s').\n", name,
                        old);
    json_object_del(sh->props, name);
    return true;
}

/* Removes a variable whatever the case of its name; true when there was one. */
static bool var_remove(sl_shell *sh, const char *name)
{
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(sh->vars, tmp, k, v)
    {
        if (strcasecmp(k, name) == 0) {
            json_object_del(sh->vars, k);
            return true;
        }
    }
    return false;
}

static bool stmt_define(sl_shell *sh, const char *name, const char *value)
{
    var_remove(sh, name);
    json_object_set_new(sh->vars, name, json_string(value));
    return true;
}

static bool stmt_undefine(sl_shell *sh, const char *name)
{
    if (!var_remove(sh, name))
        sl_shell_printf(sh, "Cannot undefine variable '%s' which was never defined.\n", name);
    return true;
}

static bool stmt_show_vars(sl_shell *sh, const char *text)
{
    json_t *list = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(sh->vars, k, v)
        json_array_append_new(list, json_pack("{s:s,s:O}", "name", k, "value", v));
    json_t *e = json_pack("{s:s,s:s,s:o,s:[]}", "@type", "variables", "statementText", text,
                          "variables", list, "warnings");
    json_t *entities = json_pack("[o]", e);
    sl_buf b = SL_BUF_INIT;
    if (sh->json_output)
        sl_render_json(&b, entities);
    else
        sl_render_entities(&b, entities, &sh->ro);
    sl_shell_outbuf(sh, &b);
    sl_buf_free(&b);
    json_decref(entities);
    return true;
}

static bool stmt_run_script(sl_shell *sh, const char *path)
{
    if (sh->script_depth >= MAX_SCRIPT_DEPTH) {
        sl_error *err =
            sl_error_new(SL_E_LIMIT, "RUN SCRIPT nests more than %d deep", MAX_SCRIPT_DEPTH);
        sl_shell_error(sh, err);
        sl_error_free(err);
        return false;
    }
    sl_buf src = SL_BUF_INIT;
    sl_error *err = sl_shell_read_file(path, &src);
    bool ok = !err;
    if (err) {
        sl_shell_error(sh, err);
    } else {
        bool was = sh->stop_on_error;
        sh->stop_on_error = true;
        sh->script_depth++;
        ok = sl_shell_run_text(sh, sl_buf_cstr(&src), src.len);
        sh->script_depth--;
        sh->stop_on_error = was;
    }
    sl_error_free(err);
    sl_buf_free(&src);
    return ok;
}

bool sl_shell_local_stmt(sl_shell *sh, const sl_ast_stmt *st, bool *ok)
{
    switch (st->kind) {
    case SL_STMT_SET:
        *ok = stmt_set(sh, st->set.name, st->set.value);
        return true;
    case SL_STMT_UNSET:
        *ok = stmt_unset(sh, st->set.name);
        return true;
    case SL_STMT_DEFINE:
        *ok = stmt_define(sh, st->define.name, st->define.value);
        return true;
    case SL_STMT_UNDEFINE:
        *ok = stmt_undefine(sh, st->define.name);
        return true;
    case SL_STMT_RUN_SCRIPT:
        *ok = stmt_run_script(sh, st->script_path);
        return true;
    case SL_STMT_SHOW:
        if (st->show.what != SL_SHOW_VARIABLES) return false;
        *ok = stmt_show_vars(sh, st->text);
        return true;
    default:
        return false;
    }
}

/* ---- banner ---- */

void sl_shell_banner(sl_shell *sh)
{
    sl_error *err;
    json_t *info = server_info(sh, &err);
    const char *version = json_string_value(json_object_get(info, "version"));
    const char *status = json_string_value(json_object_get(info, "serverStatus"));
    sl_shell_printf(sh,
                    "\n"
                    "          _      _\n"
                    "     ___ | |_  _(_) __ ___\n"
                    "    (_-< | | || | |/ _/ -_)\n"
                    "    /__/ |_|\\_,_|_|\\__\\___|   streaming SQL\n\n"
                    "CLI v%s, Server v%s located at %s\n"
                    "Server Status: %s\n\n"
                    "Having trouble? Type 'help' (case-insensitive) for a rundown of how "
                    "things work!\n\n",
                    SL_VERSION, version ? version : "<unknown>", sl_rest_url(sh->rest),
                    status ? status : "<unknown>");
    if (err) sl_shell_error(sh, err); /* why: down, refused, not a sluice server */
    sl_error_free(err);
    json_decref(info);
}
