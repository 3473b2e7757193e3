/* diagram.c - DOT output of a logic model, and its drawing by Graphviz
 * (see diagram.h). */
#include "diagram.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* S as a DOT string; with WRAP > 0, a space becomes a line break where
 * the next word would take the line past WRAP bytes, so that a long
 * label makes a narrower box and the picture stays legible when scaled. */
static void put_wrapped(FILE *out, const char *s, size_t wrap)
{
    fputc('"', out);
    size_t line = 0;
    for (; s && *s; s++) {
        if (*s == ' ' && wrap && line > 0 && line + 1 + strcspn(s + 1, " \n") > wrap) {
            fputs("\\n", out);
            line = 0;
            continue;
        }
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if (*s == '\n') {
            fputs("\\n", out);
            line = 0;
        } else {
            fputc(*s, out);
            line++;
        }
    }
    fputc('"', out);
}

static void put_quoted(FILE *out, const char *s)
{
    put_wrapped(out, s, 0);
}

/* Node labels are wrapped at about this many bytes. */
#define LABEL_WRAP 28

static void node(FILE *out, const char *prefix, const char *id, const char *label)
{
    fprintf(out, "    \"%s:", prefix);
    for (const char *p = id; p && *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputs("\" [label=", out);
    put_wrapped(out, label ? label : id, LABEL_WRAP);
    fputs("];\n", out);
}

static void edge(FILE *out, const char *pa, const char *a, const char *pb, const char *b)
{
    fprintf(out, "  \"%s:%s\" -> \"%s:%s\";\n", pa, a, pb, b);
}

#define COLUMN(name, title, colour, arr, n)                                                        \
    do {                                                                                           \
        fprintf(out,                                                                               \
                "  subgraph cluster_%s {\n    label=\"%s\"; style=filled; "                        \
                "color=\"%s\"; rank=same;\n",                                                      \
                name, title, colour);                                                              \
        for (size_t i = 0; i < (n); i++)                                                           \
            node(out, name, (arr)[i].id, (arr)[i].label);                                          \
        fputs("  }\n", out);                                                                       \
    } while (0)

/* An edge from each item named in LIST of every item of ARR (in column
 * TO) back to it (in column FROM). */
#define EDGES(from, to, arr, count, list)                                                          \
    do {                                                                                           \
        for (size_t i = 0; i < (count); i++)                                                       \
            for (size_t j = 0; j < (arr)[i].list.n; j++)                                           \
                edge(out, from, (arr)[i].list.ids[j], to, (arr)[i].id);                            \
    } while (0)

thrive_error diagram_write(const model *m, FILE *out)
{
    fputs("digraph logic_model {\n  rankdir=LR;\n  newrank=true;\n"
          "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=Helvetica];\n",
          out);
    fputs("  label=", out);
    put_quoted(out, m->title ? m->title : m->id);
    fputs("; labelloc=t; fontname=Helvetica;\n", out);
    COLUMN("inputs", "Inputs", "#dbe9f6", m->inputs, m->n_inputs);
    COLUMN("activities", "Activities", "#e3f1dc", m->activities, m->n_activities);
    COLUMN("outputs", "Outputs", "#fdf1d6", m->outputs, m->n_outputs);
    COLUMN("outcomes", "Outcomes", "#f9dfd6", m->outcomes, m->n_outcomes);
    COLUMN("impacts", "Impacts", "#e9ddf2", m->impacts, m->n_impacts);
    EDGES("inputs", "activities", m->activities, m->n_activities, uses);
    EDGES("activities", "outputs", m->outputs, m->n_outputs, from);
    EDGES("outputs", "outcomes", m->outcomes, m->n_outcomes, from);
    EDGES("outcomes", "impacts", m->impacts, m->n_impacts, from);
    fputs("}\n", out);
    return ferror(out) ? THRIVE_ERROR_OUTPUT : THRIVE_OK;
}

/* ---- drawing with Graphviz ---- */

const char *diagram_dot(char *buf, size_t size)
{
    const char *env = getenv("THRIVE_DOT");
    if (env)
        return *env && snprintf(buf, size, "%s", env) < (int)size ? buf : NULL;
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t n = strcspn(path, ":");
        if (snprintf(buf, size, "%.*s%sdot", (int)n, path, n ? "/" : "") < (int)size &&
            access(buf, X_OK) == 0)
            return buf;
        path += n + (path[n] == ':');
    }
    return NULL;
}

/* A growing buffer of bytes. */
typedef struct bytes {
    unsigned char *p;
    size_t len, cap;
} bytes;

static bool bytes_read(bytes *b, int fd, bool *eof)
{
    if (b->cap - b->len < 65536) {
        size_t cap = b->cap ? b->cap * 2 : 131072;
        unsigned char *p = realloc(b->p, cap);
        if (!p)
            return false;
        b->p = p;
        b->cap = cap;
    }
    ssize_t n = read(fd, b->p + b->len, b->cap - b->len);
    if (n > 0)
        b->len += (size_t)n;
    else if (n == 0 || errno != EINTR)
        *eof = true;
    return true;
}

/* Feed IN (N bytes) to fd TO and read fds FROM (the output) and ERR (its
 * messages) until both end, without blocking on either side.  False when
 * out of memory. */
static bool pump(int to, const char *in, size_t n, int from, bytes *out, int err, bytes *msg)
{
    size_t sent = 0;
    bool out_eof = false, err_eof = false;
    while (!out_eof || !err_eof) {
        struct pollfd p[3] = {{from, POLLIN, 0}, {err, POLLIN, 0}, {to, POLLOUT, 0}};
        nfds_t k = to >= 0 ? 3 : 2;
        p[0].fd = out_eof ? -1 : from;
        p[1].fd = err_eof ? -1 : err;
        if (poll(p, k, -1) < 0) {
            if (errno == EINTR)
                continue;
            return true; /* treated as the end: dot's status says what happened */
        }
        if (p[0].revents && !bytes_read(out, from, &out_eof))
            return false;
        if (p[1].revents && !bytes_read(msg, err, &err_eof))
            return false;
        if (to >= 0 && p[2].revents) {
            /* at most PIPE_BUF at a time: a write that poll allows then
             * never blocks */
            bool can = p[2].revents & POLLOUT;
            size_t chunk = n - sent < PIPE_BUF ? n - sent : PIPE_BUF;
            ssize_t w = can ? write(to, in + sent, chunk) : -1;
            if (w > 0)
                sent += (size_t)w;
            if (sent == n || (w < 0 && (!can || (errno != EINTR && errno != EAGAIN)))) {
                close(to);
                to = -1;
            }
        }
    }
    if (to >= 0)
        close(to);
    return true;
}

/* Start DOT -TFORMAT with pipes for its input, output and messages. */
static pid_t spawn_dot(const char *dot, const char *format, int fds[3])
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    pid_t pid = -1;
    char t[16];
    snprintf(t, sizeof t, "-T%s", format);
    char *argv[] = {(char *)dot, t, NULL};
    posix_spawn_file_actions_t fa;
    if (pipe(in) == 0 && pipe(out) == 0 && pipe(err) == 0 &&
        posix_spawn_file_actions_init(&fa) == 0) {
        posix_spawn_file_actions_adddup2(&fa, in[0], 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, err[1], 2);
        for (int i = 0; i < 2; i++) {
            posix_spawn_file_actions_addclose(&fa, in[i]);
            posix_spawn_file_actions_addclose(&fa, out[i]);
            posix_spawn_file_actions_addclose(&fa, err[i]);
        }
        if (posix_spawn(&pid, dot, &fa, NULL, argv, environ) != 0)
            pid = -1;
        posix_spawn_file_actions_destroy(&fa);
    }
    int ends[6] = {in[0], out[1], err[1], in[1], out[0], err[0]};
    for (int i = 0; i < 3; i++)
        if (ends[i] >= 0)
            close(ends[i]);
    fds[0] = in[1];
    fds[1] = out[0];
    fds[2] = err[0];
    if (pid < 0)
        for (int i = 0; i < 3; i++)
            if (fds[i] >= 0)
                close(fds[i]);
    return pid;
}

/* The graph of M as text, in *TEXT (*N bytes). */
static bool graph_text(const model *m, char **text, size_t *n)
{
    FILE *f = open_memstream(text, n);
    if (!f)
        return false;
    bool ok = diagram_write(m, f) == THRIVE_OK;
    return fclose(f) == 0 && ok;
}

/* The first line of dot's messages, for the error. */
static void first_line(const bytes *msg, char *why, size_t size)
{
    size_t n = 0;
    while (n < msg->len && msg->p[n] != '\n' && n < 200)
        n++;
    snprintf(why, size, "%s%.*s", n ? ": " : "", (int)n, msg->p ? (const char *)msg->p : "");
}

/* A drawing under way: dot started, the graph (partly) on its input. */
struct diagram_job {
    char dot[4096]; /* the program */
    char format[8];
    pid_t pid; /* -1: it could not be started (errno in err) */
    int err;
    int fds[3]; /* dot's input (-1 once all sent), output, messages */
    char *text; /* the graph */
    size_t n, sent;
};

/* As much of the graph as dot takes now, without waiting. */
static void send_some(diagram_job *j)
{
    while (j->fds[0] >= 0 && j->sent < j->n) {
        size_t chunk = j->n - j->sent < PIPE_BUF ? j->n - j->sent : PIPE_BUF;
        ssize_t w = write(j->fds[0], j->text + j->sent, chunk);
        if (w > 0)
            j->sent += (size_t)w;
        else if (w < 0 && errno == EINTR)
            continue;
        else
            break;
    }
}

/* A dot that dies early must not take thrive with it (SIGPIPE): ignored
 * while thrive writes to it. */
static void ignore_sigpipe(struct sigaction *old)
{
    struct sigaction ign = {.sa_handler = SIG_IGN};
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, old);
}

thrive_error diagram_start(const model *m, const char *format, diagram_job **out)
{
    *out = NULL;
    diagram_job *j = calloc(1, sizeof *j);
    if (!j)
        return THRIVE_ERROR_NOMEM;
    j->pid = -1;
    j->fds[0] = j->fds[1] = j->fds[2] = -1;
    snprintf(j->format, sizeof j->format, "%s", format);
    if (!diagram_dot(j->dot, sizeof j->dot)) {
        *out = j; /* "not installed", said by diagram_finish */
        return THRIVE_OK;
    }
    if (!graph_text(m, &j->text, &j->n)) {
        free(j->text);
        free(j);
        return THRIVE_ERROR_NOMEM;
    }
    struct sigaction old;
    ignore_sigpipe(&old);
    j->pid = spawn_dot(j->dot, format, j->fds);
    j->err = errno;
    if (j->pid > 0 && fcntl(j->fds[0], F_SETFL, O_NONBLOCK) == 0)
        send_some(j); /* the graph is small: usually all of it, and dot is at work */
    sigaction(SIGPIPE, &old, NULL);
    *out = j;
    return THRIVE_OK;
}

thrive_error diagram_finish(diagram_job *j, unsigned char **out, size_t *len, char *why,
                            size_t why_size)
{
    *out = NULL;
    *len = 0;
    if (!j->dot[0] || !j->text) {
        snprintf(why, why_size, "Graphviz's dot is not installed (the package graphviz)");
        free(j);
        return THRIVE_ERROR_OUTPUT;
    }
    struct sigaction old;
    ignore_sigpipe(&old);
    bytes got = {0}, msg = {0};
    bool mem = true;
    int status = -1;
    if (j->pid > 0) {
        mem = pump(j->fds[0], j->text + j->sent, j->n - j->sent, j->fds[1], &got, j->fds[2], &msg);
        close(j->fds[1]);
        close(j->fds[2]);
        while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    sigaction(SIGPIPE, &old, NULL);
    thrive_error e = THRIVE_OK;
    if (!mem)
        e = THRIVE_ERROR_NOMEM;
    else if (j->pid <= 0) {
        snprintf(why, why_size, "cannot run %s: %s", j->dot, strerror(j->err));
        e = THRIVE_ERROR_OUTPUT;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got.len == 0) {
        char line[256];
        first_line(&msg, line, sizeof line);
        snprintf(why, why_size, "%s -T%s failed%s", j->dot, j->format, line);
        e = THRIVE_ERROR_OUTPUT;
    }
    free(msg.p);
    free(j->text);
    free(j);
    if (e != THRIVE_OK) {
        free(got.p);
        return e;
    }
    *out = got.p;
    *len = got.len;
    return THRIVE_OK;
}

thrive_error diagram_render(const model *m, const char *format, unsigned char **out, size_t *len,
                            char *why, size_t why_size)
{
    diagram_job *j;
    thrive_error e = diagram_start(m, format, &j);
    return e != THRIVE_OK ? e : diagram_finish(j, out, len, why, why_size);
}
