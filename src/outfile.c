/* outfile.c - temporary file, then rename or copy (see outfile.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- what a target is ---- */

typedef enum kind {
    K_ABSENT,  /* not there yet: created by rename */
    K_REGULAR, /* replaced by rename */
    K_STDOUT,  /* "-" and its names: copied to file descriptor 1 */
    K_STREAM,  /* a character device or a FIFO: written through */
    K_BAD      /* a directory, a block device, a socket: refused */
} kind;

bool outfile_is_stdout(const char *path)
{
    return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0 ||
           strcmp(path, "/dev/fd/1") == 0 || strcmp(path, "/proc/self/fd/1") == 0;
}

/* What PATH is, its status (links followed) in *ST when it exists. */
static kind kind_of(const char *path, struct stat *st)
{
    if (outfile_is_stdout(path))
        return K_STDOUT;
    if (stat(path, st) != 0)
        return K_ABSENT;
    if (S_ISREG(st->st_mode))
        return K_REGULAR;
    if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode))
        return K_STREAM;
    return K_BAD;
}

/* The file a rename must replace: PATH, or the file its links lead to (a
 * link to an output stays a link).  Allocated; NULL with errno. */
static char *rename_target(const char *path, kind k)
{
    struct stat lst;
    if (k == K_REGULAR && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
        return realpath(path, NULL);
    return strdup(path);
}

/* Whether the existing regular file of status ST at PATH must not be
 * replaced: not writable by us, or writable by nobody (root may write
 * anything; a file made read-only says "keep me"). */
static bool read_only(const char *path, const struct stat *st)
{
    return access(path, W_OK) != 0 || (st->st_mode & 0222) == 0;
}

/* ---- temporary files removed on a signal ---- */

/* The temporary files (and backups, see release) not yet renamed or
 * removed.  Interrupted (Ctrl-C, a kill), the program removes them before
 * it dies: a run that stops at any point leaves nothing behind. */
#define LIVE_MAX 16
static char *_Atomic live[LIVE_MAX];

static void on_signal(int sig)
{
    for (int i = 0; i < LIVE_MAX; i++) {
        char *tmp = atomic_load(&live[i]);
        if (tmp)
            unlink(tmp);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watch(char *tmp)
{
    static bool installed;
    if (!installed) {
        installed = true;
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
            struct sigaction sa = {.sa_handler = on_signal}, old;
            sigemptyset(&sa.sa_mask);
            /* a signal ignored on purpose (nohup) stays ignored */
            if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
                sigaction(sigs[i], &sa, NULL);
        }
    }
    for (int i = 0; i < LIVE_MAX; i++) {
        char *none = NULL;
        if (atomic_compare_exchange_strong(&live[i], &none, tmp))
            return;
    }
}

/* Watch NEW instead of OLD (the same name, another copy). */
static void rewatch(const char *old, char *new)
{
    for (int i = 0; i < LIVE_MAX; i++)
        if (atomic_load(&live[i]) == old) {
            atomic_store(&live[i], new);
            return;
        }
    watch(new);
}

static void unwatch(const char *tmp)
{
    for (int i = 0; i < LIVE_MAX; i++)
        if (atomic_load(&live[i]) == tmp)
            atomic_store(&live[i], NULL);
}

/* ---- the temporary file ---- */

/* mkstemp on DIR/NAME-XXXXXX (DIR NULL: NAME is the whole prefix). */
static char *make_temp(const char *dir, const char *name, int *fd)
{
    size_t dl = dir ? strlen(dir) + 1 : 0, nl = strlen(name);
    char *tmp = malloc(dl + nl + sizeof "-XXXXXX");
    if (!tmp)
        return NULL;
    if (dir) {
        memcpy(tmp, dir, dl - 1);
        tmp[dl - 1] = '/';
    }
    memcpy(tmp + dl, name, nl);
    memcpy(tmp + dl + nl, "-XXXXXX", sizeof "-XXXXXX");
    *fd = mkstemp(tmp);
    if (*fd < 0) {
        int saved = errno;
        free(tmp);
        errno = saved;
        return NULL;
    }
    return tmp;
}

/* The longest file name in the directory of PATH (255 when it cannot
 * tell). */
static size_t name_max(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    long n = dir ? pathconf(dir, _PC_NAME_MAX) : -1;
    free(dir);
    return n > 0 ? (size_t)n : 255;
}

/* A mkstemp template beside TARGET: its name, then SUFFIX and "XXXXXX",
 * the name cut short where the whole would be longer than a file name may
 * be (a target of 250 bytes still gets its temporary file).  Allocated. */
static char *beside(const char *target, const char *suffix)
{
    const char *slash = strrchr(target, '/');
    size_t base = slash ? (size_t)(slash + 1 - target) : 0;
    size_t len = strlen(target), sl = strlen(suffix), max = name_max(target);
    if (len - base + sl + 6 > max && max > sl + 6 + 8)
        len = base + max - sl - 6;
    char *tmp = malloc(len + sl + sizeof "XXXXXX");
    if (!tmp)
        return NULL;
    memcpy(tmp, target, len);
    memcpy(tmp + len, suffix, sl);
    memcpy(tmp + len + sl, "XXXXXX", sizeof "XXXXXX");
    return tmp;
}

/* The directory for a temporary file that is copied, not renamed. */
static const char *temp_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

char *outfile_temp(const char *path)
{
    struct stat st;
    kind k = kind_of(path, &st);
    if (k == K_BAD) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return NULL;
    }
    if (k == K_REGULAR && read_only(path, &st)) {
        errno = EACCES;
        return NULL;
    }
    int fd;
    char *tmp;
    if (k == K_STDOUT || k == K_STREAM) {
        tmp = make_temp(temp_dir(), "thrive-out", &fd);
    } else {
        /* Beside the target, so that rename() stays within one file system. */
        char *target = rename_target(path, k);
        tmp = target ? beside(target, ".tmp-") : NULL;
        free(target);
        if (!tmp)
            return NULL;
        if ((fd = mkstemp(tmp)) < 0) {
            int saved = errno;
            free(tmp);
            errno = saved;
            return NULL;
        }
    }
    if (!tmp)
        return NULL;
    if (k == K_REGULAR) {
        /* the new file is the old one's: its owner (when we may) and mode */
        if (fchown(fd, st.st_uid, st.st_gid) != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0) {
            /* not ours to give: the mode alone */
        }
        fchmod(fd, st.st_mode & 07777);
    } else {
        /* mkstemp makes it 0600; a new output gets the usual permissions */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    close(fd);
    watch(tmp);
    return tmp;
}

/* ---- putting it in place ---- */

/* Copy the file FROM to the open descriptor FD; 0 or -1 (errno). */
static int copy_to(const char *from, int fd)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    char buf[64 * 1024];
    ssize_t got;
    int status = 0;
    while (status == 0 && (got = read(in, buf, sizeof buf)) != 0) {
        if (got < 0) {
            if (errno != EINTR)
                status = -1;
            continue;
        }
        for (ssize_t done = 0, n; status == 0 && done<got; done += n> 0 ? n : 0) {
            n = write(fd, buf + done, (size_t)(got - done));
            if (n < 0 && errno != EINTR)
                status = -1;
        }
    }
    int saved = errno;
    close(in);
    errno = saved;
    return status;
}

/* Write TMP through to the stream PATH (standard output when K_STDOUT). */
static int write_through(const char *tmp, const char *path, kind k)
{
    if (k == K_STDOUT) {
        fflush(stdout);
        return copy_to(tmp, STDOUT_FILENO);
    }
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int status = copy_to(tmp, fd);
    int saved = errno;
    if (close(fd) != 0 && status == 0)
        return -1;
    errno = saved;
    return status;
}

/* Put TMP in place as PATH now. */
static int commit_now(const char *tmp, const char *path)
{
    struct stat st;
    kind k = kind_of(path, &st);
    int status;
    if (k == K_STDOUT || k == K_STREAM) {
        status = write_through(tmp, path, k);
    } else if (k == K_BAD) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        status = -1;
    } else {
        char *target = rename_target(path, k);
        status = target ? rename(tmp, target) : -1;
        free(target);
    }
    int saved = errno;
    /* watched until gone: a signal after the rename finds nothing to remove */
    if (status != 0 || k == K_STDOUT || k == K_STREAM)
        unlink(tmp);
    unwatch(tmp);
    errno = saved;
    return status;
}

/* ---- held commits: all or none ---- */

typedef struct held {
    char *tmp, *path;
    char *target; /* renamed: the file replaced; NULL for a stream */
    char *backup; /* a second name of the file replaced, to put it back */
    bool existed, done;
} held;

static struct {
    bool on;
    held items[LIVE_MAX / 2];
    size_t n;
} hold;

void outfile_hold(void)
{
    hold.on = true;
}

int outfile_commit(const char *tmp, const char *path)
{
    if (!hold.on)
        return commit_now(tmp, path);
    held *h = hold.n < LIVE_MAX / 2 ? &hold.items[hold.n] : NULL;
    char *t = h ? strdup(tmp) : NULL, *p = t ? strdup(path) : NULL;
    if (!p) {
        free(t);
        outfile_discard(tmp);
        errno = h ? ENOMEM : EMFILE;
        return -1;
    }
    rewatch(tmp, t);
    *h = (held){.tmp = t, .path = p};
    hold.n++;
    return 0;
}

void outfile_discard(const char *tmp)
{
    if (tmp) {
        unlink(tmp);
        unwatch(tmp);
    }
}

/* A second name for the file H replaces (a hard link beside it), so that
 * it can be put back; without one (a file system without hard links) the
 * old file cannot be restored, and the commit goes on. */
static void make_backup(held *h)
{
    char *name = beside(h->target, ".old-");
    if (!name)
        return;
    size_t len = strlen(name);
    for (int attempt = 0; attempt < 8; attempt++) {
        memcpy(name + len - 6, "XXXXXX", 6);
        int fd = mkstemp(name);
        if (fd < 0)
            break;
        close(fd);
        unlink(name); /* the name was free a moment ago: link it */
        if (link(h->target, name) == 0) {
            h->backup = name;
            watch(name);
            return;
        }
        if (errno != EEXIST)
            break;
    }
    free(name);
}

/* Rename H's temporary file onto its target; 0 or -1 (errno). */
static int rename_held(held *h)
{
    struct stat st;
    kind k = kind_of(h->path, &st);
    if (k == K_BAD) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    h->existed = k == K_REGULAR;
    if (!(h->target = rename_target(h->path, k)))
        return -1;
    if (h->existed)
        make_backup(h);
    if (rename(h->tmp, h->target) != 0)
        return -1;
    unwatch(h->tmp);
    h->done = true;
    return 0;
}

/* Undo the renames done: each old file back, each new one gone. */
static void roll_back(void)
{
    for (size_t i = 0; i < hold.n; i++) {
        held *h = &hold.items[i];
        if (!h->done)
            continue;
        if (h->backup && rename(h->backup, h->target) == 0) {
            unwatch(h->backup);
            free(h->backup);
            h->backup = NULL;
        } else if (!h->existed) {
            unlink(h->target);
        }
    }
}

static void forget_held(void)
{
    for (size_t i = 0; i < hold.n; i++) {
        held *h = &hold.items[i];
        if (!h->done || h->target == NULL)
            outfile_discard(h->tmp);
        if (h->backup) {
            outfile_discard(h->backup);
            free(h->backup);
        }
        free(h->tmp);
        free(h->path);
        free(h->target);
    }
    hold.n = 0;
    hold.on = false;
}

static bool is_stream(const char *path)
{
    struct stat st;
    kind k = kind_of(path, &st);
    return k == K_STDOUT || k == K_STREAM;
}

thrive_error outfile_release(bool commit, diag_list *dl)
{
    thrive_error e = THRIVE_OK;
    /* the files renamed first, then the streams, which cannot be taken back */
    for (size_t i = 0; commit && e == THRIVE_OK && i < hold.n; i++) {
        held *h = &hold.items[i];
        if (!is_stream(h->path) && rename_held(h) != 0) {
            diag_error(dl, h->path, 0, 0,
                       "cannot put the finished file in place: %s; no output was changed",
                       strerror(errno));
            e = THRIVE_ERROR_OUTPUT;
        }
    }
    for (size_t i = 0; commit && e == THRIVE_OK && i < hold.n; i++) {
        held *h = &hold.items[i];
        if (is_stream(h->path)) {
            if (write_through(h->tmp, h->path, kind_of(h->path, &(struct stat){0})) != 0) {
                diag_error(dl, h->path, 0, 0, "cannot write the output there: %s", strerror(errno));
                e = THRIVE_ERROR_OUTPUT;
            }
        }
    }
    if (commit && e != THRIVE_OK)
        roll_back();
    forget_held();
    return e;
}

/* ---- outputs against inputs ---- */

/* Who a file is: its device and inode when it exists, else the real path
 * of its directory and its name (two absent outputs of the same name). */
typedef struct identity {
    kind k;
    dev_t dev;
    ino_t ino;
    char *name; /* K_ABSENT only */
} identity;

/* The directory of PATH made real, then its last part; NULL when the
 * directory does not exist (errno). */
static char *absent_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    int saved = errno;
    free(dir);
    if (!real) {
        errno = saved;
        return NULL;
    }
    const char *base = slash ? slash + 1 : path;
    size_t rl = strlen(real), bl = strlen(base);
    char *name = realloc(real, rl + bl + 2);
    if (!name) {
        free(real);
        return NULL;
    }
    name[rl] = '/';
    memcpy(name + rl + 1, base, bl + 1);
    return name;
}

static bool same(const identity *a, const identity *b)
{
    if (a->k == K_STDOUT || b->k == K_STDOUT)
        return a->k == b->k;
    if (a->k == K_ABSENT || b->k == K_ABSENT)
        return a->k == b->k && a->name && b->name && strcmp(a->name, b->name) == 0;
    return a->dev == b->dev && a->ino == b->ino;
}

/* Whether a file can be made in the directory of the file a rename of
 * PATH (of identity ID) would replace. */
static bool dir_writable(const char *path, const identity *id)
{
    char *name = id->k == K_ABSENT ? strdup(id->name) : realpath(path, NULL);
    char *slash = name ? strrchr(name, '/') : NULL;
    if (!slash) {
        free(name);
        return true; /* cannot tell: the writer will say */
    }
    slash[slash == name] = '\0';
    bool ok = access(name, W_OK | X_OK) == 0;
    free(name);
    return ok;
}

/* Whether the output OUT (of identity ID, status ST) can be written;
 * a diag when not. */
static thrive_error writable(const outfile_role *out, const identity *id, const struct stat *st,
                             diag_list *dl)
{
    if (id->k == K_BAD) {
        diag_error(dl, out->path, 0, 0, "cannot write %s there: %s", out->what,
                   S_ISDIR(st->st_mode) ? "it is a directory"
                                        : "it is neither a file nor a stream thrive writes to");
        return THRIVE_ERROR_OUTPUT;
    }
    if (id->k == K_REGULAR && read_only(out->path, st)) {
        diag_error(dl, out->path, 0, 0,
                   "is read-only: thrive does not replace it with %s (make it writable, or name "
                   "another file)",
                   out->what);
        return THRIVE_ERROR_OUTPUT;
    }
    if (id->k == K_ABSENT && !id->name) {
        diag_error(dl, out->path, 0, 0, "cannot write %s there: its directory does not exist",
                   out->what);
        return THRIVE_ERROR_OUTPUT;
    }
    if ((id->k == K_STDOUT || id->k == K_STREAM) && access(temp_dir(), W_OK | X_OK) != 0) {
        diag_error(dl, out->path, 0, 0,
                   "cannot write %s: it is made in a temporary file in %s (TMPDIR) first, and "
                   "that is not a directory thrive can write to (set TMPDIR to one)",
                   out->what, temp_dir());
        return THRIVE_ERROR_OUTPUT;
    }
    const char *base = id->k == K_ABSENT ? strrchr(id->name, '/') + 1 : NULL;
    if (base && strlen(base) > name_max(id->name)) {
        diag_error(dl, out->path, 0, 0,
                   "cannot write %s there: its name is %zu bytes long, and a file name on this "
                   "file system may have at most %zu (name a shorter file)",
                   out->what, strlen(base), name_max(id->name));
        return THRIVE_ERROR_OUTPUT;
    }
    if ((id->k == K_ABSENT || id->k == K_REGULAR) && !dir_writable(out->path, id)) {
        diag_error(dl, out->path, 0, 0,
                   "cannot write %s there: its directory is not writable (the file is made "
                   "beside it, then renamed)",
                   out->what);
        return THRIVE_ERROR_OUTPUT;
    }
    return THRIVE_OK;
}

static void identify(const char *path, identity *id, struct stat *st)
{
    *id = (identity){.k = kind_of(path, st)};
    if (id->k == K_ABSENT)
        id->name = absent_name(path);
    else if (id->k != K_STDOUT) {
        id->dev = st->st_dev;
        id->ino = st->st_ino;
    }
}

/* Output I against the inputs and the outputs before it. */
static thrive_error check_one(const outfile_role *in, size_t n_in, const outfile_role *out,
                              const identity *ids, size_t i, diag_list *dl)
{
    const identity *id = &ids[i];
    /* a stream (a terminal, /dev/null) may well be an input too: nothing
     * is replaced there */
    for (size_t j = 0; id->k == K_REGULAR && j < n_in; j++) {
        struct stat st;
        if (in[j].path && stat(in[j].path, &st) == 0 && st.st_dev == id->dev &&
            st.st_ino == id->ino) {
            diag_error(dl, out[i].path, 0, 0,
                       "%s would be written over %s (%s): thrive never writes over an input; "
                       "name another file",
                       out[i].what, in[j].what, in[j].path);
            return THRIVE_ERROR_USAGE;
        }
    }
    for (size_t j = 0; j < i; j++)
        if (out[j].path && (id->k == K_REGULAR || id->k == K_ABSENT || id->k == K_STDOUT) &&
            same(id, &ids[j])) {
            diag_error(dl, out[i].path, 0, 0,
                       "%s and %s (%s) are the same file: give each output its own name",
                       out[i].what, out[j].what, out[j].path);
            return THRIVE_ERROR_USAGE;
        }
    return THRIVE_OK;
}

thrive_error outfile_check(const outfile_role *in, size_t n_in, const outfile_role *out,
                           size_t n_out, diag_list *dl)
{
    identity *ids = calloc(n_out ? n_out : 1, sizeof *ids);
    if (!ids)
        return diag_nomem(dl, n_out ? out[0].path : "thrive");
    thrive_error e = THRIVE_OK;
    for (size_t i = 0; e == THRIVE_OK && i < n_out; i++) {
        if (!out[i].path)
            continue;
        struct stat st;
        identify(out[i].path, &ids[i], &st);
        e = check_one(in, n_in, out, ids, i, dl);
        if (e == THRIVE_OK)
            e = writable(&out[i], &ids[i], &st, dl);
    }
    for (size_t i = 0; i < n_out; i++)
        free(ids[i].name);
    free(ids);
    return e;
}
