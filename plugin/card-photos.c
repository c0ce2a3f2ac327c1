/* Product photos for a card source's worker; see card-photos.h. */
#include "card-photos.h"

#include <obs-module.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "file-io.h"
#include "live-session.h"
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
	char *extra_ca_file;
	struct photo_slot slots[PHOTO_SLOTS];
	uint64_t generation;
	volatile long bytes; /* decoded pixels held, for card_photos_bytes() */
};

struct card_photos *card_photos_create(const char *cache_dir, const char *extra_ca_file)
{
	struct card_photos *ph = calloc(1, sizeof(*ph));
	if (!ph)
		return NULL;
	ph->cache_dir = cache_dir && *cache_dir ? strdup(cache_dir) : NULL;
	ph->extra_ca_file = extra_ca_file && *extra_ca_file ? strdup(extra_ca_file) : NULL;
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
	free(ph->extra_ca_file);
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
	uint64_t hash = 14695981039346656037ull; /* FNV-1a, 64 bits */
	for (const unsigned char *c = (const unsigned char *)url; *c; c++) {
		hash ^= *c;
		hash *= 1099511628211ull;
	}
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

/* The photo's bytes: a local file, the disk cache, or a download (then cached). */
static bool fetch_bytes(struct card_photos *ph, const char *url, const struct olc_cancel *cancel, char **data,
			size_t *len, struct olc_error *err)
{
	char *path = local_path(url);
	if (path) {
		bool ok = olc_file_read_all(path, PHOTO_MAX_FILE_BYTES, data, len, err);
		free(path);
		return ok;
	}
	if (!is_web(url)) {
		olc_error_set(err, "a photo link must be http(s), file: or an absolute path");
		return false;
	}

	char name[21];
	char *cached = NULL;
	card_photos_cache_name(url, name);
	if (ph->cache_dir) {
		struct dstr p = {0};
		dstr_printf(&p, "%s/%s", ph->cache_dir, name);
		cached = bstrdup(p.array);
		dstr_free(&p);
		struct olc_error ignored = {{0}};
		if (os_file_exists(cached) && olc_file_read_all(cached, CARD_PHOTO_MAX_BYTES, data, len, &ignored)) {
			bfree(cached);
			return true;
		}
	}

	/* The URL comes from the shop's data: it may lead to the internet, or to where the shop
	 * itself is (a shop on this computer serves its photos from here), never to this computer
	 * or the local network otherwise. The transport checks the address it connects to. */
	struct olc_session *session = olc_live_session();
	const unsigned shop_nets = session ? olc_session_shop_nets(session) : 0;
	struct olc_http_request req = {
		.url = url,
		.max_body_bytes = CARD_PHOTO_MAX_BYTES,
		.max_redirects = -1,
		.cancel = cancel,
		.extra_ca_file = ph->extra_ca_file,
		.allowed_nets = OLC_NET_PUBLIC | (shop_nets & ~(unsigned)OLC_NET_SPECIAL),
		.what = "photo",
	};
	struct olc_http_response resp;
	bool ok = olc_http_perform(&req, &resp, err);
	if (ok && resp.status != 200) {
		olc_error_set(err, "the photo server answered HTTP %ld", resp.status);
		ok = false;
	}
	if (ok) {
		*data = resp.body;
		*len = resp.body_len;
		resp.body = NULL;
		if (cached) {
			/* A photo that cannot be cached still shows; the next start downloads it again. */
			struct olc_error werr = {{0}};
			os_mkdirs(ph->cache_dir);
			if (!olc_file_write_atomic(cached, *data, *len, &werr))
				obs_log(LOG_WARNING, "product photo not cached: %s", werr.text);
		}
	}
	olc_http_response_free(&resp);
	bfree(cached);
	return ok;
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

	char *data = NULL;
	size_t len = 0;
	struct olc_error err = {{0}};
	bool ok = fetch_bytes(ph, url, cancel, &data, &len, &err);
	char why[256] = "";
	if (ok && !olc_image_decode(data, len, cover, &slot->image, why, sizeof(why))) {
		olc_error_set(&err, "%s", why);
		ok = false;
	}
	free(data);
	if (cancel && olc_cancel_is_set(cancel))
		return NULL; /* the source is going away: nothing to remember */

	slot->url = strdup(url);
	if (!slot->url) {
		olc_image_free(&slot->image);
		return NULL;
	}
	slot->cover = cover;
	slot->used = ph->generation;
	if (!ok) {
		/* The link may carry a token: say why, not what. */
		obs_log(LOG_WARNING, "a product photo could not be loaded (%s); showing the placeholder", err.text);
		slot->failed_ns = now_ns ? now_ns : 1;
		return NULL;
	}
	os_atomic_set_long(&ph->bytes, os_atomic_load_long(&ph->bytes) +
					       (long)((size_t)slot->image.stride * (size_t)slot->image.height));
	return &slot->image;
}
