/* http.c: one HTTP request over libcurl, with every limit enforced here rather than trusted to
 * the server. Redirects are followed by this file, not by libcurl, so that each hop is checked
 * (scheme, origin, credentials) before anything is sent to it; an address policy is checked
 * where libcurl opens each socket. The transfer runs on a private multi handle that wakes
 * every CANCEL_POLL_MS to look at the cancel flag, so a hung server costs at most that long
 * once someone asks us to stop. */
#include "core/net/http.h"
#include "core/net/retry.h"

#include <curl/curl.h>

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sys/clock.h"
#include "core/sys/file-io.h"
#include "core/sys/net.h"
#include "core/base/text.h"

#define CANCEL_POLL_MS        50
#define LOW_SPEED_LIMIT_BYTES 64L
#define MAX_RESPONSE_HEADERS  256
#define MAX_CA_FILE_BYTES     (4u * 1024u * 1024u)
#define USER_AGENT            "obs-live-commerce"

/* ---- cancel flag ---- */

struct olc_cancel {
	atomic_bool set;
};

struct olc_cancel *olc_cancel_create(void)
{
	struct olc_cancel *c = malloc(sizeof(*c));
	if (c)
		atomic_init(&c->set, false);
	return c;
}

void olc_cancel_destroy(struct olc_cancel *c)
{
	free(c);
}

void olc_cancel_set(struct olc_cancel *c)
{
	if (c)
		atomic_store(&c->set, true);
}

void olc_cancel_reset(struct olc_cancel *c)
{
	if (c)
		atomic_store(&c->set, false);
}

bool olc_cancel_is_set(const struct olc_cancel *c)
{
	/* atomic_load takes a non-const pointer in C17; reading does not modify the flag. */
	return c && atomic_load(&((struct olc_cancel *)c)->set);
}

/* ---- global init ---- */

static atomic_bool curl_ready;

bool olc_http_global_init(void)
{
	if (atomic_load(&curl_ready))
		return true;
	/* curl_global_init is thread-safe and reference-counted in libcurl 7.84 and later, so two
	 * threads racing here do no harm. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return false;
	atomic_store(&curl_ready, true);
	return true;
}

/* ---- small text helpers (ASCII only, independent of the C locale) ---- */

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool equals_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	}
	return *a == *b;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char *dup_range(const char *s, size_t n)
{
	char *copy = malloc(n + 1);
	if (copy) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

static char *dup_text(const char *s)
{
	return s ? dup_range(s, strlen(s)) : NULL;
}

static bool has_line_break(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

/* "20 s", "1.5 s": timeouts as people say them. */
static const char *seconds_text(char *buf, size_t len, long ms)
{
	if (ms % 1000 == 0)
		snprintf(buf, len, "%ld s", ms / 1000);
	else
		snprintf(buf, len, "%.1f s", (double)ms / 1000.0);
	return buf;
}

/* "8 MiB", "512 KiB", "1000 bytes". */
static const char *size_text(char *buf, size_t len, size_t bytes)
{
	const size_t kib = 1024, mib = 1024 * 1024;
	if (bytes >= mib && bytes % mib == 0)
		snprintf(buf, len, "%zu MiB", bytes / mib);
	else if (bytes >= kib && bytes % kib == 0)
		snprintf(buf, len, "%zu KiB", bytes / kib);
	else
		snprintf(buf, len, "%zu bytes", bytes);
	return buf;
}

/* ---- URLs ---- */

static char *url_part(CURLU *u, CURLUPart part)
{
	char *value = NULL;
	if (curl_url_get(u, part, &value, 0) != CURLUE_OK)
		return NULL;
	char *copy = dup_text(value);
	curl_free(value);
	return copy;
}

/* Parses an http(s) URL the way libcurl will use it. NULL for anything else. */
static CURLU *parse_web_url(const char *url)
{
	if (!url)
		return NULL;
	CURLU *u = curl_url();
	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	char *scheme = url_part(u, CURLUPART_SCHEME);
	bool web = scheme && (equals_nocase(scheme, "http") || equals_nocase(scheme, "https"));
	free(scheme);
	if (!web) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

static bool scheme_is(CURLU *u, const char *want)
{
	char *scheme = url_part(u, CURLUPART_SCHEME);
	bool same = scheme && equals_nocase(scheme, want);
	free(scheme);
	return same;
}

static bool host_is_loopback(const char *host)
{
	if (!host)
		return false;
	/* libcurl answers "localhost" itself with loopback addresses, never asking DNS. It has
	 * also turned "127.1" or "2130706433" into 127.0.0.1 and [0:0:0:0:0:0:0:1] into [::1]. */
	if (equals_nocase(host, "localhost") || equals_nocase(host, "localhost."))
		return true;
	return olc_address_class(host) == OLC_NET_LOOPBACK;
}

static bool curlu_is_loopback(CURLU *u)
{
	char *host = url_part(u, CURLUPART_HOST);
	bool loopback = host_is_loopback(host);
	free(host);
	return loopback;
}

static bool curlu_may_carry_credentials(CURLU *u)
{
	return scheme_is(u, "https") || curlu_is_loopback(u);
}

static bool curlu_has_userinfo(CURLU *u)
{
	char *user = url_part(u, CURLUPART_USER);
	char *password = url_part(u, CURLUPART_PASSWORD);
	bool has = user || password;
	free(user);
	free(password);
	return has;
}

/* One part of the URL, the scheme's default port filled in when it has none. */
static char *url_part_or_default(CURLU *u, CURLUPart part)
{
	char *value = NULL;
	if (curl_url_get(u, part, &value, CURLU_DEFAULT_PORT) != CURLUE_OK)
		return NULL;
	char *copy = dup_text(value);
	curl_free(value);
	return copy;
}

/* Scheme, host and port, as curl's own rule for sending credentials after a redirect has it:
 * "https://shop" and "https://shop:8443" are two servers, "https://shop" and "https://shop:443"
 * one. libcurl has already lower-cased the scheme and normalised IP literals. */
static bool curlu_same_origin(CURLU *a, CURLU *b)
{
	char *parts[2][3] = {{NULL}};
	CURLU *urls[2] = {a, b};
	for (int i = 0; i < 2; i++) {
		parts[i][0] = url_part(urls[i], CURLUPART_SCHEME);
		parts[i][1] = url_part(urls[i], CURLUPART_HOST);
		parts[i][2] = url_part_or_default(urls[i], CURLUPART_PORT);
	}
	bool same = true;
	for (int k = 0; k < 3; k++) {
		if (!parts[0][k] || !parts[1][k] || !equals_nocase(parts[0][k], parts[1][k]))
			same = false;
		free(parts[0][k]);
		free(parts[1][k]);
	}
	return same;
}

/* "shop.example.cn" or "127.0.0.1:8080": how errors name a server. Never the path or query,
 * which may carry keys. */
static void describe_host(CURLU *u, char *buf, size_t len)
{
	char *host = url_part(u, CURLUPART_HOST);
	char *port = url_part(u, CURLUPART_PORT);
	if (host && port)
		snprintf(buf, len, "%s:%s", host, port);
	else
		snprintf(buf, len, "%s", host ? host : "the shop");
	free(host);
	free(port);
}

bool olc_url_is_loopback(const char *url)
{
	CURLU *u = parse_web_url(url);
	if (!u)
		return false;
	bool loopback = curlu_is_loopback(u);
	curl_url_cleanup(u);
	return loopback;
}

bool olc_url_same_origin(const char *a, const char *b)
{
	CURLU *ua = parse_web_url(a);
	CURLU *ub = parse_web_url(b);
	bool same = ua && ub && curlu_same_origin(ua, ub);
	curl_url_cleanup(ua);
	curl_url_cleanup(ub);
	return same;
}

bool olc_url_may_carry_credentials(const char *url)
{
	CURLU *u = parse_web_url(url);
	if (!u)
		return false;
	bool allowed = curlu_may_carry_credentials(u);
	curl_url_cleanup(u);
	return allowed;
}

static bool is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit((char)c) || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

static char *percent_encode_into(char *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (is_unreserved(*s)) {
			*out++ = (char)*s;
		} else {
			*out++ = '%';
			*out++ = hex[*s >> 4];
			*out++ = hex[*s & 0x0F];
		}
	}
	return out;
}

char *olc_url_with_query(const char *url, const char *key, const char *value)
{
	if (!url)
		return NULL;
	if (!key)
		key = "";
	if (!value)
		value = "";

	/* The pair goes before any fragment, which is never sent but must stay last. */
	const char *fragment = strchr(url, '#');
	size_t base_len = fragment ? (size_t)(fragment - url) : strlen(url);
	size_t fragment_len = fragment ? strlen(fragment) : 0;

	const char *separator = "?";
	const char *query = memchr(url, '?', base_len);
	if (query) {
		char last = url[base_len - 1];
		separator = (last == '?' || last == '&') ? "" : "&";
	}

	size_t key_len = strlen(key), value_len = strlen(value);
	if (key_len > (SIZE_MAX - base_len - fragment_len - 4) / 6 ||
	    value_len > (SIZE_MAX - base_len - fragment_len - 4) / 6 - key_len)
		return NULL;
	size_t size = base_len + 1 + 3 * key_len + 1 + 3 * value_len + fragment_len + 1;
	char *result = malloc(size);
	if (!result)
		return NULL;

	char *out = result;
	memcpy(out, url, base_len);
	out += base_len;
	out += strlen(strcpy(out, separator));
	out = percent_encode_into(out, key);
	*out++ = '=';
	out = percent_encode_into(out, value);
	if (fragment_len)
		memcpy(out, fragment, fragment_len);
	out[fragment_len] = '\0';
	return result;
}

/* ---- one transfer ---- */

struct transfer {
	char *body;
	size_t len;
	size_t cap;
	size_t max;
	bool too_big;
	bool out_of_memory;
	bool cancelled;
	long status; /* from the latest status line */
	char **names;
	char **values;
	size_t count;
	const struct olc_cancel *cancel;
	unsigned allowed_nets;          /* 0: any address */
	char refused[OLC_IP_TEXT_MAX];  /* the first address the policy refused, "" if none */
	unsigned refused_class;
};

static void headers_clear(struct transfer *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->names[i]);
		free(t->values[i]);
	}
	free(t->names);
	free(t->values);
	t->names = NULL;
	t->values = NULL;
	t->count = 0;
}

static void transfer_free(struct transfer *t)
{
	headers_clear(t);
	free(t->body);
	t->body = NULL;
	t->len = t->cap = 0;
}

static const char *transfer_header(const struct transfer *t, const char *name)
{
	for (size_t i = 0; i < t->count; i++) {
		if (strcmp(t->names[i], name) == 0)
			return t->values[i];
	}
	return NULL;
}

static bool is_redirect_status(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
	struct transfer *t = user;
	size_t n = size * count;
	if (n > t->max - t->len) {
		t->too_big = true;
		return 0; /* a short count makes libcurl stop with CURLE_WRITE_ERROR */
	}
	if (t->len + n + 1 > t->cap) {
		size_t want = t->cap ? t->cap * 2 : 16384;
		if (want < t->len + n + 1)
			want = t->len + n + 1;
		if (want > t->max + 1)
			want = t->max + 1;
		char *grown = realloc(t->body, want);
		if (!grown) {
			t->out_of_memory = true;
			return 0;
		}
		t->body = grown;
		t->cap = want;
	}
	memcpy(t->body + t->len, data, n);
	t->len += n;
	t->body[t->len] = '\0';
	return n;
}

static bool add_header(struct transfer *t, const char *name, size_t name_len, const char *value, size_t value_len)
{
	if (t->count >= MAX_RESPONSE_HEADERS)
		return true; /* ignore the rest rather than fail on a chatty server */
	char **names = realloc(t->names, (t->count + 1) * sizeof(*names));
	if (!names)
		return false;
	t->names = names;
	char **values = realloc(t->values, (t->count + 1) * sizeof(*values));
	if (!values)
		return false;
	t->values = values;

	char *n = dup_range(name, name_len);
	char *v = dup_range(value, value_len);
	if (!n || !v) {
		free(n);
		free(v);
		return false;
	}
	for (char *p = n; *p; p++)
		*p = ascii_lower(*p);
	t->names[t->count] = n;
	t->values[t->count] = v;
	t->count++;
	return true;
}

/* A folded continuation line (obsolete, but legal to receive) extends the previous value. */
static bool extend_last_header(struct transfer *t, const char *more, size_t more_len)
{
	if (t->count == 0)
		return true;
	char **value = &t->values[t->count - 1];
	size_t old = strlen(*value);
	char *grown = realloc(*value, old + 1 + more_len + 1);
	if (!grown)
		return false;
	grown[old] = ' ';
	memcpy(grown + old + 1, more, more_len);
	grown[old + 1 + more_len] = '\0';
	*value = grown;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static size_t on_header(char *data, size_t size, size_t count, void *user)
{
	struct transfer *t = user;
	size_t n = size * count;
	size_t end = n;
	while (end > 0 && (data[end - 1] == '\r' || data[end - 1] == '\n'))
		end--;

	/* Each status line starts a new response (a 100 Continue, a proxy's answer): only the
	 * headers of the last one describe the body we keep. */
	if (end >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		headers_clear(t);
		t->status = 0;
		size_t i = 5;
		while (i < end && data[i] != ' ')
			i++;
		while (i < end && data[i] == ' ')
			i++;
		for (int digits = 0; i < end && digits < 3 && is_digit(data[i]); i++, digits++)
			t->status = t->status * 10 + (data[i] - '0');
		return n;
	}
	if (end == 0)
		return n;

	size_t start = 0;
	if (is_space(data[0])) {
		while (start < end && is_space(data[start]))
			start++;
		while (end > start && is_space(data[end - 1]))
			end--;
		if (!extend_last_header(t, data + start, end - start)) {
			t->out_of_memory = true;
			return 0;
		}
		return n;
	}

	const char *colon = memchr(data, ':', end);
	if (!colon)
		return n;
	size_t name_len = (size_t)(colon - data);
	while (name_len > 0 && is_space(data[name_len - 1]))
		name_len--;
	size_t value_start = (size_t)(colon - data) + 1;
	while (value_start < end && is_space(data[value_start]))
		value_start++;
	while (end > value_start && is_space(data[end - 1]))
		end--;
	if (name_len == 0)
		return n;

	if (!add_header(t, data, name_len, data + value_start, end - value_start)) {
		t->out_of_memory = true;
		return 0;
	}

	/* A declared length over the cap fails now, before a single body byte is read. */
	if (name_len == 14 && !is_redirect_status(t->status) && t->count > 0 &&
	    strcmp(t->names[t->count - 1], "content-length") == 0) {
		const char *v = t->values[t->count - 1];
		unsigned long long declared = 0;
		bool overflow = false;
		for (; is_digit(*v); v++) {
			if (declared > (ULLONG_MAX - 9) / 10)
				overflow = true;
			else
				declared = declared * 10 + (unsigned long long)(*v - '0');
		}
		if (overflow || declared > t->max) {
			t->too_big = true;
			return 0;
		}
	}
	return n;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	struct transfer *t = user;
	if (olc_cancel_is_set(t->cancel)) {
		t->cancelled = true;
		return 1;
	}
	return 0;
}

/* The address policy, checked where libcurl is about to open a socket for an address it resolved
 * (or was given), so every redirect and every DNS answer is judged by where the connection would
 * really go, and a refused one never gets a socket: nothing is sent to it. */
static curl_socket_t on_open_socket(void *user, curlsocktype purpose, struct curl_sockaddr *address)
{
	struct transfer *t = user;
	char text[OLC_IP_TEXT_MAX];
	olc_sockaddr_text(&address->addr, text);
	unsigned cls = purpose == CURLSOCKTYPE_IPCXN ? olc_address_class(text) : 0;
	if (!(cls & t->allowed_nets)) {
		if (!t->refused[0]) {
			snprintf(t->refused, sizeof(t->refused), "%s", text[0] ? text : "?");
			t->refused_class = cls;
		}
		return CURL_SOCKET_BAD;
	}
	return (curl_socket_t)olc_socket_open(address->family, address->socktype, address->protocol);
}

/* Runs the easy handle on a private multi handle, waking every CANCEL_POLL_MS to look at the
 * cancel flag: curl_easy_perform would only look at it about once a second while a server
 * sends nothing. */
static CURLcode run_transfer(CURL *easy, struct transfer *t)
{
	CURLM *multi = curl_multi_init();
	if (!multi)
		return CURLE_OUT_OF_MEMORY;
	if (curl_multi_add_handle(multi, easy) != CURLM_OK) {
		curl_multi_cleanup(multi);
		return CURLE_OUT_OF_MEMORY;
	}

	CURLcode result = CURLE_FAILED_INIT;
	for (;;) {
		int running = 0;
		if (curl_multi_perform(multi, &running) != CURLM_OK)
			break;
		bool done = false;
		CURLMsg *msg;
		int left = 0;
		while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy) {
				result = msg->data.result;
				done = true;
			}
		}
		if (done)
			break;
		if (olc_cancel_is_set(t->cancel)) {
			t->cancelled = true;
			result = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (!running)
			break;
		if (curl_multi_poll(multi, NULL, 0, CANCEL_POLL_MS, NULL) != CURLM_OK)
			break;
	}

	curl_multi_remove_handle(multi, easy);
	curl_multi_cleanup(multi);
	return result;
}

/* ---- the request ---- */

struct limits {
	long connect_ms;
	long total_ms;
	long low_speed_s;
	size_t max_body;
	int max_redirects;
};

static struct limits limits_of(const struct olc_http_request *req)
{
	struct limits l = {
		.connect_ms =
			req->connect_timeout_ms > 0 ? req->connect_timeout_ms : OLC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS,
		.total_ms = req->total_timeout_ms > 0 ? req->total_timeout_ms : OLC_HTTP_DEFAULT_TOTAL_TIMEOUT_MS,
		.low_speed_s = req->low_speed_time_s > 0 ? req->low_speed_time_s : OLC_HTTP_DEFAULT_LOW_SPEED_TIME_S,
		.max_body = req->max_body_bytes > 0 ? req->max_body_bytes : OLC_HTTP_DEFAULT_MAX_BODY,
		.max_redirects = req->max_redirects < 0 ? OLC_HTTP_DEFAULT_MAX_REDIRECTS : req->max_redirects,
	};
	return l;
}

static struct curl_slist *append_header(struct curl_slist *list, bool *ok, const char *name, const char *value)
{
	if (!*ok)
		return list;
	size_t len = strlen(name) + 2 + strlen(value) + 1;
	char *line = malloc(len);
	if (!line) {
		*ok = false;
		return list;
	}
	snprintf(line, len, "%s: %s", name, value);
	struct curl_slist *grown = curl_slist_append(list, line);
	free(line);
	if (!grown)
		*ok = false;
	return grown ? grown : list;
}

/* Request headers may carry a key ("Authorization: Bearer ..."): wiped before they are freed. */
static void headers_free(struct curl_slist *list)
{
	for (struct curl_slist *h = list; h; h = h->next)
		olc_wipe(h->data, strlen(h->data));
	curl_slist_free_all(list);
}

/* The request headers, or NULL with *refused set when one would split the request (a stored
 * ETag with a line break, say). */
static struct curl_slist *build_headers(const struct olc_http_request *req, bool *ok)
{
	struct curl_slist *list = NULL;
	*ok = true;
	for (const char *const *h = req->headers; h && *h; h++) {
		if (has_line_break(*h)) {
			*ok = false;
			break;
		}
		struct curl_slist *grown = curl_slist_append(list, *h);
		if (!grown) {
			*ok = false;
			break;
		}
		list = grown;
	}
	if (has_line_break(req->if_none_match) || has_line_break(req->if_modified_since))
		*ok = false;
	if (req->if_none_match && *req->if_none_match)
		list = append_header(list, ok, "If-None-Match", req->if_none_match);
	if (req->if_modified_since && *req->if_modified_since)
		list = append_header(list, ok, "If-Modified-Since", req->if_modified_since);
	/* A POST body goes at once: waiting for "100 Continue" only adds a round trip. */
	if (*ok) {
		struct curl_slist *grown = curl_slist_append(list, "Expect:");
		if (grown)
			list = grown;
		else
			*ok = false;
	}
	if (!*ok) {
		headers_free(list);
		return NULL;
	}
	return list;
}

/* The system's trusted certificates followed by the extra file, as one in-memory bundle: setting
 * CURLOPT_CAINFO to the extra file alone would stop trusting the system's. */
static bool load_ca_bundle(const char *extra_file, char **out, size_t *out_len, struct olc_error *err)
{
	char *system = NULL, *extra = NULL;
	size_t system_len = 0, extra_len = 0;
	const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
	if (info && info->cainfo)
		olc_file_read_all(info->cainfo, MAX_CA_FILE_BYTES, &system, &system_len, NULL);
	if (!olc_file_read_all(extra_file, MAX_CA_FILE_BYTES, &extra, &extra_len, err)) {
		free(system);
		return false;
	}
	char *bundle = malloc(system_len + 1 + extra_len + 1);
	if (!bundle) {
		free(system);
		free(extra);
		olc_error_set(err, "out of memory");
		return false;
	}
	if (system_len)
		memcpy(bundle, system, system_len);
	bundle[system_len] = '\n';
	memcpy(bundle + system_len + 1, extra, extra_len);
	bundle[system_len + 1 + extra_len] = '\0';
	free(system);
	free(extra);
	*out = bundle;
	*out_len = system_len + 1 + extra_len;
	return true;
}

struct hop {
	CURLU *url;
	bool post;      /* POST with the request's body; redirects may turn it into a GET */
	long budget_ms; /* what is left of the total timeout */
};

#define SET(option, value)                                                                                             \
	do {                                                                                                           \
		if (rc == CURLE_OK)                                                                                    \
			rc = curl_easy_setopt(easy, option, value);                                                    \
	} while (0)

static CURLcode configure(CURL *easy, const struct olc_http_request *req, const struct limits *l, const struct hop *hop,
			  struct curl_slist *headers, const char *ca_bundle, size_t ca_len, struct transfer *t)
{
	CURLcode rc = CURLE_OK;
	SET(CURLOPT_CURLU, hop->url);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L); /* followed by hand, after checking each hop */
	SET(CURLOPT_NOSIGNAL, 1L);
	/* Without this, abandoning a transfer that is still resolving a name joins the resolver
	 * thread, which can take as long as the system's DNS timeout; a cancel must not wait for
	 * that. The thread is detached instead and frees its own state when getaddrinfo returns. */
	SET(CURLOPT_QUICK_EXIT, 1L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_USERAGENT, USER_AGENT);
	SET(CURLOPT_ACCEPT_ENCODING, ""); /* whatever libcurl decodes; the cap counts decoded bytes */
	SET(CURLOPT_CONNECTTIMEOUT_MS, l->connect_ms < hop->budget_ms ? l->connect_ms : hop->budget_ms);
	SET(CURLOPT_TIMEOUT_MS, hop->budget_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_LIMIT_BYTES);
	SET(CURLOPT_LOW_SPEED_TIME, l->low_speed_s);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, t);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, t);
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, t);
	SET(CURLOPT_NOPROGRESS, 0L);
	/* A proxy cannot reach our own loopback; and with an address policy the connection must go
	 * straight to the server, or the check would see the proxy's address instead of its. */
	if (curlu_is_loopback(hop->url) || req->allowed_nets)
		SET(CURLOPT_NOPROXY, "*");
	if (req->allowed_nets) {
		SET(CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
		SET(CURLOPT_OPENSOCKETDATA, t);
	}
	if (req->basic_user) {
		SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		SET(CURLOPT_USERNAME, req->basic_user);
		SET(CURLOPT_PASSWORD, req->basic_password ? req->basic_password : "");
	}
	if (hop->post) {
		SET(CURLOPT_POST, 1L);
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(req->body ? req->body_len : 0));
		SET(CURLOPT_POSTFIELDS, req->body ? req->body : "");
	} else {
		SET(CURLOPT_HTTPGET, 1L);
	}
	if (ca_bundle) {
		struct curl_blob blob = {.data = (void *)ca_bundle, .len = ca_len, .flags = CURL_BLOB_NOCOPY};
		SET(CURLOPT_CAINFO_BLOB, &blob);
	}
	return rc;
}

#undef SET

static void describe_failure(CURLcode rc, CURL *easy, const struct transfer *t, const struct limits *l,
			     const struct hop *hop, long hop_elapsed_ms, const char *host, const char *what,
			     struct olc_error *err)
{
	char amount[32];
	if (t->cancelled || rc == CURLE_ABORTED_BY_CALLBACK) {
		olc_error_set(err, "cancelled");
		return;
	}
	if (t->too_big) {
		olc_error_set(err, "the shop's answer is larger than %s",
			      size_text(amount, sizeof(amount), l->max_body));
		return;
	}
	if (t->out_of_memory || rc == CURLE_OUT_OF_MEMORY) {
		olc_error_set(err, "out of memory while talking to %s", host);
		return;
	}
	if (t->refused[0]) {
		olc_error_set(err, "%s address %s %s; refused", what ? what : "server", t->refused,
			      olc_address_class_words(t->refused_class));
		return;
	}

	curl_off_t connected_us = 0, secured_us = 0;
	long os_errno = 0;
	curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connected_us);
	curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &secured_us);
	curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
	bool https = scheme_is(hop->url, "https");
	bool connected = connected_us > 0 && (!https || secured_us > 0);

	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		olc_error_set(err, "could not find %s (check the address and the internet connection)", host);
		return;
	case CURLE_COULDNT_RESOLVE_PROXY:
		olc_error_set(err, "could not find the proxy server (check the proxy settings)");
		return;
	case CURLE_COULDNT_CONNECT:
		if (os_errno == ECONNREFUSED)
			olc_error_set(err, "could not reach %s: connection refused", host);
#ifdef EHOSTUNREACH
		else if (os_errno == ENETUNREACH || os_errno == EHOSTUNREACH)
			olc_error_set(err, "could not reach %s: no route to it (is the internet connection down?)",
				      host);
#endif
		else
			olc_error_set(err, "could not reach %s", host);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		/* libcurl gives one code for three limits; the clock says which one ran out. */
		if (hop_elapsed_ms + 50 >= hop->budget_ms)
			olc_error_set(err, "the shop took longer than %s to answer",
				      seconds_text(amount, sizeof(amount), l->total_ms));
		else if (!connected)
			olc_error_set(err, "could not reach %s within %s", host,
				      seconds_text(amount, sizeof(amount), l->connect_ms));
		else if (t->status == 0)
			olc_error_set(err, "the shop did not answer within %ld s", l->low_speed_s);
		else
			olc_error_set(err, "the shop's answer came too slowly (under %ld bytes per second for %ld s)",
				      LOW_SPEED_LIMIT_BYTES, l->low_speed_s);
		return;
	case CURLE_PEER_FAILED_VERIFICATION: {
		long verify = 0;
		curl_easy_getinfo(easy, CURLINFO_SSL_VERIFYRESULT, &verify);
		/* 10 is X509_V_ERR_CERT_HAS_EXPIRED with OpenSSL, the one cause worth naming. */
		if (verify == 10)
			olc_error_set(err, "the shop's TLS certificate has expired (%s)", host);
		else
			olc_error_set(err, "the shop's TLS certificate is not trusted (%s)", host);
		return;
	}
	case CURLE_SSL_CACERT_BADFILE:
		olc_error_set(err, "could not load the list of trusted certificates");
		return;
	case CURLE_SSL_CONNECT_ERROR:
		olc_error_set(err, "could not open a secure (TLS) connection to %s", host);
		return;
	case CURLE_GOT_NOTHING:
		olc_error_set(err, "%s closed the connection without answering", host);
		return;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		olc_error_set(err, "the connection to %s broke before the answer was complete", host);
		return;
	case CURLE_BAD_CONTENT_ENCODING:
		olc_error_set(err, "the shop's answer could not be unpacked (bad compression)");
		return;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL:
		olc_error_set(err, "%s did not answer like a web server", host);
		return;
	default:
		olc_error_set(err, "could not reach %s: %s", host, curl_easy_strerror(rc));
		return;
	}
}

/* The class of the address the answer came from. Through a proxy that is the proxy's address,
 * which says nothing about the server's: the server is then taken to be on the internet. */
static unsigned peer_class(CURL *easy)
{
	long used_proxy = 0;
	char *ip = NULL;
#if LIBCURL_VERSION_NUM >= 0x080700
	curl_easy_getinfo(easy, CURLINFO_USED_PROXY, &used_proxy);
#endif
	if (used_proxy)
		return OLC_NET_PUBLIC;
	if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) != CURLE_OK || !ip)
		return 0;
	return olc_address_class(ip);
}

/* Moves what the final response said into resp. */
static void fill_response(struct olc_http_response *resp, struct transfer *t, long status, CURLU *url)
{
	resp->status = status;
	if (status == 304) {
		free(t->body);
	} else {
		if (!t->body)
			t->body = calloc(1, 1);
		resp->body = t->body;
		resp->body_len = t->body ? t->len : 0;
	}
	t->body = NULL;
	t->len = t->cap = 0;

	resp->etag = dup_text(transfer_header(t, "etag"));
	resp->last_modified = dup_text(transfer_header(t, "last-modified"));
	const char *retry_after = transfer_header(t, "retry-after");
	resp->retry_after_ms = retry_after ? olc_http_parse_retry_after(retry_after, olc_clock_unix_ms()) : -1;
	resp->header_names = t->names;
	resp->header_values = t->values;
	resp->header_count = t->count;
	t->names = t->values = NULL;
	t->count = 0;
	resp->effective_url = url_part(url, CURLUPART_URL);
}

/* Decides where a redirect goes, or fills err and returns NULL. */
static CURLU *follow(CURLU *from, const char *location, bool credentials, const char *host, struct olc_error *err)
{
	CURLU *to = curl_url_dup(from);
	if (!to) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	/* Relative locations resolve against the current URL; other schemes are parsed only so
	 * the message can name them. */
	if (!location || curl_url_set(to, CURLUPART_URL, location, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		curl_url_cleanup(to);
		olc_error_set(err, "%s redirected to an address that is not valid", host);
		return NULL;
	}
	if (!scheme_is(to, "http") && !scheme_is(to, "https")) {
		char *scheme = url_part(to, CURLUPART_SCHEME);
		char quoted[OLC_EXCERPT_LEN];
		olc_error_excerpt(quoted, sizeof(quoted), scheme ? scheme : "?");
		free(scheme);
		curl_url_cleanup(to);
		olc_error_set(err, "%s redirected to a \"%s:\" address; only http and https are allowed", host, quoted);
		return NULL;
	}
	if (credentials && !curlu_may_carry_credentials(to)) {
		curl_url_cleanup(to);
		olc_error_set(err, "%s redirected to plain http; the key was not sent there", host);
		return NULL;
	}
	/* The key is for the origin the user configured (every earlier hop was checked the same
	 * way): another port or scheme on the same host may be another program entirely. */
	if (credentials && !curlu_same_origin(from, to)) {
		char target[128];
		describe_host(to, target, sizeof(target));
		curl_url_cleanup(to);
		olc_error_set(err, "%s redirected to another site (%s); the key was not sent there", host, target);
		return NULL;
	}
	return to;
}

static void response_init(struct olc_http_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->retry_after_ms = -1;
}

bool olc_http_perform(const struct olc_http_request *req, struct olc_http_response *resp, struct olc_error *err)
{
	if (!resp)
		return false;
	response_init(resp);
	if (!req || !req->url) {
		olc_error_set(err, "no shop address is set");
		return false;
	}
	if (olc_cancel_is_set(req->cancel)) {
		olc_error_set(err, "cancelled");
		return false;
	}
	const char *method = req->method ? req->method : "GET";
	bool post = strcmp(method, "POST") == 0;
	if (!post && strcmp(method, "GET") != 0) {
		olc_error_set(err, "unsupported request method");
		return false;
	}
	if (!olc_http_global_init()) {
		olc_error_set(err, "could not start the network library");
		return false;
	}

	struct limits l = limits_of(req);
	struct hop hop = {.url = parse_web_url(req->url), .post = post, .budget_ms = l.total_ms};
	if (!hop.url) {
		olc_error_set(err, "the shop address is not an http:// or https:// web address");
		return false;
	}
	char host[160];
	describe_host(hop.url, host, sizeof(host));

	bool credentials = req->sends_credentials || req->basic_user || curlu_has_userinfo(hop.url);
	if (credentials && !curlu_may_carry_credentials(hop.url)) {
		curl_url_cleanup(hop.url);
		olc_error_set(err, "not sending the shop key to %s over plain http: use an https:// address", host);
		return false;
	}

	bool headers_ok = false;
	struct curl_slist *headers = build_headers(req, &headers_ok);
	if (!headers_ok) {
		curl_url_cleanup(hop.url);
		olc_error_set(err, "a request header is not valid (it contains a line break or memory ran out)");
		return false;
	}
	char *ca_bundle = NULL;
	size_t ca_len = 0;
	if (req->extra_ca_file && !load_ca_bundle(req->extra_ca_file, &ca_bundle, &ca_len, err)) {
		headers_free(headers);
		curl_url_cleanup(hop.url);
		return false;
	}

	bool ok = false;
	for (int redirects = 0;; redirects++) {
		if (olc_cancel_is_set(req->cancel)) {
			olc_error_set(err, "cancelled");
			break;
		}
		CURL *easy = curl_easy_init();
		if (!easy) {
			olc_error_set(err, "could not start the network library");
			break;
		}
		struct transfer t = {.max = l.max_body, .cancel = req->cancel, .allowed_nets = req->allowed_nets};
		CURLcode rc = configure(easy, req, &l, &hop, headers, ca_bundle, ca_len, &t);
		if (rc != CURLE_OK) {
			olc_error_set(err, "could not set up the request: %s", curl_easy_strerror(rc));
			curl_easy_cleanup(easy);
			break;
		}
		rc = run_transfer(easy, &t);

		curl_off_t elapsed_us = 0;
		curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &elapsed_us);
		long hop_elapsed_ms = (long)(elapsed_us / 1000);
		if (rc != CURLE_OK) {
			describe_failure(rc, easy, &t, &l, &hop, hop_elapsed_ms, host, req->what, err);
			curl_easy_cleanup(easy);
			transfer_free(&t);
			break;
		}

		long status = 0;
		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
		unsigned peer_net = peer_class(easy);
		curl_easy_cleanup(easy);

		const char *location = transfer_header(&t, "location");
		if (!is_redirect_status(status) || !location || l.max_redirects == 0) {
			fill_response(resp, &t, status, hop.url);
			resp->peer_net = peer_net;
			transfer_free(&t);
			ok = true;
			break;
		}
		if (redirects >= l.max_redirects) {
			olc_error_set(err, "%s redirected too many times (more than %d)", host, l.max_redirects);
			transfer_free(&t);
			break;
		}
		CURLU *next = follow(hop.url, location, credentials, host, err);
		transfer_free(&t);
		if (!next)
			break;
		curl_url_cleanup(hop.url);
		hop.url = next;
		/* 303 always, and 301/302 after a POST as every browser does, continue with a GET. */
		if (status == 303 || ((status == 301 || status == 302) && hop.post))
			hop.post = false;
		hop.budget_ms -= hop_elapsed_ms;
		if (hop.budget_ms <= 0) {
			char amount[32];
			olc_error_set(err, "the shop took longer than %s to answer",
				      seconds_text(amount, sizeof(amount), l.total_ms));
			break;
		}
		describe_host(hop.url, host, sizeof(host));
	}

	free(ca_bundle);
	headers_free(headers);
	curl_url_cleanup(hop.url);
	return ok;
}

void olc_http_response_free(struct olc_http_response *resp)
{
	if (!resp)
		return;
	free(resp->body);
	free(resp->etag);
	free(resp->last_modified);
	for (size_t i = 0; i < resp->header_count; i++) {
		free(resp->header_names[i]);
		free(resp->header_values[i]);
	}
	free(resp->header_names);
	free(resp->header_values);
	free(resp->effective_url);
	response_init(resp);
}

const char *olc_http_response_header(const struct olc_http_response *resp, const char *name)
{
	if (!resp || !name)
		return NULL;
	for (size_t i = 0; i < resp->header_count; i++) {
		if (equals_nocase(resp->header_names[i], name))
			return resp->header_values[i];
	}
	return NULL;
}
