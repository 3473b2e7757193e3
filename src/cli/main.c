/* main.c - the thrive program: parse the command line, run a sub-command
 * (each in its own file, src/cmd_NAME.c). */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "thrive/plugin.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"plugins", cmd_plugins},
    {"compare", cmd_compare},
    {"evaluate", cmd_evaluate},
    {"validate", cmd_validate},
    {"diagram", cmd_diagram},
    {"init", cmd_init},
    {"report", cmd_report},
    {"help", cmd_help},
};

void thrive_usage(FILE *out)
{
    fputs("Usage: thrive COMMAND [OPTIONS]\n"
          "Evaluate a social intervention from its logic model and case data.\n\n"
          "Commands:\n"
          "  evaluate MODEL.yaml --data CASES.csv [-o BOOK.xlsx] [--summary FILE.json]\n"
          "                                    evaluate a model against its case data\n"
          "  validate MODEL.yaml [--data CASES.csv]\n"
          "                                    check a model, and its data, writing nothing\n"
          "  compare PROGRAMME.yaml [-o BOOK.xlsx] [--summary FILE.json]\n"
          "                                    compare sites or pilots on value for money\n"
          "  diagram MODEL.yaml [-o FILE.dot]  the model as a Graphviz graph\n"
          "  init CASES.csv [-o MODEL.yaml]    draft a logic model from the case data\n"
          "  report SUMMARY.json... [-o REPORT.html]\n"
          "                                    a self-contained HTML report of summaries\n"
          "  plugins [--plugin-path DIR]...    list the plugins found\n"
          "  help [COMMAND]                    a command's manual page (thrive help model:\n"
          "                                    the logic model's format)\n\n"
          "Environment:\n"
          "  PATH                      where Graphviz's dot is looked for (diagram, evaluate)\n"
          "  THRIVE_DOT                the dot program that draws the logic model; empty: none\n"
          "  THRIVE_PLUGIN_PATH        directories to search for plugins, ':'-separated\n"
          "                            (after --plugin-path, before the installed ones)\n"
          "  THRIVE_PROGRESS_INTERVAL  seconds between updates of the progress line (0.5)\n"
          "  THRIVE_STREAM_LIMIT_MB    the most case data read from a pipe or device,\n"
          "                            in MiB (4096)\n"
          "  THRIVE_THREADS            1: read the case data on one thread\n"
          "  TMPDIR                    where an output bound for a device is made (/tmp)\n\n"
          "Run 'thrive COMMAND --help' for a command's options; 'thrive --version'.\n"
          "See thrive(1).\n",
          out);
}

void thrive_unknown_command(const char *where, const char *name)
{
    const char *near = diag_suggest_member(name, commands, sizeof commands / sizeof *commands,
                                           sizeof *commands, offsetof(command, name));
    if (!near && strcmp(where, "help: ") == 0)
        near = diag_suggest(name, (const char *const[]){"model"}, 1);
    const char *ext = strrchr(name, '.');
    fprintf(stderr, "thrive: %sunknown command '%s'", where, name);
    if (near)
        fprintf(stderr, " (did you mean '%s'?)", near);
    else if (ext && (strcmp(ext, ".yaml") == 0 || strcmp(ext, ".yml") == 0))
        fprintf(stderr,
                ": the command comes first, as in\n  thrive validate %s\n  thrive "
                "evaluate %s --data CASES.csv -o BOOK.xlsx",
                name, name);
    else if (ext && strcmp(ext, ".csv") == 0)
        fprintf(stderr, ": the command comes first, as in\n  thrive init %s -o MODEL.yaml", name);
    fputs("\n\n", stderr);
    thrive_usage(stderr);
}

command_fn command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        thrive_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        thrive_usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("thrive %s (plugin ABI %d)\n", PACKAGE_VERSION, THRIVE_PLUGIN_ABI);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    thrive_unknown_command("", argv[1]);
    return EXIT_USAGE;
}
