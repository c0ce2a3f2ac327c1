/* The vendor API's request table; see vendor-requests.h. Data only. */
#include "api/vendor-requests.h"

#include "core/model/deck-json.h"
#include "core/model/deck.h"
#include "core/model/product.h"
#include "core/session/session.h"
#include "core/shop/connection-store.h"
#include "core/stream/countdown.h"

/* The model's own limit: an id is taken whole or refused, never cut. */
#define ID_MAX_BYTES          OLC_PRODUCT_ID_MAX
#define URL_MAX_BYTES         2048
#define CREDENTIAL_MAX_BYTES  1024
#define WORD_MAX_BYTES        32 /* a provider's name, a Shopify API version */
#define PATH_MAX_BYTES        4096
#define SIMULATE_QUANTITY_MAX 999 /* the session's own limit */
#define DECK_NAME_MAX_BYTES   256 /* a name picked from a list, and a file name made from it */

static const struct olc_field no_fields[] = {{NULL}};

static const struct olc_field set_connection_fields[] = {
	{"provider", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, WORD_MAX_BYTES, NULL, "demo, json, woocommerce, shopify, douyin, kuaishou, youzan or taobao"},
	{"url", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, URL_MAX_BYTES, NULL,
	 "the shop's address (json: also a file path or file: URL)"},
	{"key", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, CREDENTIAL_MAX_BYTES, NULL,
	 "WooCommerce consumer key, Shopify or Youzan client id, Douyin, Kuaishou or Taobao app key"},
	{"secret", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, CREDENTIAL_MAX_BYTES, NULL,
	 "WooCommerce consumer secret, Shopify or Youzan client secret, Douyin, Kuaishou or Taobao app secret"},
	{"token", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, CREDENTIAL_MAX_BYTES, NULL,
	 "Shopify or Kuaishou access token, Taobao session key, json bearer token"},
	{"api_version", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, WORD_MAX_BYTES, NULL, "Shopify API version (2025-01)"},
	{"shop_id", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, WORD_MAX_BYTES, NULL, "Douyin shop_id, Youzan kdt_id"},
	{"sign_secret", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, CREDENTIAL_MAX_BYTES, NULL, "Kuaishou signSecret"},
	{"refresh_token", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, CREDENTIAL_MAX_BYTES, NULL, "Kuaishou refresh token"},
	{"sign_method", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, WORD_MAX_BYTES, NULL, "Taobao: md5 or hmac-sha256"},
	{"poll_ms", OLC_FIELD_WHOLE, OLC_FIELD_OPTIONAL, OLC_CONNECTION_POLL_MS_MIN, OLC_CONNECTION_POLL_MS_MAX, NULL,
	 "milliseconds between polls; absent: the provider's default"},
	{NULL},
};

static const struct olc_field deck_name_fields[] = {
	{"name", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, DECK_NAME_MAX_BYTES, NULL, "a deck's name from ListDecks"},
	{NULL},
};

static const struct olc_field import_deck_fields[] = {
	{"path", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, PATH_MAX_BYTES, NULL, "a .csv or .json deck file on the OBS machine"},
	{"name", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 1, DECK_NAME_MAX_BYTES, NULL,
	 "the deck's name; absent: the file's (a CSV file's name without .csv)"},
	{NULL},
};

static const struct olc_field export_deck_fields[] = {
	{"path", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, PATH_MAX_BYTES, NULL, "the file to write on the OBS machine"},
	{"format", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 3, 4, NULL, "csv or json"},
	{"name", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 1, DECK_NAME_MAX_BYTES, NULL, "the deck; absent: the active one"},
	{NULL},
};

static const struct olc_field load_deck_fields[] = {
	{"path", OLC_FIELD_TEXT, OLC_FIELD_ONE_OF, 1, PATH_MAX_BYTES, NULL, "a deck file on the OBS machine"},
	{"deck", OLC_FIELD_OBJECT, OLC_FIELD_ONE_OF, 0, OLC_DECK_JSON_MAX_BYTES, NULL, "the deck itself, as in a file"},
	{NULL},
};

static const struct olc_field product_item_fields[] = {
	{"id", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, ID_MAX_BYTES, NULL, "a product id"},
	{NULL},
};

static const struct olc_field feature_product_fields[] = {
	{"id", OLC_FIELD_TEXT, OLC_FIELD_ONE_OF, 1, ID_MAX_BYTES, NULL, "a product id from ListProducts"},
	{"ids", OLC_FIELD_LIST, OLC_FIELD_ONE_OF, 1, OLC_FEATURED_MAX, product_item_fields,
	 "products shown together: [{id}]"},
	{"number", OLC_FIELD_WHOLE, OLC_FIELD_ONE_OF, OLC_DECK_NUMBER_MIN, OLC_DECK_NUMBER_MAX, NULL,
	 "a deck item's number"},
	{NULL},
};

static const struct olc_field simulate_order_fields[] = {
	{"id", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 1, ID_MAX_BYTES, NULL,
	 "the product; absent: the first featured one, else the first"},
	{"quantity", OLC_FIELD_WHOLE, OLC_FIELD_OPTIONAL, 1, SIMULATE_QUANTITY_MAX, NULL, "units; absent: 1"},
	{NULL},
};

static const struct olc_field start_countdown_fields[] = {
	{"seconds", OLC_FIELD_WHOLE, OLC_FIELD_REQUIRED, OLC_COUNTDOWN_MIN_SECONDS, OLC_COUNTDOWN_MAX_SECONDS, NULL,
	 "how long the sale runs"},
	{"label", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, OLC_COUNTDOWN_LABEL_MAX, NULL,
	 "shown over the digits and sent with CountdownEnded"},
	{"product_id", OLC_FIELD_TEXT, OLC_FIELD_AT_MOST_ONE, 1, ID_MAX_BYTES, NULL,
	 "the product on sale: its card shows \"Ends in\""},
	{"number", OLC_FIELD_WHOLE, OLC_FIELD_AT_MOST_ONE, OLC_DECK_NUMBER_MIN, OLC_DECK_NUMBER_MAX, NULL,
	 "the deck item on sale"},
	{NULL},
};

static const struct olc_field mark_sold_out_fields[] = {
	{"id", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 1, ID_MAX_BYTES, NULL,
	 "the product; absent: the first featured one"},
	{NULL},
};

/* A session is named by its start, Unix ms (GetReport's start_ms): up to the year 2100. */
#define SESSION_MS_MAX 4102444800000ll

static const struct olc_field get_report_fields[] = {
	{"session", OLC_FIELD_WHOLE, OLC_FIELD_OPTIONAL, 1, SESSION_MS_MAX, NULL,
	 "one session, by its start_ms; absent: every session"},
	{NULL},
};

static const struct olc_field export_report_fields[] = {
	{"path", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, PATH_MAX_BYTES, NULL, "the file to write on the OBS machine"},
	{"format", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, 4, NULL, "csv, json or png"},
	{"session", OLC_FIELD_WHOLE, OLC_FIELD_OPTIONAL, 1, SESSION_MS_MAX, NULL,
	 "the session, by its start_ms; absent: the newest"},
	{NULL},
};

const struct olc_vendor_request_spec olc_vendor_requests[OLC_REQ_COUNT] = {
	[OLC_REQ_GET_VERSION] = {"GetVersion", no_fields, "version, obs_version, api_version"},
	[OLC_REQ_GET_STATUS] =
		{"GetStatus", no_fields,
		 "provider, state (ok, connecting, stale, error, offline), error, warning, config_error, "
		 "last_success_ms, next_retry_ms, products, featured [{id}], orders_total, units_total, "
		 "revenue_minor, currency"},
	[OLC_REQ_SET_CONNECTION] = {"SetConnection", set_connection_fields, "provider, saved, save_error"},
	[OLC_REQ_LIST_PRODUCTS] = {"ListProducts", no_fields,
				   "currency, products [{id, number, title, price_minor, currency, price_from, "
				   "compare_at_minor, stock, url, image, coupon, tags [{tag}]}]"},
	[OLC_REQ_GET_DECK] = {"GetDeck", no_fields, "deck (the deck file's JSON)"},
	[OLC_REQ_LOAD_DECK] = {"LoadDeck", load_deck_fields, ""},
	[OLC_REQ_FEATURE_PRODUCT] = {"FeatureProduct", feature_product_fields, "featured [{id}]"},
	[OLC_REQ_NEXT_PRODUCT] = {"NextProduct", no_fields, "featured [{id}]"},
	[OLC_REQ_PREVIOUS_PRODUCT] = {"PreviousProduct", no_fields, "featured [{id}]"},
	[OLC_REQ_HIDE_PRODUCT] = {"HideProduct", no_fields, "featured (empty)"},
	[OLC_REQ_SIMULATE_ORDER] = {"SimulateOrder", simulate_order_fields, ""},
	[OLC_REQ_START_COUNTDOWN] = {"StartCountdown", start_countdown_fields, "seconds, label, product_id"},
	[OLC_REQ_STOP_COUNTDOWN] = {"StopCountdown", no_fields, "stopped"},
	[OLC_REQ_GET_COUNTDOWN] = {"GetCountdown", no_fields, "state, remaining_ms, seconds, label, product_id"},
	[OLC_REQ_LIST_DECKS] = {"ListDecks", no_fields, "decks [{name}], active"},
	[OLC_REQ_SELECT_DECK] = {"SelectDeck", deck_name_fields, "name"},
	[OLC_REQ_IMPORT_DECK] = {"ImportDeck", import_deck_fields, "name, items; when refused: errors [{row, error}]"},
	[OLC_REQ_EXPORT_DECK] = {"ExportDeck", export_deck_fields, "name, format"},
	[OLC_REQ_REVEAL_PRICE] = {"RevealPrice", no_fields, ""},
	[OLC_REQ_MARK_SOLD_OUT] = {"MarkSoldOut", mark_sold_out_fields, ""},
	[OLC_REQ_GET_REPORT] = {"GetReport", get_report_fields,
				"running, journal_error, sessions [{start_ms, end_ms, currency, total {orders, units, "
				"revenue_minor}, products [{product_id, title, number, featured_ms, while_featured "
				"{orders, units, revenue_minor}, overall {orders, units, revenue_minor}}]}]"},
	[OLC_REQ_EXPORT_REPORT] = {"ExportReport", export_report_fields, "path, format"},
	[OLC_REQ_START_SALES_SESSION] = {"StartSalesSession", no_fields, "running, start_ms"},
	[OLC_REQ_STOP_SALES_SESSION] = {"StopSalesSession", no_fields, "running"},
};
