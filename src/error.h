/* error.h - the one error channel of the thrive core.
 *
 * Every operation of the core that can fail returns a thrive_error and, for
 * anything a user must be told, records a diag (file, line, column, what
 * was expected, what to do) in the caller's diag_list.  Only main.c prints
 * the list and turns an error into the program's exit status
 * (thrive_exit_status); nothing else in src/ writes to stderr but the
 * diagnostics module and the progress line.  Constructors return NULL.
 *
 * @code
 *     diag_list dl;
 *     diag_init(&dl);
 *     thrive_error e = evaluation_open(&ev, &opts, &dl);
 *     diag_print(&dl, stderr);
 *     if (e != THRIVE_OK)
 *         return thrive_exit_status(e);
 * @endcode
 */
#ifndef THRIVE_ERROR_H
#define THRIVE_ERROR_H

typedef enum thrive_error {
    THRIVE_OK = 0,         /* no error */
    THRIVE_ERROR_NOMEM,    /* an allocation failed: the result would be incomplete */
    THRIVE_ERROR_USAGE,    /* the command line or the call was wrong */
    THRIVE_ERROR_MODEL,    /* the logic model (or programme file) is invalid */
    THRIVE_ERROR_DATA,     /* the case data are unreadable or unusable */
    THRIVE_ERROR_PLUGIN,   /* a plugin is missing, unloadable, of another ABI, or failed */
    THRIVE_ERROR_OUTPUT,   /* an output could not be written */
    THRIVE_ERROR_REJECTED, /* finished, but rows were rejected under --strict (or over
                              --max-rejected) */
    THRIVE_ERROR_COUNT     /* not an error: the number of values above */
} thrive_error;

/* A sentence for E ("out of memory"); never NULL. */
const char *thrive_strerror(thrive_error e);

/* The error for a failed system call that set errno to E: out of memory
 * (ENOMEM) is THRIVE_ERROR_NOMEM, anything else OTHERWISE. */
thrive_error thrive_error_from_errno(int e, thrive_error otherwise);

/* The program's exit status for E (docs/manual/commands.md): 0 ok, 1 rejected rows under
 * --strict, 2 usage, 3 model, 4 data, 5 plugin, 6 output, 7 out of memory. */
int thrive_exit_status(thrive_error e);

#endif
