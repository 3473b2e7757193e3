/* outfile.h - write an output safely: to a temporary file beside the
 * target, renamed into place only when complete, so that a failed run never
 * leaves a half-written file nor destroys an existing one. */
#ifndef THRIVE_OUTFILE_H
#define THRIVE_OUTFILE_H

/* Create an empty temporary file in PATH's directory and return its name
 * (free it after outfile_commit or outfile_discard), or NULL with errno
 * set.  Until then, SIGINT, SIGTERM, SIGHUP or SIGQUIT removes it before
 * the program dies. */
char *outfile_temp(const char *path);

/* Rename TMP onto PATH; on failure remove TMP.  Returns 0 or -1 (errno). */
int outfile_commit(const char *tmp, const char *path);

/* Remove TMP after a failure. */
void outfile_discard(const char *tmp);

#endif
