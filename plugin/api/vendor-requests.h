/* The vendor API's requests as data: each request's name, its fields with their types and ranges
 * (vendor-fields.h) and what a successful answer holds. vendor-api.c registers these and checks every
 * request against its fields before its handler runs; the README's request reference is checked
 * against this table (tests/render/tests-readme.c). Constant data: any thread. */
#pragma once

#include <stddef.h>

#include "api/vendor-fields.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The requests, in the README's order: vendor-api.c's handlers are indexed by these. */
enum olc_vendor_request_id {
	OLC_REQ_GET_VERSION,
	OLC_REQ_GET_STATUS,
	OLC_REQ_SET_CONNECTION,
	OLC_REQ_LIST_PRODUCTS,
	OLC_REQ_GET_DECK,
	OLC_REQ_LOAD_DECK,
	OLC_REQ_FEATURE_PRODUCT,
	OLC_REQ_NEXT_PRODUCT,
	OLC_REQ_PREVIOUS_PRODUCT,
	OLC_REQ_HIDE_PRODUCT,
	OLC_REQ_SIMULATE_ORDER,
	OLC_REQ_START_COUNTDOWN,
	OLC_REQ_STOP_COUNTDOWN,
	OLC_REQ_GET_COUNTDOWN,
	OLC_REQ_LIST_DECKS,
	OLC_REQ_SELECT_DECK,
	OLC_REQ_IMPORT_DECK,
	OLC_REQ_EXPORT_DECK,
	OLC_REQ_REVEAL_PRICE,
	OLC_REQ_MARK_SOLD_OUT,
	OLC_REQ_GET_REPORT,
	OLC_REQ_EXPORT_REPORT,
	OLC_REQ_START_SALES_SESSION,
	OLC_REQ_STOP_SALES_SESSION,
	OLC_REQ_COUNT
};

struct olc_vendor_request_spec {
	const char *name;               /* the requestType obs-websocket clients send */
	const struct olc_field *fields; /* ended by a field without a name */
	const char *response;           /* what a successful answer holds besides "ok"; "" for nothing */
};

/* Indexed by enum olc_vendor_request_id. */
extern const struct olc_vendor_request_spec olc_vendor_requests[OLC_REQ_COUNT];

#ifdef __cplusplus
}
#endif
