/* report.c - the HTML report's page: head, style, header, contents,
 * sections, footer (see report.h).  The sections are in report_eval.c
 * (one evaluation) and report_sites.c (several sites). */
#include "config.h"

#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "report_int.h"

/* The style sheet: system fonts only, contrast to WCAG 2.1 AA, A4 print. */
static const char style[] =
    ":root{--ink:#1a1a1a;--muted:#4f4f4f;--accent:#1f5c99;--rule:#d0d0d0}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:16px}\n"
    "body{margin:0;color:var(--ink);background:#fff;line-height:1.45;"
    "font-family:system-ui,'Segoe UI','Helvetica Neue',Arial,'Liberation Sans','DejaVu Sans',"
    "sans-serif}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;"
    "padding:.4rem;z-index:1}\n"
    "header.page{background:#1f3b57;color:#fff;padding:1.4rem 2rem 1.2rem}\n"
    "header.page h1{margin:0 0 .35rem;font-size:1.9rem;line-height:1.2}\n"
    "header.page p{margin:.15rem 0;color:#f0f4f8}\n"
    "nav.toc{background:#eef2f6;border-bottom:1px solid var(--rule);padding:.5rem 2rem}\n"
    "nav.toc ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem}\n"
    "nav.toc a{color:#174a7c}\n"
    "main{max-width:80rem;margin:0 auto;padding:.5rem 2rem 2rem}\n"
    "h2{font-size:1.5rem;border-bottom:3px solid var(--accent);padding-bottom:.2rem;"
    "margin:2.2rem 0 .8rem}\n"
    "h3{font-size:1.2rem;margin:1.8rem 0 .6rem}\n"
    "h4{font-size:1.05rem;margin:1.4rem 0 .5rem}\n"
    "p.lead{font-size:1.1rem;max-width:52rem}\n"
    ".tiles{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.8rem;"
    "margin:1rem 0;padding:0;list-style:none}\n"
    ".tile{border:1px solid var(--rule);border-left:6px solid var(--accent);border-radius:4px;"
    "padding:.6rem .8rem;background:#f7f9fb}\n"
    ".tile .n{display:block;font-size:1.55rem;font-weight:700;line-height:1.2;white-space:nowrap}\n"
    ".tile .k{display:block;font-size:.92rem;color:var(--muted)}\n"
    "table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.4rem 0 1rem}\n"
    "caption{text-align:left;font-weight:600;padding:.2rem 0 .4rem}\n"
    "th,td{border-bottom:1px solid var(--rule);padding:.32rem .5rem;text-align:left;"
    "vertical-align:top}\n"
    "thead th{border-bottom:2px solid var(--ink);background:#f0f3f6;vertical-align:bottom}\n"
    "tbody th{font-weight:600}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}\n"
    "tbody th{min-width:7.5rem}\n"
    "tr.group th{background:#f7f9fb;color:var(--muted);font-weight:600;font-size:.85rem;"
    "padding-top:.6rem}\n"
    ".kv{max-width:44rem}\n"
    "tr.total th,tr.total td{border-top:2px solid var(--ink);font-weight:700}\n"
    ".scroll{overflow-x:auto;margin:.4rem 0 1rem}\n"
    ".scroll table{margin:0}\n"
    ".rag{display:inline-block;padding:0 .45rem;border-radius:3px;font-weight:600;"
    "white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    ".rag-on{background:#c6efce;color:#00570a}\n"
    ".rag-near{background:#ffeb9c;color:#6e4000}\n"
    ".rag-below{background:#ffc7ce;color:#8a0005}\n"
    ".muted{color:var(--muted)}\n"
    ".small{font-size:.85rem}\n"
    ".figure{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;"
    "align-items:start;margin:1rem 0;break-inside:avoid}\n"
    ".figure figure,figure.solo{margin:0}figure.solo,.stacked figure{max-width:46rem}\n"
    ".figure.stacked{grid-template-columns:1fr}\n"
    "@media (max-width:75rem){.figure{grid-template-columns:1fr}.figure figure{max-width:46rem}"
    ".tiles{grid-template-columns:repeat(2,minmax(0,1fr))}}\n"
    "svg.chart{width:100%;height:auto;display:block}\n"
    "svg text{font-family:inherit;font-size:13px;fill:#1a1a1a}\n"
    "svg .tick{font-size:12px;fill:#333}\n"
    "svg .axis-title,svg .legend{font-size:13px;fill:#333}\n"
    "svg .value{font-weight:600}\n"
    "svg .grid{stroke:#e4e4e4}\n"
    "svg .axis,svg .zero{stroke:#1a1a1a}\n"
    "svg .bar{fill:#2a6db0}\n"
    "svg .whisker{stroke:#1a1a1a;stroke-width:1.6;fill:none}\n"
    "svg .mark{stroke:#b04500;stroke-width:3}\n"
    "svg .p0{stroke:#1a1a1a;stroke-width:1.5}\n"
    "svg .lim95{stroke:#2a6db0;stroke-width:1.5;fill:none;stroke-dasharray:6 3}\n"
    "svg .lim998{stroke:#b04500;stroke-width:1.5;fill:none;stroke-dasharray:2 3}\n"
    "svg .site{fill:#fff;stroke:#1a1a1a;stroke-width:1.5}\n"
    "svg .site-no{font-size:11px;font-weight:700}\n"
    ".warn{border-left:6px solid #8a0005;background:#fff0f1;padding:.6rem .9rem;margin:1rem 0}\n"
    ".warn h3,.warn h4{margin-top:0}\n"
    ".note{border-left:6px solid var(--accent);background:#f3f6f9;padding:.6rem .9rem;"
    "margin:1rem 0}\n"
    "dl.about{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\n"
    "dl.about dt{font-weight:600}dl.about dd{margin:0;overflow-wrap:anywhere}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:.85em}\n"
    "footer.page{border-top:1px solid var(--rule);color:var(--muted);padding:1rem 2rem 2rem;"
    "max-width:80rem;margin:0 auto;font-size:.9rem}\n"
    "article.site{border-top:6px solid #1f3b57;margin-top:3rem}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{html{font-size:10pt}header.page{background:none;color:#000;padding:0 0 .5rem;"
    "border-bottom:2px solid #000}header.page p{color:#000}nav.toc,.skip{display:none}"
    "main,footer.page{max-width:none;padding:0}.figure{grid-template-columns:1fr}"
    "h2,h3,h4{break-after:avoid}tr,.tile,.warn,.note{break-inside:avoid}"
    "table{font-size:8.5pt}th,td{padding:.2rem .3rem}.scroll{overflow:visible}"
    "a{color:inherit;text-decoration:none}}\n";

/* ---- layout helpers ---- */

void sec_open(hw *w, int level, const char *prefix, const char *name, const char *title)
{
    hw_fmt(w, "<section aria-labelledby=\"%s%s\">\n<h%d id=\"%s%s\">", prefix, name, level, prefix,
           name);
    hw_text(w, title);
    hw_fmt(w, "</h%d>\n", level);
}

void sec_close(hw *w)
{
    hw_raw(w, "</section>\n");
}

void fig_open(hw *w)
{
    hw_raw(w, "<div class=\"figure\">\n<figure>\n");
}

void fig_open_stacked(hw *w)
{
    hw_raw(w, "<div class=\"figure stacked\">\n<figure>\n");
}

void fig_table_open(hw *w, const char *caption)
{
    hw_raw(w, "</figure>\n<div>\n");
    table_open(w, caption);
}

void fig_close(hw *w)
{
    table_close(w);
    hw_raw(w, "</div>\n</div>\n");
}

void table_open(hw *w, const char *caption)
{
    table_open_class(w, caption, "scroll");
}

void table_open_class(hw *w, const char *caption, const char *cls)
{
    /* A region that scrolls must be reachable from the keyboard. */
    hw_fmt(w, "<div class=\"%s\" role=\"region\" tabindex=\"0\" aria-label=\"", cls);
    hw_text(w, caption);
    hw_raw(w, "\">\n<table>\n<caption>");
    hw_text(w, caption);
    hw_raw(w, "</caption>\n");
}

void table_close(hw *w)
{
    hw_raw(w, "</table>\n</div>\n");
}

void th_col(hw *w, const char *text)
{
    hw_elem(w, "th scope=\"col\"", text);
}

void th_row(hw *w, const char *text)
{
    hw_elem(w, "th scope=\"row\"", text);
}

void tr_open(hw *w, const char *heading)
{
    hw_raw(w, "<tr>");
    th_row(w, heading);
}

void td_num(hw *w, const char *text)
{
    hw_elem(w, "td class=\"num\"", text);
}

void td_rate(hw *w, fig rate, fig achieved, fig eligible, bool small_base)
{
    char a[FIG_BUF], b[FIG_BUF];
    hw_raw(w, "<td class=\"num\">");
    hw_text(w, fmt_pct(a, rate));
    if (small_base)
        hw_raw(w, "<abbr title=\"small base: fewer than 30 eligible\">*</abbr>");
    hw_raw(w, "<br><span class=\"small muted\">");
    hw_textf(w, "%s of %s", fmt_count(a, achieved), fmt_count(b, eligible));
    hw_raw(w, "</span></td>");
}

void tile(hw *w, const char *figure, const char *key)
{
    hw_raw(w, "<li class=\"tile\"><span class=\"n\">");
    hw_text(w, figure);
    hw_raw(w, "</span><span class=\"k\">");
    hw_text(w, key);
    hw_raw(w, "</span></li>\n");
}

const char *summary_currency(const json_t *s)
{
    const char *c = jstr(jobj(s, "model"), "currency");
    if (!c)
        c = jstr(s, "currency"); /* a compare summary */
    return c && *c ? c : "GBP";
}

/* ---- contents ---- */

static void toc_item(hw *w, const char *id, const char *title)
{
    hw_fmt(w, "<li><a href=\"#%s\">", id);
    hw_text(w, title);
    hw_raw(w, "</a></li>\n");
}

/* A section written only when it has something to show. */
static void toc_if(hw *w, bool shown, const char *id, const char *title)
{
    if (shown)
        toc_item(w, id, title);
}

/* The sections of one evaluation, as report_evaluation writes them. */
static void toc_evaluation(hw *w, const json_t *s)
{
    toc_item(w, "glance", "At a glance");
    toc_item(w, "costs", "Costs");
    toc_item(w, "outputs", "Outputs");
    toc_item(w, "outcomes", "Outcomes");
    toc_item(w, "value", "Value for money");
    toc_if(w, json_array_size(jarr(jobj(s, "value_for_money"), "sensitivity")), "sensitivity",
           "Sensitivity");
    toc_if(w, summary_has_strategy(s), "blocks", "Building blocks");
    toc_if(w, json_array_size(jarr(s, "distance_travelled")), "distance", "Distance travelled");
    toc_if(w, json_object_size(jobj(s, "breakdowns")), "breakdowns", "Breakdowns");
    toc_if(w, json_array_size(jarr(s, "quarters")), "quarters", "Quarters");
    toc_if(w, json_object_size(jobj(s, "plugin_measures")), "plugin", "The plugin's measures");
    toc_item(w, "quality", "Data quality");
    toc_item(w, "about", "About");
}

static void toc_comparison(hw *w, const json_t *s)
{
    const json_t *compared = jobj(s, "compared");
    toc_item(w, "glance", "At a glance");
    toc_item(w, "sites", "Sites side by side");
    toc_if(w, json_array_size(jarr(compared, "outcomes")), "outcomes", "Outcomes compared");
    toc_if(w, json_array_size(jarr(compared, "areas")), "distance", "Distance travelled");
    toc_item(w, "data", "The sites' data");
}

void report_toc(hw *w, json_t *const *s, const char *const *names, size_t n)
{
    hw_raw(w, "<nav class=\"toc\" aria-label=\"Contents\">\n<ul>\n");
    if (n == 1 && report_kind_of(s[0]) == REPORT_EVALUATE)
        toc_evaluation(w, s[0]);
    else if (n == 1)
        toc_comparison(w, s[0]);
    else {
        toc_item(w, "sites", "Sites side by side");
        for (size_t i = 0; i < n; i++) {
            char id[32];
            snprintf(id, sizeof id, "site-%zu", i + 1);
            toc_item(w, id, names[i]);
        }
    }
    hw_raw(w, "</ul>\n</nav>\n");
}

/* ---- the page ---- */

report_kind report_kind_of(const json_t *s)
{
    if (!json_is_object(s))
        return REPORT_NOT_SUMMARY;
    if (jobj(s, "programme") && jarr(s, "sites"))
        return REPORT_COMPARE;
    if (jobj(s, "model") && jarr(s, "outcomes"))
        return REPORT_EVALUATE;
    return REPORT_NOT_SUMMARY;
}

/* The page's title: the one summary's, or what several are. */
static void page_title(hw *w, json_t *const *s, size_t n)
{
    if (n == 1) {
        const json_t *head =
            jobj(s[0], report_kind_of(s[0]) == REPORT_COMPARE ? "programme" : "model");
        const char *title = jstr(head, "title");
        hw_text(w, title && *title ? title : jstr(head, "id"));
    } else {
        hw_textf(w, "%zu evaluations side by side", n);
    }
}

static void page_head(hw *w, json_t *const *s, size_t n)
{
    hw_raw(w, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta name=\"generator\" content=\"thrive " PACKAGE_VERSION "\">\n<title>");
    page_title(w, s, n);
    hw_raw(w, " \xE2\x80\x94 evaluation report</title>\n<style>\n");
    hw_raw(w, style);
    hw_raw(w,
           "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the report</a>\n");
}

/* Site names for several summaries: the model's title, then the data
 * file where two titles are the same. */
static const char **site_names(json_t *const *s, size_t n)
{
    const char **names = calloc(n, sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *m = jobj(s[i], "model");
        names[i] = jstr(m, "title") ? jstr(m, "title") : jstr(m, "id");
        if (!names[i])
            names[i] = "(untitled)";
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j && strcmp(names[i], names[j]) == 0 && jstr(jobj(s[i], "data"), "file")) {
                names[i] = jstr(jobj(s[i], "data"), "file");
                break;
            }
    return names;
}

static void page_body(hw *w, json_t *const *s, const char **names, size_t n)
{
    if (n == 1 && report_kind_of(s[0]) == REPORT_EVALUATE) {
        report_evaluation(w, s[0], 2, "");
        return;
    }
    if (n == 1) {
        report_comparison(w, s[0], 2, "");
        return;
    }
    report_side_by_side(w, s, names, n);
}

thrive_error report_render(json_t *const *s, size_t n, FILE *out, const char *where, diag_list *dl)
{
    if (n == 0) {
        diag_error(dl, where, 0, 0, "no summary to report on");
        return THRIVE_ERROR_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        report_kind k = report_kind_of(s[i]);
        if (k == REPORT_NOT_SUMMARY) {
            diag_error(dl, where, 0, 0,
                       "summary %zu is not the summary of `thrive evaluate` or `thrive compare` "
                       "(it has neither \"model\" and \"outcomes\" nor \"programme\" and "
                       "\"sites\"); write one with --summary",
                       i + 1);
            return THRIVE_ERROR_DATA;
        }
        if (k == REPORT_COMPARE && n > 1) {
            diag_error(dl, where, 0, 0,
                       "summary %zu is a comparison: report on it alone (a comparison already "
                       "puts its sites side by side)",
                       i + 1);
            return THRIVE_ERROR_USAGE;
        }
    }
    const char **names = n > 1 ? site_names(s, n) : NULL;
    if (n > 1 && !names) {
        diag_error(dl, where, 0, 0, "out of memory");
        return THRIVE_ERROR_NOMEM;
    }
    hw w = {.out = out};
    page_head(&w, s, n);
    report_header(&w, s, names, n);
    hw_raw(&w, "<main id=\"main\">\n");
    page_body(&w, s, names, n);
    free(names);
    hw_raw(&w, "</main>\n");
    report_footer(&w, s, n);
    hw_raw(&w, "</body>\n</html>\n");
    if (w.failed || ferror(out)) {
        diag_error(dl, where, 0, 0, "cannot write the report: %s",
                   errno ? strerror(errno) : "write failed");
        return THRIVE_ERROR_OUTPUT;
    }
    return THRIVE_OK;
}

thrive_error report_write(json_t *const *s, size_t n, const char *path, diag_list *dl)
{
    char *tmp = outfile_temp(path);
    FILE *out = tmp ? fopen(tmp, "w") : NULL;
    if (!out) {
        diag_error(dl, path, 0, 0, "cannot write the report: %s", strerror(errno));
        if (tmp)
            outfile_discard(tmp);
        free(tmp);
        return THRIVE_ERROR_OUTPUT;
    }
    errno = 0;
    thrive_error e = report_render(s, n, out, path, dl);
    if (fclose(out) != 0 && e == THRIVE_OK) {
        diag_error(dl, path, 0, 0, "cannot write the report: %s", strerror(errno));
        e = THRIVE_ERROR_OUTPUT;
    }
    if (e == THRIVE_OK && outfile_commit(tmp, path) != 0) {
        diag_error(dl, path, 0, 0, "cannot write the report: %s", strerror(errno));
        e = THRIVE_ERROR_OUTPUT;
    } else if (e != THRIVE_OK) {
        outfile_discard(tmp);
    }
    free(tmp);
    return e;
}
