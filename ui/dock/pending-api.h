/* PENDING: deleted at merge. The runtime functions the dock uses from branches that arrive at merge
 * time (live: stream language, reveal price, sold out, live options; sales: sessions and report),
 * declared exactly as the fixed interfaces give them. At merge, replace this file's body by
 *
 *     #include "runtime/live-session.h"
 *     #include "runtime/sales.h"
 *     #include "runtime/stream-language.h"
 *
 * and delete pending-api.c (its weak fallbacks answer "not available yet"). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/live-session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* live: runtime/stream-language.h */
const char *const *olc_stream_languages(size_t *count);
void olc_stream_language_get(char *buf, size_t len);
void olc_stream_language_effective(char *buf, size_t len);
bool olc_stream_language_set(const char *code, struct olc_error *err);

/* live: runtime/live-session.h additions */
void olc_live_reveal_price(void);
bool olc_live_mark_sold_out(const char *product_id, struct olc_error *err);
struct olc_live_options {
	bool sold_out_advance;
	int sold_out_seconds;
	bool scene_features_item;
};
void olc_live_options_get(struct olc_live_options *out);
bool olc_live_options_set(const struct olc_live_options *in, struct olc_error *err);

/* sales: core/sales/report.h and runtime/sales.h */
struct olc_report_product {
	char *product_id;
	char *title;
	int number;
	int64_t featured_ms;
	struct olc_counters while_featured;
	struct olc_counters overall;
};
struct olc_report_session {
	int64_t start_ms, end_ms;
	char currency[4];
	struct olc_counters total;
	struct olc_report_product *products;
	size_t product_count;
};
struct olc_report {
	struct olc_report_session *sessions;
	size_t count;
};
void olc_report_free(struct olc_report *r);
bool olc_sales_running(void);
void olc_sales_start(void);
void olc_sales_stop(void);
bool olc_sales_report(struct olc_report *out);
bool olc_sales_export(const char *path, const char *format, struct olc_error *err);

#ifdef __cplusplus
}
#endif
