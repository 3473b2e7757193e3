/* commands.h - the sub-commands of the thrive program, one file each
 * (src/cmd_NAME.c).  Each takes the arguments after "thrive" (ARGV[0] is
 * the command's name), prints its own diagnostics and returns the exit
 * status.  main.c holds the table that dispatches to them. */
#ifndef THRIVE_COMMANDS_H
#define THRIVE_COMMANDS_H

int cmd_evaluate(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_diagram(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_help(int argc, char **argv);

#include <stdio.h>

/* main.c: the usage message, and the function of command NAME (NULL when
 * there is none), for `thrive help`. */
typedef int (*command_fn)(int argc, char **argv);
void thrive_usage(FILE *out);
command_fn command_find(const char *name);
/* "thrive: WHERE unknown command 'NAME'", with the nearest command (or, for
 * a file named first, the command to put before it), then the usage. */
void thrive_unknown_command(const char *where, const char *name);

#endif
