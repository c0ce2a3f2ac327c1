/* What the shop providers share: strict reading of a shop's JSON answer, field readers that
 * explain what is wrong in plain words, exact shop prices, ISO 8601 times, the parse report,
 * a bounded set of order ids already seen, and plain-words HTTP failures. Internal to the
 * providers (provider-*.c); defined in provider.c. Pure functions unless noted: any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/base/error.h"
#include "core/net/http.h"
#include "core/model/money.h"
#include "core/shop/provider.h"
#include "core/shop/iso8601.h"
#include "core/net/url.h"

#ifdef __cplusplus
extern "C" {
#endif

/* No shop answer we read may be bigger than this, checked before parsing (the transport has
 * the same cap while receiving; files and fuzzers come through here too). */
#define OLC_SHOP_MAX_BYTES (8u * 1024u * 1024u)

/* Parses a shop's answer: the size cap, then jansson with JSON_REJECT_DUPLICATES. Errors in
 * plain words: an HTML page ("the shop answered with a web page, not JSON (maybe
 * maintenance?)"), invalid UTF-8, a cut-off answer, a duplicate field, not JSON. The result is
 * any JSON value (the caller checks the top-level shape); json_decref() it. */
json_t *olc_shop_json_load(const char *body, size_t len, struct olc_error *err);

/* What a value is, in words: "an object", "a list", "text", "a number", "true/false", "null". */
const char *olc_json_kind(const json_t *value);

/* Text field. Required: missing, null or "" is an error. Optional: those give *out = NULL. */
bool olc_shop_text(const json_t *object, const char *key, bool required, const char **out, struct olc_error *err);

/* "tags": a list of text (json and Shopify shapes), each non-empty one added to p. Absent or
 * null: no tags. */
bool olc_shop_text_tags(const json_t *object, struct olc_product *p, struct olc_error *err);

/* The first object of a list named name (for messages): *out NULL when the list is absent,
 * null or empty; an error when it is not a list or its first item is not an object. */
bool olc_shop_first_object(const json_t *list, const char *name, const json_t **out, struct olc_error *err);

/* An id given as text or as a whole number (WooCommerce ids are numbers): written to buf. */
bool olc_shop_id(const json_t *object, const char *key, char *buf, size_t len, struct olc_error *err);

/* Whole-number field. Absent or null: *present = false (an error when required). */
bool olc_shop_integer(const json_t *object, const char *key, bool required, bool *present, int64_t *out,
		      struct olc_error *err);

/* true/false field; absent or null gives fallback. */
bool olc_shop_bool(const json_t *object, const char *key, bool fallback, bool *out, struct olc_error *err);

/* A price as a shop writes it, parsed exactly by olc_money_parse(), except that zeros after the
 * currency's last decimal are accepted because they change nothing: Shopify writes "1980.0" for
 * a JPY price and WooCommerce may store "1980.00". "39.901" CNY stays an error. */
bool olc_shop_price(const char *text, const char *currency, struct olc_money *out, struct olc_error *err);

/* Reads a price field that must be text ("39.90"): JSON numbers are refused because they have
 * already gone through binary floating point. Optional: absent, null or "" gives *present false. */
bool olc_shop_price_field(const json_t *object, const char *key, const char *currency, bool required, bool *present,
			  struct olc_money *out, struct olc_error *err);

/* text if it is an http(s) link (olc_url_is_web), else NULL: shop data never puts another
 * scheme (javascript:, file:, data:) into a QR code or an image request. */
const char *olc_shop_web_url(const char *text);

void olc_parse_report_init(struct olc_parse_report *r);
/* Counts one rejected item and keeps the first reason. */
void olc_parse_report_reject(struct olc_parse_report *r, const char *fmt, ...) OLC_PRINTF(2, 3);

/* Order ids already reported, so that overlapping time windows never report an order twice.
 * Bounded: the oldest ids are forgotten first. Not thread-safe (one provider state owns it). */
struct olc_seen_ids {
	char **ids;
	size_t capacity;
	size_t count;
	size_t next;
};
bool olc_seen_ids_init(struct olc_seen_ids *s, size_t capacity);
void olc_seen_ids_free(struct olc_seen_ids *s);
bool olc_seen_ids_has(const struct olc_seen_ids *s, const char *id);
bool olc_seen_ids_add(struct olc_seen_ids *s, const char *id);

/* Moves the orders of got not yet in seen and dated no later than latest_ms into out (none on
 * the first poll: it only learns what is there), and remembers their ids. Later-dated orders
 * stay in got, not remembered. false when memory runs out (err says so). got keeps what was not
 * moved; the caller frees it. */
bool olc_take_unseen_orders(struct olc_seen_ids *seen, struct olc_order_list *got, bool first, int64_t latest_ms,
			    struct olc_order_list *out, struct olc_error *err);

/* The shop's clock, learnt from the Date header of its answers. Its orders are dated by that
 * clock, so order windows are reckoned by it: this computer's clock may be off by hours. */
struct olc_shop_clock {
	bool known;
	int64_t offset_ms; /* the shop's clock minus ours */
};
/* Notes the Date header of resp (if it has a readable one), received when our clock said now_ms. */
void olc_shop_clock_note(struct olc_shop_clock *c, const struct olc_http_response *resp, int64_t now_ms);
/* The shop's time when ours is now_ms: ours while no Date header was seen. */
int64_t olc_shop_clock_now(const struct olc_shop_clock *c, int64_t now_ms);

/* An order dated more than this after the shop's clock has a wrong date (an admin can edit
 * dates), not a sale of this moment: a shop's web front and database clocks may differ by
 * minutes, not by an hour. */
#define OLC_ORDER_FUTURE_SLACK_MS (60 * 60 * 1000)

/* Where a provider that asks for orders by date (WooCommerce, Shopify) is in a shop's orders:
 * each poll asks for those created after the window's start minus an overlap, and drops the ids
 * it has already reported. Not thread-safe (one provider state owns it). */
struct olc_order_window {
	struct olc_seen_ids seen;
	struct olc_shop_clock clock;
	bool started;      /* the first poll's answer set the baseline */
	int64_t cursor_ms; /* the newest order time seen, or the start; never past the shop's clock */
};
bool olc_order_window_init(struct olc_order_window *w, size_t seen_capacity);
void olc_order_window_free(struct olc_order_window *w);
/* The time to ask for orders created after (by the shop's clock) when ours says now_ms. */
int64_t olc_order_window_after(const struct olc_order_window *w, int64_t now_ms, int64_t overlap_ms);
/* Takes one poll's answer got (all its pages), received when our clock said now_ms: moves the
 * orders not reported yet into out (none on the first poll), and moves the window's start to the
 * newest order time, but never past the shop's clock, so that one order with a wrong date cannot
 * make every later poll ask for orders after it. An order dated more than
 * OLC_ORDER_FUTURE_SLACK_MS ahead of the shop's clock is left out, and res->warning names the
 * first such order ("WooCommerce order 1042 is dated ... in the future ..."). false when memory
 * runs out. got keeps what was not moved; the caller frees it. */
bool olc_order_window_take(struct olc_order_window *w, const char *shop, int64_t now_ms, struct olc_order_list *got,
			   struct olc_order_list *out, struct olc_fetch_result *res, struct olc_error *err);

/* Performs req for the shop called shop ("WooCommerce") and judges the answer: true for a 2xx
 * (or a 304 when req asked for one). Otherwise false with err in plain words: the transport's
 * own message, or one about the status ("WooCommerce refused the credentials (HTTP 401): ...");
 * res->http_status, and res->retry_after_ms from Retry-After on 429 and 503. resp must be
 * freed in every case. Blocking: a worker only. */
bool olc_shop_perform(const char *shop, const struct olc_http_request *req, struct olc_http_response *resp,
		      struct olc_fetch_result *res, struct olc_error *err);

/* Clears a fetch result: no status, no Retry-After, empty report. */
void olc_fetch_result_init(struct olc_fetch_result *res);

#ifdef __cplusplus
}
#endif
