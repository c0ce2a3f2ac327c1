/* Product photos for one card source's worker: read from the demo shop's files (a path or a
 * file: URL) or downloaded over http(s) through the core transport (its timeouts, a size cap and
 * the source's cancel flag), decoded and downscaled off the graphics thread (image-decode.h), kept
 * decoded in memory for the next raster and kept on disk, so a restart or a shop that is down
 * still shows them.
 *
 * Disk cache: <cache_dir>/<16 hex digits of a 64-bit FNV-1a hash of the URL>.img: a short header
 * with the server's validators (ETag, Last-Modified), then the photo's bytes as the server sent
 * them, written with temp + rename, and only once they decoded: whatever else a server answers
 * with 200 (a captive portal's page) is never kept. The file's time is when the server last
 * confirmed the photo: within CARD_PHOTO_FRESH_S the copy is used without asking; after that the
 * server is asked with the validators, and a 304 costs no body. The cache keeps to
 * CARD_PHOTO_CACHE_MAX_BYTES and CARD_PHOTO_CACHE_MAX_FILES, the photos confirmed longest ago
 * removed first; it may be shared by every card source of the process.
 * Not thread-safe: one worker owns a card_photos, except card_photos_bytes(), which any thread
 * may call. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/net/http.h"
#include "raster/image-decode.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bigger downloads are cut off by the transport: a product photo has no reason to be larger. */
#define CARD_PHOTO_MAX_BYTES (12u * 1024u * 1024u)
/* After a failure (network, not an image), the URL is not tried again for this long. */
#define CARD_PHOTO_RETRY_NS (60ull * 1000000000ull)
/* A photo the server confirmed this recently is shown from the disk cache without asking again. */
#define CARD_PHOTO_FRESH_S (60 * 60)
/* The disk cache's caps: beyond either, the photos confirmed longest ago are removed. */
#define CARD_PHOTO_CACHE_MAX_BYTES (64ull * 1024u * 1024u)
#define CARD_PHOTO_CACHE_MAX_FILES 256

struct card_photos;

/* cache_dir may be NULL (no disk cache); it is copied. */
struct card_photos *card_photos_create(const char *cache_dir);
void card_photos_destroy(struct card_photos *ph);

/* Marks the start of one card build: photos returned from now on stay valid until the next
 * card_photos_begin() (older ones may be evicted). */
void card_photos_begin(struct card_photos *ph);

/* The photo at url (http(s), file: URL or absolute path), decoded so its shorter side is about
 * cover pixels; NULL when there is none (no URL, a failure, cancelled). A failure is logged once,
 * in plain words and without the link, and not retried for CARD_PHOTO_RETRY_NS. May block on the
 * network for up to the transport's timeouts: worker only. now_ns is the caller's monotonic
 * clock. */
const struct olc_image *card_photos_get(struct card_photos *ph, const char *url, int cover,
					const struct olc_cancel *cancel, uint64_t now_ns);

/* Bytes of decoded pixels held in memory. Any thread. */
size_t card_photos_bytes(const struct card_photos *ph);

/* The disk cache file name for a URL: 16 lowercase hex digits + ".img" (21 bytes with the NUL). */
void card_photos_cache_name(const char *url, char out[21]);

#ifdef __cplusplus
}
#endif
