/* cmd_help.c - `thrive help [COMMAND]`: the commands, or a command's man
 * page (thrive-COMMAND(1); `thrive help model` is thrive-model(5)). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "diag.h"
#include "plugins.h"

static const char help_usage[] = "Usage: thrive help [COMMAND]\n"
                                 "Without a command, list the commands; with one, show its\n"
                                 "manual page, thrive-COMMAND(1) (thrive help model: the logic\n"
                                 "model's format, thrive-model(5)).  See thrive(1).\n";

/* Run man(1) with ARG (a page name, or -l and a file); true when it showed
 * the page. */
static bool run_man(const char *flag, const char *arg)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        if (flag)
            execlp("man", "man", flag, arg, (char *)NULL);
        else
            execlp("man", "man", arg, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The page made in the build tree, for a thrive run from it (the pages
 * installed, if any, may be older); else the installed page. */
static bool show_page(const char *name, int section)
{
    char page[64];
    snprintf(page, sizeof page, "thrive-%s", name);
#ifdef BUILD_DIR
    char file[4096];
    snprintf(file, sizeof file, "%s/docs/man/%s.%d", BUILD_DIR, page, section);
    if (thrive_running_from_build_tree() && access(file, R_OK) == 0)
        return run_man("-l", file);
#else
    (void)section;
#endif
    return run_man(NULL, page);
}

int cmd_help(int argc, char **argv)
{
    if (argc == 1) {
        thrive_usage(stdout);
        printf("\n'thrive help COMMAND' shows a command's manual page; 'thrive help model'\n"
               "the logic model's format.  The user manual is in %s/manual.\n",
               DOCDIR);
        return EXIT_OK;
    }
    if (argc != 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help_usage, argc == 2 ? stdout : stderr);
        return argc == 2 ? EXIT_OK : EXIT_USAGE;
    }
    const char *name = argv[1];
    bool is_model = strcmp(name, "model") == 0;
    command_fn run = is_model ? NULL : command_find(name);
    if (!is_model && !run) {
        thrive_unknown_command("help: ", name);
        return EXIT_USAGE;
    }
    if (show_page(name, is_model ? 5 : 1))
        return EXIT_OK;
    /* No man, or no page: the command's own usage is better than nothing. */
    fprintf(stderr, "thrive: help: cannot show the manual page thrive-%s(%d)\n", name,
            is_model ? 5 : 1);
    if (is_model) {
        printf("The logic model's format is in the user manual, %s/manual/logic-model.md.\n",
               DOCDIR);
        return EXIT_OK;
    }
    char *args[] = {(char *)name, "--help", NULL};
    return run(2, args);
}
