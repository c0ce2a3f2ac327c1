/* The sales report, computed from the journal (journal.h): per sales session and per product, the
 * time it was featured, and orders, units and revenue while it was featured and overall, exact in
 * minor units. Pure functions on plain data: any thread.
 *
 * The rules (the same as the live counters, struct olc_counters in core/session/session.h):
 * - test orders are never counted;
 * - an order line counts once: the same order id and product journaled again (a shop's poll
 *   delivering it twice, in this session or a later one) is left out;
 * - a session's orders count order ids, a product's orders count its lines; units always count;
 * - revenue counts only orders in the session's currency (the shop's at the start, else the first
 *   order's); others count in orders and units;
 * - "while featured": the product was on screen at the order's time, which is the shop's time of the
 *   order when it gave one (a poll brings orders late, after the host moved on) and else the time it
 *   arrived; a shop time after the arrival or more than OLC_REPORT_ORDER_DELAY_MS before it is a
 *   shop clock that is off, and the arrival is used. A featured interval is half-open, [from, to): an order at the very millisecond the deck
 *   moves from one product to the next counts for the new one.
 * - an interval still open at the session's end ends there; a session a crash left open ends at its
 *   last record. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/session/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest a shop's order can plausibly take to reach the plugin (polls, retries). */
#define OLC_REPORT_ORDER_DELAY_MS 120000

struct olc_report_product {
	char *product_id;
	char *title; /* the last title journaled for it; NULL: unknown */
	int number;  /* deck number when featured from a deck, 0 otherwise */
	int64_t featured_ms; /* total time on screen */
	struct olc_counters while_featured;
	struct olc_counters overall;
};

/* One featured interval, for the chart. */
struct olc_report_interval {
	size_t product; /* index into products */
	int64_t from_ms, to_ms;
};

struct olc_report_session {
	int64_t start_ms, end_ms; /* Unix ms; end_ms 0 while it runs */
	char currency[4];
	struct olc_counters total;
	struct olc_report_product *products; /* first featured or ordered first */
	size_t product_count;
	/* Beyond the shared contract, for the chart: */
	int64_t until_ms;                      /* end_ms, or the time the report was made while it runs */
	struct olc_report_interval *intervals; /* oldest first */
	size_t interval_count;
	int64_t *order_times; /* the time of each counted order line (as "while featured" uses it) */
	size_t order_time_count;
};

struct olc_report {
	struct olc_report_session *sessions; /* newest last */
	size_t count;
};
void olc_report_free(struct olc_report *r);

struct olc_journal_record;
/* Computes the report of records (in journal order). running: the id of the session still running
 * (its open intervals end at now_ms), 0: none. false only when memory runs out. */
bool olc_report_build(const struct olc_journal_record *records, size_t count, int64_t running, int64_t now_ms,
		      struct olc_report *out, struct olc_error *err);

/* "2026-12-04 13:05:09" (UTC, to the second) for Unix ms: how the report dates things for people and
 * spreadsheets. buf needs OLC_REPORT_TIME_LEN bytes. */
#define OLC_REPORT_TIME_LEN 32
void olc_report_time_text(int64_t ms, char *buf);

/* The report as CSV: UTF-8 with a BOM and CRLF line ends, so Excel and WPS open it right. One row
 * per product of each session (sessions[first..first+count)), then the session's total row:
 *   session_start, session_end, currency, number, product_id, title, featured_seconds,
 *   orders_featured, units_featured, revenue_featured, orders, units, revenue
 * Times are UTC ("2026-12-04 13:05:09"), money plain decimals ("168.00"); the total row has
 * product_id "" and title "TOTAL". malloc'd, its length in *len. */
char *olc_report_csv(const struct olc_report *r, size_t first, size_t count, size_t *len, struct olc_error *err);
/* The same sessions as JSON: {"sessions":[{start_ms, end_ms, currency, total:{orders, units,
 * revenue_minor}, products:[{product_id, title, number, featured_ms, while_featured:{...},
 * overall:{...}}]}]}, money in minor units (integers). malloc'd, NUL-terminated. */
char *olc_report_json(const struct olc_report *r, size_t first, size_t count, size_t *len, struct olc_error *err);

#ifdef __cplusplus
}
#endif
