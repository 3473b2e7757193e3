/* model_text.c - a logic model from YAML text (see model_text.h). */
#include "model_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

model *model_from_text(const char *yaml, diag_list *dl, bool resolve)
{
    diag_init(dl);
    const char *tmpdir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/thrive-model-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    size_t len = strlen(yaml);
    ssize_t w = write(fd, yaml, len);
    close(fd);
    model *m = (size_t)w == len ? model_load(path, dl) : NULL;
    if (m && resolve)
        model_resolve(m, dl);
    unlink(path);
    return m;
}

model *model_from_text_ok(const char *yaml)
{
    diag_list dl;
    model *m = model_from_text(yaml, &dl, true);
    for (size_t i = 0; i < dl.n; i++)
        fprintf(stderr, "the model: %d:%d: %s\n", dl.items[i].line, dl.items[i].col,
                dl.items[i].msg);
    bool ok = m && dl.n_errors == 0;
    diag_free(&dl);
    if (!ok) {
        model_free(m);
        return NULL;
    }
    return m;
}
