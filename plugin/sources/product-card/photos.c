/* Product photos for a card source's worker; see sources/product-card/photos.h. */
#include "sources/product-card/photos.h"

#include <obs-module.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/sys/file-io.h"
#include "runtime/live-session.h"
#include "plugin-support.h"

/* A card shows at most 3 photos; a few more keep switching between recent products instant. */
#define PHOTO_SLOTS 8
/* Local files are the demo shop's photos or files the streamer chose: the same cap as downloads. */
#define PHOTO_MAX_FILE_BYTES CARD_PHOTO_MAX_BYTES

struct photo_slot {
	char *url; /* NULL: free slot */
	int cover;
	struct olc_image image; /* empty after a failure */
	uint64_t failed_ns;     /* when it failed; 0: it did not */
	uint64_t used;          /* the build generation that last asked for it */
};

struct card_photos {
	char *cache_dir;
	struct photo_slot slots[PHOTO_SLOTS];
	uint64_t generation;
	volatile long bytes; /* decoded pixels held, for card_photos_bytes() */
};

struct card_photos *card_photos_create(const char *cache_dir)
{
	struct card_photos *ph = calloc(1, sizeof(*ph));
	if (!ph)
		return NULL;
	ph->cache_dir = cache_dir && *cache_dir ? strdup(cache_dir) : NULL;
	return ph;
}

static void slot_clear(struct card_photos *ph, struct photo_slot *slot)
{
	os_atomic_set_long(&ph->bytes, os_atomic_load_long(&ph->bytes) -
					       (long)((size_t)slot->image.stride * (size_t)slot->image.height));
	olc_image_free(&slot->image);
	free(slot->url);
	memset(slot, 0, sizeof(*slot));
}

void card_photos_destroy(struct card_photos *ph)
{
	if (!ph)
		return;
	for (size_t i = 0; i < PHOTO_SLOTS; i++)
		slot_clear(ph, &ph->slots[i]);
	free(ph->cache_dir);
	free(ph);
}

void card_photos_begin(struct card_photos *ph)
{
	ph->generation++;
}

size_t card_photos_bytes(const struct card_photos *ph)
{
	const long bytes = os_atomic_load_long(&ph->bytes);
	return bytes > 0 ? (size_t)bytes : 0;
}

void card_photos_cache_name(const char *url, char out[21])
{
	const uint64_t hash = olc_fnv1a(OLC_FNV1A_BASIS, url, strlen(url));
	snprintf(out, 21, "%016llx.img", (unsigned long long)hash);
}

static bool starts_with_ci(const char *s, const char *prefix)
{
	return astrcmpi_n(s, prefix, strlen(prefix)) == 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "file:///srv/a%20b.png" and "file://localhost/srv/a.png" -> "/srv/a b.png"; a plain absolute
 * path as it is; NULL for anything else. */
static char *local_path(const char *url)
{
	const char *path = NULL;
	if (url[0] == '/')
		return strdup(url);
	if (starts_with_ci(url, "file://localhost/"))
		path = url + strlen("file://localhost");
	else if (starts_with_ci(url, "file:///"))
		path = url + strlen("file://");
	else if (starts_with_ci(url, "file:/") && url[6] != '/')
		path = url + strlen("file:");
	if (!path)
		return NULL;

	char *out = malloc(strlen(path) + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	for (const char *c = path; *c; c++) {
		const int hi = c[0] == '%' ? hex_value(c[1]) : -1;
		const int lo = hi >= 0 ? hex_value(c[2]) : -1;
		if (hi >= 0 && lo >= 0 && (hi || lo)) {
			out[n++] = (char)(hi * 16 + lo);
			c += 2;
		} else {
			out[n++] = *c;
		}
	}
	out[n] = '\0';
	return out;
}

static bool is_web(const char *url)
{
	return starts_with_ci(url, "http://") || starts_with_ci(url, "https://");
}

/* Decodes a photo's bytes; err says what was wrong with them. */
static bool decode(const void *data, size_t len, int cover, struct olc_image *out, const char *source,
		   struct olc_error *err)
{
	char why[256] = "";
	if (olc_image_decode(data, len, cover, out, why, sizeof(why)))
		return true;
	olc_error_set(err, "%s (%s)", source, why);
	return false;
}

/* ---- the disk cache ---- */

/* A cache file starts with this line, then "etag: V" and "last-modified: V" lines for the
 * validators the server sent, an empty line, and the photo's bytes as the server sent them. A file
 * without it is a photo cached before validators were kept: all photo, none known. */
#define CACHE_MAGIC      "OLC-PHOTO 1\n"
#define CACHE_HEADER_MAX 1024
#define VALIDATOR_MAX    256

struct cached_photo {
	char *file;        /* the whole file (malloc'd) */
	const char *bytes; /* the photo inside it */
	size_t len;
	char etag[VALIDATOR_MAX];
	char last_modified[VALIDATOR_MAX];
	bool fresh; /* the server confirmed it within CARD_PHOTO_FRESH_S */
};

static char *cache_path(const struct card_photos *ph, const char *url)
{
	if (!ph->cache_dir)
		return NULL;
	char name[21];
	card_photos_cache_name(url, name);
	struct dstr p = {0};
	dstr_printf(&p, "%s/%s", ph->cache_dir, name);
	return p.array;
}

/* Copies a header line's value ("etag: V\n" after the name) into out; false when it is not there. */
static bool header_value(const char *line, const char *end, const char *name, char out[VALIDATOR_MAX])
{
	const size_t n = strlen(name);
	if ((size_t)(end - line) <= n || strncmp(line, name, n) != 0)
		return false;
	const size_t len = (size_t)(end - line) - n;
	if (len >= VALIDATOR_MAX)
		return false;
	memcpy(out, line + n, len);
	out[len] = '\0';
	return true;
}

static bool cache_read(const char *path, struct cached_photo *c)
{
	memset(c, 0, sizeof(*c));
	struct olc_error ignored = {{0}};
	size_t len = 0;
	if (!os_file_exists(path) ||
	    !olc_file_read_all(path, CARD_PHOTO_MAX_BYTES + CACHE_HEADER_MAX, &c->file, &len, &ignored))
		return false;
	c->bytes = c->file;
	c->len = len;
	if (len >= strlen(CACHE_MAGIC) && memcmp(c->file, CACHE_MAGIC, strlen(CACHE_MAGIC)) == 0) {
		const char *line = c->file + strlen(CACHE_MAGIC);
		const char *limit = c->file + (len < CACHE_HEADER_MAX ? len : CACHE_HEADER_MAX);
		for (;;) {
			const char *end = memchr(line, '\n', (size_t)(limit - line));
			if (!end) {
				free(c->file);
				memset(c, 0, sizeof(*c));
				return false; /* a header cut short: not ours to trust */
			}
			if (end == line) {
				c->bytes = end + 1;
				c->len = len - (size_t)(c->bytes - c->file);
				break;
			}
			if (!header_value(line, end, "etag: ", c->etag))
				header_value(line, end, "last-modified: ", c->last_modified);
			line = end + 1;
		}
	}
	/* Its time is when the server last confirmed it; one in the future is not trusted. */
	const int64_t confirmed = olc_file_mtime(path), now = (int64_t)time(NULL);
	c->fresh = confirmed >= 0 && confirmed <= now + 60 && now - confirmed < CARD_PHOTO_FRESH_S;
	return true;
}

static void cache_free(struct cached_photo *c)
{
	free(c->file);
	memset(c, 0, sizeof(*c));
}

/* A validator goes into the header only when it is one line of sane length. */
static const char *usable_validator(const char *v)
{
	return v && *v && strlen(v) < VALIDATOR_MAX && !strpbrk(v, "\r\n") ? v : NULL;
}

/* Writes the photo with its validators (the file's time becomes now: confirmed), then keeps the
 * cache within its caps. A photo that cannot be cached still shows; it is downloaded again next
 * time. */
static void cache_write(struct card_photos *ph, const char *path, const char *etag, const char *last_modified,
			const char *bytes, size_t len)
{
	struct dstr header = {0};
	dstr_copy(&header, CACHE_MAGIC);
	if (usable_validator(etag))
		dstr_catf(&header, "etag: %s\n", etag);
	if (usable_validator(last_modified))
		dstr_catf(&header, "last-modified: %s\n", last_modified);
	dstr_cat(&header, "\n");
	/* The photo is binary: copied whole (a dstr stops at a NUL). */
	char *file = malloc(header.len + len);
	struct olc_error err = {{0}};
	if (file) {
		memcpy(file, header.array, header.len);
		memcpy(file + header.len, bytes, len);
		os_mkdirs(ph->cache_dir);
		if (!olc_file_write_atomic(path, file, header.len + len, &err))
			obs_log(LOG_WARNING, "product photo not cached: %s", err.text);
	}
	free(file);
	dstr_free(&header);
	olc_dir_trim(ph->cache_dir, ".img", CARD_PHOTO_CACHE_MAX_BYTES, CARD_PHOTO_CACHE_MAX_FILES,
		     olc_file_name(path));
}

/* ---- downloads ---- */

/* One GET of the photo with the transport's limits; with a cached copy, asks only for a newer one
 * (If-None-Match / If-Modified-Since: an unchanged photo is a 304 without a body). */
static bool download(struct card_photos *ph, const char *url, const struct cached_photo *have,
		     const struct olc_cancel *cancel, struct olc_http_response *resp, struct olc_error *err)
{
	/* The URL comes from the shop's data: it may lead to the internet, or to where the shop
	 * itself is (a shop on this computer serves its photos from here), never to this computer
	 * or the local network otherwise. The transport checks the address it connects to. */
	struct olc_session *session = olc_live_session();
	const unsigned shop_nets = session ? olc_session_shop_nets(session) : 0;
	struct olc_http_request req = {
		.url = url,
		.allowed_nets = OLC_NET_PUBLIC | (shop_nets & ~(unsigned)OLC_NET_SPECIAL),
		.what = "photo",
		.if_none_match = have && have->etag[0] ? have->etag : NULL,
		.if_modified_since = have && have->last_modified[0] ? have->last_modified : NULL,
		.max_body_bytes = CARD_PHOTO_MAX_BYTES,
		.max_redirects = -1,
		.cancel = cancel,
	};
	return olc_http_perform(&req, resp, err);
}

/* A photo at an http(s) address: the disk cache's copy while the server confirmed it within the
 * hour, else the server's answer. Only a download that decodes is cached, so a page sent instead
 * of the photo (a captive portal, a maintenance page) is never kept. When the server cannot be
 * reached or sends something unusable, a cached copy is still shown, and stays cached. */
static bool load_web(struct card_photos *ph, const char *url, int cover, const struct olc_cancel *cancel,
		     struct olc_image *out, struct olc_error *err)
{
	char *path = cache_path(ph, url);
	struct cached_photo cached = {0};
	struct olc_image kept = {0};
	bool have = path && cache_read(path, &cached);
	if (have && !decode(cached.bytes, cached.len, cover, &kept, "the cached copy", err)) {
		/* Damaged on disk, or kept by a version that cached whatever came: fetched again. */
		obs_log(LOG_INFO, "a cached product photo could not be decoded; downloading it again");
		os_unlink(path);
		cache_free(&cached);
		have = false;
	}
	if (have && cached.fresh) {
		*out = kept;
		cache_free(&cached);
		bfree(path);
		return true;
	}

	struct olc_http_response resp;
	bool ok = download(ph, url, have ? &cached : NULL, cancel, &resp, err);
	if (ok && resp.status == 304 && have) {
		*out = kept;
		kept = (struct olc_image){0};
		cache_write(ph, path, resp.etag ? resp.etag : cached.etag,
			    resp.last_modified ? resp.last_modified : cached.last_modified, cached.bytes, cached.len);
	} else if (ok && resp.status == 200) {
		ok = decode(resp.body, resp.body_len, cover, out, "its server sent no usable picture", err);
		if (ok && path)
			cache_write(ph, path, resp.etag, resp.last_modified, resp.body, resp.body_len);
	} else if (ok) {
		olc_error_set(err, "its server answered HTTP %ld", resp.status);
		ok = false;
	}
	olc_http_response_free(&resp);

	if (!ok && have && !(cancel && olc_cancel_is_set(cancel))) {
		/* The link may carry a token: say why, not what. */
		obs_log(LOG_WARNING,
			"a product photo could not be checked for a newer version, the card shows the copy cached on "
			"disk: %s",
			err->text);
		*out = kept;
		kept = (struct olc_image){0};
		ok = true;
	}
	olc_image_free(&kept);
	if (have)
		cache_free(&cached);
	bfree(path);
	return ok;
}

/* The photo at url, decoded: a local file (the demo shop's, or one the streamer chose) or a
 * download. */
static bool load(struct card_photos *ph, const char *url, int cover, const struct olc_cancel *cancel,
		 struct olc_image *out, struct olc_error *err)
{
	char *path = local_path(url);
	if (path) {
		char *data = NULL;
		size_t len = 0;
		bool ok = olc_file_read_all(path, PHOTO_MAX_FILE_BYTES, &data, &len, err) &&
			  decode(data, len, cover, out, olc_file_name(path), err);
		free(data);
		free(path);
		return ok;
	}
	if (!is_web(url)) {
		olc_error_set(err, "a photo link must be http(s), file: or an absolute path");
		return false;
	}
	return load_web(ph, url, cover, cancel, out, err);
}

static struct photo_slot *find_slot(struct card_photos *ph, const char *url, int cover)
{
	for (size_t i = 0; i < PHOTO_SLOTS; i++) {
		struct photo_slot *s = &ph->slots[i];
		if (s->url && s->cover == cover && strcmp(s->url, url) == 0)
			return s;
	}
	return NULL;
}

/* A free slot, else the least recently used one not asked for in this build. */
static struct photo_slot *claim_slot(struct card_photos *ph)
{
	struct photo_slot *victim = NULL;
	for (size_t i = 0; i < PHOTO_SLOTS; i++) {
		struct photo_slot *s = &ph->slots[i];
		if (!s->url)
			return s;
		if (s->used != ph->generation && (!victim || s->used < victim->used))
			victim = s;
	}
	if (victim)
		slot_clear(ph, victim);
	return victim;
}

const struct olc_image *card_photos_get(struct card_photos *ph, const char *url, int cover,
					const struct olc_cancel *cancel, uint64_t now_ns)
{
	if (!ph || !url || !*url)
		return NULL;
	struct photo_slot *slot = find_slot(ph, url, cover);
	if (slot) {
		slot->used = ph->generation;
		if (slot->image.pixels)
			return &slot->image;
		if (now_ns < slot->failed_ns + CARD_PHOTO_RETRY_NS)
			return NULL;
		slot_clear(ph, slot);
	}
	slot = claim_slot(ph);
	if (!slot)
		return NULL;

	struct olc_error err = {{0}};
	const bool ok = load(ph, url, cover, cancel, &slot->image, &err);
	if (cancel && olc_cancel_is_set(cancel)) {
		olc_image_free(&slot->image); /* the slot stays free: it must not hold pixels */
		return NULL;                  /* the source is going away: nothing to remember */
	}

	slot->url = strdup(url);
	if (!slot->url) {
		olc_image_free(&slot->image);
		return NULL;
	}
	slot->cover = cover;
	slot->used = ph->generation;
	if (!ok) {
		/* The link may carry a token: say why, not what. */
		obs_log(LOG_WARNING, "a product photo could not be loaded, the card shows a placeholder: %s", err.text);
		slot->failed_ns = now_ns ? now_ns : 1;
		return NULL;
	}
	os_atomic_set_long(&ph->bytes, os_atomic_load_long(&ph->bytes) +
					       (long)((size_t)slot->image.stride * (size_t)slot->image.height));
	return &slot->image;
}
