/* outfile.c - temporary file and rename (see outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary files not yet renamed or removed.  Interrupted (Ctrl-C, a
 * kill), the program removes them before it dies: a run that stops at any
 * point leaves nothing behind. */
#define LIVE_MAX 8
static char *_Atomic live[LIVE_MAX];

static void on_signal(int sig)
{
    for (int i = 0; i < LIVE_MAX; i++) {
        char *tmp = atomic_load(&live[i]);
        if (tmp)
            unlink(tmp);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watch(char *tmp)
{
    static bool installed;
    if (!installed) {
        installed = true;
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
            struct sigaction sa = {.sa_handler = on_signal}, old;
            sigemptyset(&sa.sa_mask);
            /* a signal ignored on purpose (nohup) stays ignored */
            if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
                sigaction(sigs[i], &sa, NULL);
        }
    }
    for (int i = 0; i < LIVE_MAX; i++) {
        char *none = NULL;
        if (atomic_compare_exchange_strong(&live[i], &none, tmp))
            return;
    }
}

static void unwatch(const char *tmp)
{
    for (int i = 0; i < LIVE_MAX; i++)
        if (atomic_load(&live[i]) == tmp)
            atomic_store(&live[i], NULL);
}

char *outfile_temp(const char *path)
{
    /* Beside the target, so that rename() stays within one file system. */
    size_t len = strlen(path);
    char *tmp = malloc(len + sizeof ".tmp-XXXXXX");
    if (!tmp)
        return NULL;
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int saved = errno;
        free(tmp);
        errno = saved;
        return NULL;
    }
    /* mkstemp makes it 0600; an output should get the usual permissions. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    watch(tmp);
    return tmp;
}

int outfile_commit(const char *tmp, const char *path)
{
    /* watched until gone: a signal after the rename finds nothing to remove */
    int status = rename(tmp, path);
    int saved = errno;
    if (status != 0)
        unlink(tmp);
    unwatch(tmp);
    errno = saved;
    return status == 0 ? 0 : -1;
}

void outfile_discard(const char *tmp)
{
    if (tmp) {
        unlink(tmp);
        unwatch(tmp);
    }
}
