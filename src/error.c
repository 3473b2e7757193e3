/* error.c - messages and exit statuses of thrive_error (see error.h). */
#include "error.h"

#include <errno.h>

static const struct {
    const char *message;
    int exit_status;
} errors[THRIVE_ERROR_COUNT] = {
    [THRIVE_OK] = {"no error", 0},
    [THRIVE_ERROR_NOMEM] = {"out of memory", 7},
    [THRIVE_ERROR_USAGE] = {"usage error", 2},
    [THRIVE_ERROR_MODEL] = {"invalid logic model", 3},
    [THRIVE_ERROR_DATA] = {"unreadable or unusable case data", 4},
    [THRIVE_ERROR_PLUGIN] = {"plugin missing, unloadable, of another ABI, or failed", 5},
    [THRIVE_ERROR_OUTPUT] = {"an output could not be written", 6},
    [THRIVE_ERROR_REJECTED] = {"rows were rejected", 1},
};

const char *thrive_strerror(thrive_error e)
{
    if ((unsigned)e >= THRIVE_ERROR_COUNT)
        return "unknown error";
    return errors[e].message;
}

int thrive_exit_status(thrive_error e)
{
    if ((unsigned)e >= THRIVE_ERROR_COUNT)
        return 70; /* EX_SOFTWARE: a bug, never a silent success */
    return errors[e].exit_status;
}

thrive_error thrive_error_from_errno(int e, thrive_error otherwise)
{
    return e == ENOMEM ? THRIVE_ERROR_NOMEM : otherwise;
}
