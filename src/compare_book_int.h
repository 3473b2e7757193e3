/* compare_book_int.h - what compare_book.c (the workbook, Sites, Left out,
 * About) and compare_book_charts.c (Cost per outcome, Funnel, Distance by
 * site) share.  Not an API.  The cell helpers are the evaluation
 * workbook's (book_int.h). */
#ifndef THRIVE_COMPARE_BOOK_INT_H
#define THRIVE_COMPARE_BOOK_INT_H

#include "book_int.h"
#include "compare.h"
#include "programme.h"

/* Columns of the Sites sheet before the compared items. */
enum {
    SC_SITE,
    SC_SOURCE,
    SC_PARTICIPANTS,
    SC_COST,
    SC_OPTIMISM,
    SC_ADJUSTED,
    SC_PER_PARTICIPANT,
    SC_PV,
    SC_NPV,
    SC_SROI,
    SC_SROI_RANK,
    SC_NCOLS
};

/* Columns of a compared output, outcome and area, from its first. */
enum { SO_COUNT, SO_COST_PER_OUTPUT, SO_NCOLS };
enum {
    SOC_ELIGIBLE,
    SOC_ACHIEVED,
    SOC_RATE,
    SOC_RATE_LO,
    SOC_RATE_HI,
    SOC_NET,
    SOC_CPO,
    SOC_CPO_LO,
    SOC_CPO_HI,
    SOC_CPNO,
    SOC_PV,
    SOC_FUNNEL,
    SOC_RANK,
    SOC_RANK_BEST,
    SOC_RANK_WORST,
    SOC_NCOLS
};
enum { SA_N, SA_MEAN, SA_LO, SA_HI, SA_NCOLS };
/* Columns of a Child Poverty Strategy building block. */
enum { SB_NET, SB_PV, SB_NCOLS };

typedef struct cbook {
    book b; /* the workbook, its formats and the cell helpers */
    const comparison *c;
    const programme *p;
    const char *currency;
    time_t generated;
    sheet sites, cpo, funnel, distance, left_out, about;
    lxw_row_t site_row0; /* the first site's row on Sites; the total after the last */
    lxw_col_t output_col0, outcome_col0, area_col0;
    lxw_col_t block_col[COMPARE_BLOCKS]; /* 0: no site has the block */
    lxw_format *group_format;            /* a compared item's heading over its columns */
} cbook;

/* The row of site S, or of the programme total (S = n_sites), on Sites. */
lxw_row_t cb_site_row(const cbook *cb, size_t s);
/* The first column of compared output, outcome or area K on Sites. */
lxw_col_t cb_output_col(const cbook *cb, size_t k);
lxw_col_t cb_outcome_col(const cbook *cb, size_t k);
lxw_col_t cb_area_col(const cbook *cb, size_t k);

/* A figure's cell on Sites, referred to from sheet HERE. */
book_ref cb_sites_ref(const cbook *cb, const sheet *here, size_t s, lxw_col_t col);

/* The sheets of compare_book_charts.c. */
void cb_sheet_cost_per_outcome(cbook *cb);
void cb_sheet_funnel(cbook *cb);
void cb_sheet_distance(cbook *cb);

#endif
