/*
 * rqtt_server.c - a sluiced of the RQTT runner's own: started on a fresh temp
 * data dir and a free port, stopped and removed after its case.
 *
 *   fork ─> child: PR_SET_PDEATHSIG (it dies with the runner), stderr to the log,
 *           SLUICE_* settings in the environment, exec sluiced
 *   parent: reads the log until "sluiced ready ... port=N" (10 s at most)
 *
 * The server commits every 20 ms, so a case's inputs reach its pull stores
 * quickly.
 */
#include "cli/rqtt.h"
#include "common/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool executable(const char *path)
{
    return access(path, X_OK) == 0;
}

const char *rqtt_server_binary(const char *given)
{
    static char found[PATH_MAX];
    if (given) return given;
    const char *env = getenv("SLUICED");
    if (env && *env) return env;
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        const char *dir = dirname(self);
        snprintf(found, sizeof found, "%s/../server/sluiced", dir); /* the build tree */
        if (executable(found)) return found;
        snprintf(found, sizeof found, "%s/sluiced", dir); /* installed side by side */
        if (executable(found)) return found;
    }
    return "sluiced";
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void child(const rqtt_server *s, const char *bin)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        dup2(fd, 2);
        close(fd);
    }
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
    }
    setenv("SLUICE_DATA_DIR", s->dir, 1);
    setenv("SLUICE_LISTENERS", "http://127.0.0.1:0", 1);
    setenv("SLUICE_COMMIT_INTERVAL_MS", "20", 1);
    execlp(bin, bin, (char *)NULL);
    _exit(127);
}

/* The port of the "sluiced ready" line in the log, or 0 while there is none. */
static int ready_port(const char *log)
{
    FILE *f = fopen(log, "r");
    if (!f) return 0;
    char line[2048];
    int port = 0;
    while (!port && fgets(line, sizeof line, f)) {
        if (!strstr(line, "sluiced ready")) continue;
        const char *p = strstr(line, " port=");
        if (p) port = atoi(p + 6);
    }
    fclose(f);
    return port;
}

sl_error *rqtt_server_start(rqtt_server *s, const char *sluiced)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "/tmp/sl_rqtt_XXXXXX");
    if (!mkdtemp(s->dir))
        return sl_error_new(SL_E_IO, "cannot make a temp dir: %s", strerror(errno));
    snprintf(s->log, sizeof s->log, "%s.log", s->dir);
    const char *bin = rqtt_server_binary(sluiced);
    fflush(NULL);
    s->pid = fork();
    if (s->pid < 0) return sl_error_new(SL_E_IO, "cannot fork: %s", strerror(errno));
    if (s->pid == 0) child(s, bin);
    for (int i = 0; i < 1000; i++) {
        int port = ready_port(s->log);
        if (port) {
            snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", port);
            return NULL;
        }
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            return sl_error_new(SL_E_IO, "sluiced (%s) exited before it was ready; see %s", bin,
                                s->log);
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return sl_error_new(SL_E_TIMEOUT, "sluiced (%s) was not ready within 10 s", bin);
}

void rqtt_server_stop(rqtt_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        int status;
        for (int i = 0; i < 500 && waitpid(s->pid, &status, WNOHANG) == 0; i++) {
            struct timespec ts = {0, 10 * 1000000L};
            nanosleep(&ts, NULL);
            if (i == 499) {
                kill(s->pid, SIGKILL);
                waitpid(s->pid, &status, 0);
            }
        }
        s->pid = 0;
    }
    if (s->dir[0]) nftw(s->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (s->log[0]) remove(s->log);
    s->dir[0] = s->log[0] = '\0';
}
