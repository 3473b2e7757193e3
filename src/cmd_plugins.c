/* cmd_plugins.c - `thrive plugins`: list the plugins found. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

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
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(plugins_usage, stdout);
            free(dirs);
            return EXIT_OK;
        case OPT_PLUGIN_PATH:
            dirs[n_dirs++] = optarg;
            break;
        default:
            fputs(plugins_usage, stderr);
            free(dirs);
            return EXIT_USAGE;
        }
    }
    if (optind != argc) {
        fputs(plugins_usage, stderr);
        free(dirs);
        return EXIT_USAGE;
    }
    diag_list dl;
    diag_init(&dl);
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
