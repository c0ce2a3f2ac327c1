/* HTTP transport over libcurl for shop providers and product photos.
 *
 * One call performs one request synchronously on the calling thread, which must be a worker
 * (the poller, the image loader): never the graphics or UI thread. Limits are enforced by
 * the transport itself, so a hostile or broken server can only cost a bounded time and
 * memory: connect / low-speed / total timeouts, a response size cap checked while
 * receiving, http and https only (redirects too, never to another scheme, at most
 * max_redirects), TLS always verified, and a cancel flag that ends a transfer within
 * ~100 ms. Credentials are only sent over https, or over http to a loopback address, and only
 * to the origin (scheme, host, port) of the request's URL: a redirect elsewhere is refused.
 * A request may also carry an address policy (allowed_nets), checked on every address it is
 * about to connect to. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/net/url.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_HTTP_DEFAULT_MAX_BODY (8u * 1024u * 1024u)
#define OLC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS 5000
#define OLC_HTTP_DEFAULT_TOTAL_TIMEOUT_MS 20000
#define OLC_HTTP_DEFAULT_LOW_SPEED_TIME_S 8 /* abort when under 64 B/s for this long */
#define OLC_HTTP_DEFAULT_MAX_REDIRECTS 3

/* A cancel flag shared between a worker and whoever stops it. Any thread. */
struct olc_cancel;
struct olc_cancel *olc_cancel_create(void);
void olc_cancel_destroy(struct olc_cancel *c);
void olc_cancel_set(struct olc_cancel *c);
void olc_cancel_reset(struct olc_cancel *c);
bool olc_cancel_is_set(const struct olc_cancel *c);

/* Call once per process before any request (curl_global_init); safe to call repeatedly. */
bool olc_http_global_init(void);

struct olc_http_request {
	const char *method;          /* "GET" (NULL means GET) or "POST" */
	const char *url;             /* http:// or https:// only */
	const char *const *headers;  /* "Name: value" strings, NULL-terminated; may be NULL */
	const char *body;            /* POST body, or NULL */
	size_t body_len;
	const char *basic_user;      /* HTTP Basic credentials, or NULL */
	const char *basic_password;
	bool sends_credentials;      /* set when headers, basic auth or the query carry a secret */
	const char *if_none_match;   /* the ETag of the last 200, or NULL */
	const char *if_modified_since; /* the Last-Modified of the last 200, or NULL */
	long connect_timeout_ms;     /* 0: default */
	long total_timeout_ms;       /* 0: default */
	long low_speed_time_s;       /* 0: default */
	size_t max_body_bytes;       /* 0: OLC_HTTP_DEFAULT_MAX_BODY */
	int max_redirects;           /* -1: default; 0: none */
	const struct olc_cancel *cancel; /* may be NULL */
	const char *extra_ca_file;   /* a CA bundle to trust besides the system's, or NULL */
	unsigned allowed_nets;       /* OLC_NET_* (url.h) classes of address a connection may go to, checked on
					the address about to be connected to (every hop, every DNS answer), before
					anything is sent; 0: any. With a policy, no proxy is used. */
	const char *what;            /* names the request in a refusal ("photo address 10.0.0.5 ..."); NULL:
					"server" */
};

struct olc_http_response {
	long status;             /* HTTP status of the final response; 304 for not-modified */
	char *body;              /* NUL-terminated (NUL not counted in body_len); NULL for 304 */
	size_t body_len;
	char *etag;              /* NULL when absent */
	char *last_modified;     /* NULL when absent */
	int64_t retry_after_ms;  /* from Retry-After (seconds or HTTP date), -1 when absent */
	char **header_names;     /* every response header of the final response, names lower-cased */
	char **header_values;
	size_t header_count;
	char *effective_url;     /* after redirects; never contains credentials we added */
	unsigned peer_net;       /* OLC_NET_* class of the address the final answer came from; 0 when unknown;
				    OLC_NET_PUBLIC when it came through a proxy */
};

/* Performs the request. Returns true when an HTTP response arrived (any status: the caller
 * judges 4xx/5xx); false on a transport failure (DNS, connect, TLS, timeout, size cap,
 * bad redirect, refused credentials, cancelled), with err in plain words ("the shop did not
 * answer within 20 s"). resp is always initialised and must be freed. */
bool olc_http_perform(const struct olc_http_request *req, struct olc_http_response *resp, struct olc_error *err);
void olc_http_response_free(struct olc_http_response *resp);

/* The value of a response header (case-insensitive name), or NULL. */
const char *olc_http_response_header(const struct olc_http_response *resp, const char *name);

/* true for http(s) URLs whose host is 127.0.0.0/8, [::1] or "localhost". */
bool olc_url_is_loopback(const char *url);

/* true when a and b are http(s) URLs of the same origin: scheme, host (case-insensitive) and port,
 * a missing port being the scheme's default. Credentials go only to the origin they were set for. */
bool olc_url_same_origin(const char *a, const char *b);

/* true when sending credentials to url is allowed: https, or http to loopback. */
bool olc_url_may_carry_credentials(const char *url);

/* Appends "key=value" to a URL's query with percent-encoding of both. Returns a new string
 * (free()), or NULL when memory runs out. */
char *olc_url_with_query(const char *url, const char *key, const char *value);

#ifdef __cplusplus
}
#endif
