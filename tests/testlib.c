/* testlib.c - what the unit tests share (see testlib.h). */
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#define RING 8

static char tmpdir[512];
static pid_t tmpdir_owner; /* a forked child must not remove it */

static char *ring_next(void)
{
    static char ring[RING][1024];
    static unsigned next;
    return ring[next++ % RING];
}

void testlib_rmtree(const char *dir)
{
    chmod(dir, 0700);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char file[1024];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(file, &st) == 0 && S_ISDIR(st.st_mode))
                testlib_rmtree(file);
            else
                unlink(file);
        }
        closedir(d);
    }
    rmdir(dir);
}

static void remove_tmpdir(void)
{
    if (tmpdir[0] && getpid() == tmpdir_owner)
        testlib_rmtree(tmpdir);
}

const char *testlib_tmpdir(void)
{
    if (tmpdir[0])
        return tmpdir;
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/thrive-test.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror(tmpdir);
        exit(99);
    }
    tmpdir_owner = getpid();
    atexit(remove_tmpdir);
    return tmpdir;
}

const char *testlib_path(const char *name)
{
    char *p = ring_next();
    snprintf(p, 1024, "%s/%s", testlib_tmpdir(), name);
    return p;
}

const char *testlib_write_bytes(const char *name, const void *bytes, size_t len)
{
    const char *path = testlib_path(name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(99);
    }
    return path;
}

const char *testlib_write(const char *name, const char *text)
{
    return testlib_write_bytes(name, text, strlen(text));
}

model *testlib_model(const char *name)
{
    const char *top = getenv("top_srcdir");
    char file[1024];
    snprintf(file, sizeof file, "%s/tests/models/valid/%s", top && *top ? top : ".", name);
    diag_list dl;
    diag_init(&dl);
    model *m = model_load(file, &dl);
    if (m)
        model_resolve(m, &dl);
    if (!m || dl.n_errors) {
        diag_print(&dl, stderr);
        fprintf(stderr, "cannot load %s (is top_srcdir set?)\n", file);
        exit(99);
    }
    diag_free(&dl);
    return m;
}
