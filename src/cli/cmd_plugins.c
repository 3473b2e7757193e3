/* cmd_plugins.c - `thrive plugins`: list the plugins found. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "plugins.h"

static const char plugins_usage[] =
    "Usage: thrive plugins [--plugin-path DIR]...\n"
    "List the plugins found: name, version, plugin ABI, title and file.\n"
    "Directories are searched in this order: each --plugin-path DIR, then\n"
    "THRIVE_PLUGIN_PATH (colon-separated), then the installed plugin directory.\n"
    "Exit status 5 when no usable plugin is found.\n"
    "See thrive-plugins(1).\n";

int cmd_plugins(int argc, char **argv)
{
    enum { OPT_PLUGIN_PATH = 256 };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
        {0}};
    char **dirs = calloc((size_t)argc, sizeof *dirs);
    size_t n_dirs = 0;
    if (!dirs) {
        fprintf(stderr, "thrive: %s\n", thrive_strerror(THRIVE_ERROR_NOMEM));
        return thrive_exit_status(THRIVE_ERROR_NOMEM);
    }
    const cmdline cl = {"plugins", plugins_usage, "", longopts};
    int c;
    optind = 1;
    while ((c = cmdline_next(&cl, argc, argv)) != -1) {
        if (c != OPT_PLUGIN_PATH) {
            free(dirs);
            return c == 'h' ? EXIT_OK : EXIT_USAGE;
        }
        dirs[n_dirs++] = optarg;
    }
    if (optind != argc) {
        fputs(plugins_usage, stderr);
        free(dirs);
        return EXIT_USAGE;
    }
    diag_list dl;
    diag_init(&dl);
    /* a mistyped directory would only be absent from the list */
    for (size_t i = 0; i < n_dirs; i++) {
        struct stat st;
        if (stat(dirs[i], &st) != 0)
            diag_warning(&dl, dirs[i], 0, 0, "--plugin-path: %s", strerror(errno));
        else if (!S_ISDIR(st.st_mode))
            diag_warning(&dl, dirs[i], 0, 0, "--plugin-path: not a directory");
    }
    plugin_path pp;
    thrive_error e = plugin_path_init(&pp, dirs, n_dirs);
    if (e == THRIVE_OK)
        e = plugins_list(&pp, stdout, &dl);
    else
        diag_nomem(&dl, NULL);
    plugin_path_free(&pp);
    free(dirs);
    return finish_command(&dl, e);
}
