/* fuzz_model.c - libFuzzer harness for the logic-model loader.
 *
 * The input is a YAML file: it is written to a temporary file and run
 * through model_load() and model_resolve() (which parses every expression
 * and compiles every pattern), then every diag is formatted, as `thrive
 * validate` does, and everything is freed.
 *
 * With THRIVE_PLUGIN_PATH set to a directory of plugin modules (build.sh
 * builds instrumented ones in OUTDIR/plugins), a model whose pilot names
 * one of them also has the plugin check its section and declare its
 * derived fields before the model is resolved, as in main.c.  Each module
 * is opened once for the whole run, so that its coverage counters stay
 * mapped while plugin_load/plugin_unload open and close it per input.
 * Build with tests/fuzz/build.sh.
 */
#include <dirent.h>
#include <ltdl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "model.h"
#include "plugins.h"

static char path[64];
static FILE *devnull;

/* Module stems found in THRIVE_PLUGIN_PATH ("school_gates"). */
#define MAX_PLUGINS 16
static char *plugins[MAX_PLUGINS];
static size_t n_plugins;

static void remove_temp(void)
{
    if (path[0])
        unlink(path);
}

static void open_plugins(void)
{
    const char *dir = getenv("THRIVE_PLUGIN_PATH");
    DIR *d = dir && *dir && !strchr(dir, ':') ? opendir(dir) : NULL;
    if (!d)
        return;
    if (lt_dlinit() != 0)
        abort();
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n_plugins < MAX_PLUGINS) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".so") != 0)
            continue;
        char file[1024];
        snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
        if (!lt_dlopen(file)) { /* kept open until exit */
            fprintf(stderr, "fuzz_model: cannot open %s: %s\n", file, lt_dlerror());
            continue;
        }
        plugins[n_plugins] = strdup(e->d_name);
        plugins[n_plugins++][len - 3] = '\0';
    }
    closedir(d);
    fprintf(stderr, "fuzz_model: %zu plugins from %s\n", n_plugins, dir);
}

/* True when PILOT names one of the plugins opened. */
static bool have_plugin(const char *pilot)
{
    for (size_t i = 0; i < n_plugins; i++) {
        const char *a = pilot, *b = plugins[i];
        while (*a && (*a == *b || (*a == '-' && *b == '_')))
            a++, b++;
        if (!*a && !*b)
            return true;
    }
    return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/thrive-fuzz-model-%ld.yaml", (long)getpid());
    devnull = fopen("/dev/null", "w");
    atexit(remove_temp);
    open_plugins();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    fclose(fp);

    diag_list dl;
    diag_init(&dl);
    model *m;
    thrive_error e = model_open(path, &dl, &m);
    /* an error says why; a model comes back unless it could not be read */
    if ((e == THRIVE_OK && dl.n_errors) || (e != THRIVE_OK && !dl.n_errors) ||
        (e == THRIVE_ERROR_NOMEM && m))
        abort();
    plugin *p = NULL;
    /* as main.c does: the plugin checks its section, then the model is
     * resolved whenever the tree is a mapping */
    bool tree = m && m->root && m->root->kind == YNODE_MAP;
    if (tree && m->pilot && model_pilot_valid(m->pilot) && have_plugin(m->pilot)) {
        plugin_path pp;
        plugin_path_init(&pp, NULL, 0);
        const ynode *v = ynode_get(m->root, "pilot");
        plugin_load(m->pilot, &pp, path, v ? v->line : 0, v ? v->col : 0, &dl, &p);
        plugin_path_free(&pp);
        if (p)
            plugin_check(p, m, &dl);
    }
    if (tree)
        model_resolve(m, &dl);
    if (m)
        (void)model_total_cost(m);
    diag_print(&dl, devnull);
    diag_free(&dl);
    plugin_unload(p);
    model_free(m);
    return 0;
}
