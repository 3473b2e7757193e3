/* outfile.h - write an output safely (docs/manual/commands.md, "Outputs").
 *
 * An output is written to a temporary file and put in place only when
 * complete, so that a failed run never leaves a half-written file nor
 * destroys an existing one:
 *
 * - a regular file (or an absent one) is replaced by renaming a temporary
 *   file made beside it; the new file keeps the old one's permissions; a
 *   read-only file is refused;
 * - `-`, /dev/stdout (/dev/fd/1, /proc/self/fd/1) mean standard output,
 *   and a character device or a FIFO is written through, never replaced:
 *   the temporary file is then made in TMPDIR and copied to the target;
 * - any other kind of file (a directory, a block device, a socket) is
 *   refused.
 *
 * The outputs of one run are committed together when held (outfile_hold):
 * all or none.  Before anything is read, outfile_check makes sure that no
 * output names an input or another output.
 *
 * @code
 *     outfile_hold();
 *     thrive_error e = book_write(r, "a.xlsx", &dl);      // each: outfile_temp, then
 *     if (e == THRIVE_OK)                                  // outfile_commit (held)
 *         e = summary_write(r, "a.json", &dl);
 *     if (outfile_release(e == THRIVE_OK, &dl) != THRIVE_OK) ... // all, or none
 * @endcode
 */
#ifndef THRIVE_OUTFILE_H
#define THRIVE_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "error.h"

/* A file a command reads or writes, and what it is to the user (for
 * messages: "the case data (--data)"). */
typedef struct outfile_role {
    const char *path; /* NULL: not given, skipped */
    const char *what;
} outfile_role;

/* Whether PATH means standard output: "-", /dev/stdout, /dev/fd/1 or
 * /proc/self/fd/1. */
bool outfile_is_stdout(const char *path);

/* Check the N_OUT outputs OUT of a command against its N_IN inputs IN and
 * against each other, before anything is read: no output may be the same
 * file as an input or as another output (after following links: the same
 * device and inode, or for a file not there yet the same directory and
 * name), nor be read-only, a directory or a kind of file thrive does not
 * write.  Returns THRIVE_OK; THRIVE_ERROR_USAGE (an output names an input
 * or another output) or THRIVE_ERROR_OUTPUT (it cannot be written), with a
 * diag naming both in DL. */
thrive_error outfile_check(const outfile_role *in, size_t n_in, const outfile_role *out,
                           size_t n_out, diag_list *dl);

/* Create an empty temporary file for PATH and return its name (free it
 * after outfile_commit or outfile_discard), or NULL with errno set (EACCES
 * for a read-only target, EISDIR / EINVAL for one thrive does not write).
 * Until then, SIGINT, SIGTERM, SIGHUP or SIGQUIT removes it before the
 * program dies. */
char *outfile_temp(const char *path);

/* Put TMP in place as PATH (see the top of this file); on failure remove
 * TMP.  Held (outfile_hold), only note it for outfile_release.  Returns 0
 * or -1 (errno). */
int outfile_commit(const char *tmp, const char *path);

/* Remove TMP after a failure. */
void outfile_discard(const char *tmp);

/* Hold every commit from now on until outfile_release. */
void outfile_hold(void);

/* Put every held output in place when COMMIT, else remove them all.  When
 * one cannot be put in place, those already put back are restored (an
 * output that was absent is removed again), the rest are removed, and a
 * diag in DL says which: THRIVE_ERROR_OUTPUT.  A stream (standard output,
 * a FIFO, a device) is written last, and cannot be taken back. */
thrive_error outfile_release(bool commit, diag_list *dl);

#endif
