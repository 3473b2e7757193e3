/* diagram.c - DOT output of a logic model (see diagram.h). */
#include "diagram.h"

static void put_quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

static void node(FILE *out, const char *prefix, const char *id, const char *label)
{
    fprintf(out, "    \"%s:", prefix);
    for (const char *p = id; p && *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputs("\" [label=", out);
    put_quoted(out, label ? label : id);
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
