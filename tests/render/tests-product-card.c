/* Render tests of the product card source (plugin/sources/product-card/product-card.c), drawn by real libobs and
 * read back:
 *   - the demo shop (the session starts on it): a card fixed to a product shows its photo where the
 *     layout puts it (the photo's own colours), text in the title and price rectangles, and a QR
 *     that decodes to the product's URL, byte for byte; with default settings the card follows the
 *     featured products (FeatureProduct/HideProduct through the module's vendor API), lays out two
 *     side by side or stacked, and with nothing featured draws nothing at an unchanged size;
 *   - a json shop in a file, with its photo served over loopback HTTP by this test: the download
 *     and the disk cache, the sold-out and hidden-price cards against the normal one, the price
 *     reveal, the entrance animations at exact moments of their clock, the stock bar easing;
 *   - the test shop (tests/shop-server/server.mjs) through its json API, for the photo download's
 *     faults: a web page, a 404, a damaged image or an oversized answer sent as the photo, a photo
 *     changed behind the same address (revalidation by ETag), and the disk cache's caps.
 * Frames are taken at chosen animation times through the card's set_animation_clock procedure.
 *
 * The source id, setting keys and procedure names are written out rather than taken from the
 * module's headers: they are stored in scene collections and used by automation, so a rename must
 * fail here. */
#define _POSIX_C_SOURCE 200809L

#include "render-tests.h"
#include "test-shop.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <png.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CARD_ID "live_commerce_product_card"
#define VENDOR  "live-commerce"

#define NAAN_ID   "naan-4"
#define NAAN_URL  "https://shop.example.cn/p/naan-4"
#define NAAN_FILE "demo-shop/images/naan.png"
#define ROSE_ID   "rose-jam-500g"
#define ROSE_URL  "https://shop.example.cn/p/rose-jam-500g"

#define HONEY_ID       "p-honey"
#define HONEY_URL      "https://shop.example.cn/p/test-honey"
#define SOLD_OUT_ID    "p-sold-out"
#define SOLD_OUT_URL   "https://shop.example.cn/p/test-sold-out"
#define HONEY_PHOTO    "demo-shop/images/rose-jam.png" /* served by this test as /honey.png */
#define CARD_GAP_1080P 24                              /* pixels between cards shown together */

/* ---- frames and regions ------------------------------------------------------------------------ */

struct rect {
	int x, y, w, h;
};

struct card_layout {
	long long count;
	char phase[16];
	int width, height;
	struct rect card, photo, title, price, stock_bar, qr, stamp, number, coupon, tags, cart;
};

static void read_rect(calldata_t *cd, const char *name, struct rect *r)
{
	const struct olc_gc_region g = rt_read_region(cd, name);
	*r = (struct rect){g.x, g.y, g.width, g.height};
}

/* The card's own account of where card `index` of what it shows put its parts. */
static bool get_layout(obs_source_t *source, int index, struct card_layout *out)
{
	calldata_t cd = {0};
	memset(out, 0, sizeof(*out));
	calldata_set_int(&cd, "index", index);
	bool ok = proc_handler_call(obs_source_get_proc_handler(source), "get_layout", &cd);
	if (ok) {
		const char *phase = calldata_string(&cd, "phase");
		snprintf(out->phase, sizeof(out->phase), "%s", phase ? phase : "");
		out->count = calldata_int(&cd, "count");
		out->width = (int)calldata_int(&cd, "width");
		out->height = (int)calldata_int(&cd, "height");
		read_rect(&cd, "card", &out->card);
		read_rect(&cd, "photo", &out->photo);
		read_rect(&cd, "title", &out->title);
		read_rect(&cd, "price", &out->price);
		read_rect(&cd, "stock_bar", &out->stock_bar);
		read_rect(&cd, "qr", &out->qr);
		read_rect(&cd, "sold_out_stamp", &out->stamp);
		read_rect(&cd, "number", &out->number);
		read_rect(&cd, "coupon", &out->coupon);
		read_rect(&cd, "tags", &out->tags);
		read_rect(&cd, "cart", &out->cart);
	}
	calldata_free(&cd);
	return ok;
}

static void call_proc(obs_source_t *source, const char *name)
{
	calldata_t cd = {0};
	proc_handler_call(obs_source_get_proc_handler(source), name, &cd);
	calldata_free(&cd);
}

static void set_clock(obs_source_t *source, long long ms)
{
	calldata_t cd = {0};
	calldata_set_int(&cd, "ms", ms);
	proc_handler_call(obs_source_get_proc_handler(source), "set_animation_clock", &cd);
	calldata_free(&cd);
}

static long long rasters(obs_source_t *source)
{
	calldata_t cd = {0};
	proc_handler_call(obs_source_get_proc_handler(source), "get_stats", &cd);
	long long n = calldata_int(&cd, "rasters");
	calldata_free(&cd);
	return n;
}

/* Waits until the card is in phase with count cards; *out is the last layout seen. */
static bool wait_phase(struct rt_ctx *t, obs_source_t *source, const char *phase, long long count,
		       struct card_layout *out)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	for (;;) {
		harness_wait_ticks(1, 1000);
		if (get_layout(source, 0, out) && strcmp(out->phase, phase) == 0 && out->count == count)
			return true;
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "the card stayed \"%s\" with %lld card(s); expected \"%s\" with %lld",
				       out->phase, out->count, phase, count);
	}
}

static bool rect_inside(const struct rect *r, const struct olc_frame *f)
{
	return r->w > 0 && r->h > 0 && r->x >= 0 && r->y >= 0 && (uint32_t)(r->x + r->w) <= f->width &&
	       (uint32_t)(r->y + r->h) <= f->height;
}

static struct rect inset(struct rect r, double fraction)
{
	const int dx = (int)(r.w * fraction), dy = (int)(r.h * fraction);
	return (struct rect){r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy};
}

static void mean_rgb(const uint8_t *rgba, uint32_t stride_px, const struct rect *r, double out[3])
{
	double sum[3] = {0, 0, 0};
	for (int y = r->y; y < r->y + r->h; y++) {
		for (int x = r->x; x < r->x + r->w; x++) {
			const uint8_t *p = rgba + ((size_t)y * stride_px + (size_t)x) * 4;
			for (int c = 0; c < 3; c++)
				sum[c] += p[c];
		}
	}
	const double n = (double)r->w * r->h;
	for (int c = 0; c < 3; c++)
		out[c] = n > 0 ? sum[c] / n : 0;
}

/* Mean absolute difference per channel (RGBA) between two frames of the same size over r. */
static double mean_diff(const struct olc_frame *a, const struct olc_frame *b, const struct rect *r)
{
	double sum = 0;
	for (int y = r->y; y < r->y + r->h; y++) {
		for (int x = r->x; x < r->x + r->w; x++) {
			const uint8_t *p = a->rgba + ((size_t)y * a->width + (size_t)x) * 4;
			const uint8_t *q = b->rgba + ((size_t)y * b->width + (size_t)x) * 4;
			for (int c = 0; c < 4; c++)
				sum += abs((int)p[c] - (int)q[c]);
		}
	}
	return sum / ((double)r->w * r->h * 4);
}

static struct rect whole(const struct olc_frame *f)
{
	return (struct rect){0, 0, (int)f->width, (int)f->height};
}

/* The share of pixels in r that stand out from its background (the median colour): text. */
static double ink_share(const struct olc_frame *f, const struct rect *r)
{
	unsigned hist[3][256];
	memset(hist, 0, sizeof(hist));
	const size_t n = (size_t)r->w * (size_t)r->h;
	for (int y = r->y; y < r->y + r->h; y++)
		for (int x = r->x; x < r->x + r->w; x++)
			for (int c = 0; c < 3; c++)
				hist[c][f->rgba[((size_t)y * f->width + (size_t)x) * 4 + c]]++;
	int median[3];
	for (int c = 0; c < 3; c++) {
		size_t seen = 0;
		median[c] = 0;
		while (median[c] < 255 && (seen += hist[c][median[c]]) < n / 2)
			median[c]++;
	}
	size_t ink = 0;
	for (int y = r->y; y < r->y + r->h; y++) {
		for (int x = r->x; x < r->x + r->w; x++) {
			const uint8_t *p = f->rgba + ((size_t)y * f->width + (size_t)x) * 4;
			if (abs(p[0] - median[0]) + abs(p[1] - median[1]) + abs(p[2] - median[2]) > 120)
				ink++;
		}
	}
	return n ? (double)ink / (double)n : 0;
}

static bool expect_ink(struct rt_ctx *t, const struct olc_frame *f, const struct rect *r, const char *what)
{
	if (!rect_inside(r, f))
		return rt_fail(t, "the %s rectangle (%d,%d %dx%d) is not inside the %ux%u frame", what, r->x, r->y,
			       r->w, r->h, f->width, f->height);
	const double share = ink_share(f, r);
	if (share < 0.02)
		return rt_fail(t, "the %s rectangle (%d,%d %dx%d) holds no text: %.2f %% of it stands out", what, r->x,
			       r->y, r->w, r->h, share * 100);
	return true;
}

/* Decodes only the pixels of r: exactly one QR symbol holding exactly want. */
static bool expect_qr_in(struct rt_ctx *t, const struct olc_frame *f, const struct rect *r, const char *want)
{
	if (!rect_inside(r, f))
		return rt_fail(t, "the QR rectangle (%d,%d %dx%d) is not inside the %ux%u frame", r->x, r->y, r->w,
			       r->h, f->width, f->height);
	struct olc_frame crop = {(uint32_t)r->w, (uint32_t)r->h, bzalloc((size_t)r->w * (size_t)r->h * 4)};
	for (int y = 0; y < r->h; y++)
		memcpy(crop.rgba + (size_t)y * (size_t)r->w * 4,
		       f->rgba + ((size_t)(r->y + y) * f->width + (size_t)r->x) * 4, (size_t)r->w * 4);
	bool ok = rt_expect_qr(t, &crop, want, strlen(want));
	harness_frame_free(&crop);
	return ok;
}

/* The mean colour of the middle of the photo region (away from the rounded corners and the deck
 * number's badge). */
static void photo_colour(const struct olc_frame *f, const struct rect *photo, double out[3])
{
	const struct rect card_mid = inset(*photo, 0.2);
	mean_rgb(f->rgba, f->width, &card_mid, out);
}

/* The photo region shows a picture whose mean colour is want (within 10 per channel). */
static bool expect_photo_colour(struct rt_ctx *t, const struct olc_frame *f, const struct rect *photo,
				const double want[3], const char *what)
{
	double got[3];
	photo_colour(f, photo, got);
	for (int c = 0; c < 3; c++) {
		if (got[c] < want[c] - 10 || got[c] > want[c] + 10)
			return rt_fail(t,
				       "the photo region's mean colour is (%.0f, %.0f, %.0f), the photo's (%.0f, %.0f, "
				       "%.0f): it does not show %s",
				       got[0], got[1], got[2], want[0], want[1], want[2], what);
	}
	return true;
}

/* The photo region must show the product's own photo: its mean colour is that of the middle of
 * the picture file, cropped to the region's shape as the card crops it. */
static bool expect_photo(struct rt_ctx *t, const struct olc_frame *f, const struct rect *photo, const char *file)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", rt_data_path, file);
	if (!rect_inside(photo, f))
		return rt_fail(t, "the photo rectangle (%d,%d %dx%d) is not inside the %ux%u frame", photo->x, photo->y,
			       photo->w, photo->h, f->width, f->height);

	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		return rt_fail(t, "cannot read %s", path);
	img.format = PNG_FORMAT_RGBA;
	uint8_t *pixels = malloc(PNG_IMAGE_SIZE(img));
	if (!pixels || !png_image_finish_read(&img, NULL, pixels, 0, NULL)) {
		free(pixels);
		png_image_free(&img);
		return rt_fail(t, "cannot decode %s", path);
	}
	/* Centre crop of the file with the region's aspect ratio ("cover"). */
	struct rect crop = {0, 0, (int)img.width, (int)img.height};
	if ((double)img.width / img.height > (double)photo->w / photo->h) {
		crop.w = (int)((double)img.height * photo->w / photo->h);
		crop.x = ((int)img.width - crop.w) / 2;
	} else {
		crop.h = (int)((double)img.width * photo->h / photo->w);
		crop.y = ((int)img.height - crop.h) / 2;
	}
	/* The middle, away from the rounded corners and the deck number's badge. */
	const struct rect file_mid = inset(crop, 0.2);
	double want[3];
	mean_rgb(pixels, img.width, &file_mid, want);
	free(pixels);
	return expect_photo_colour(t, f, photo, want, file);
}

/* ---- the module's vendor API ------------------------------------------------------------------- */

static bool vendor(struct rt_ctx *t, const char *type, obs_data_t *request)
{
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, type, request, response);
	if (!ok)
		rt_fail(t, "the module registered no vendor request %s", type);
	else if (!obs_data_get_bool(response, "ok"))
		ok = rt_fail(t, "%s failed: %s", type, obs_data_get_string(response, "error"));
	obs_data_release(response);
	return ok;
}

static bool feature(struct rt_ctx *t, const char *first, const char *second)
{
	obs_data_t *req = obs_data_create();
	obs_data_array_t *ids = obs_data_array_create();
	const char *list[] = {first, second};
	for (size_t i = 0; i < 2 && list[i]; i++) {
		obs_data_t *item = obs_data_create();
		obs_data_set_string(item, "id", list[i]);
		obs_data_array_push_back(ids, item);
		obs_data_release(item);
	}
	obs_data_set_array(req, "ids", ids);
	obs_data_array_release(ids);
	bool ok = vendor(t, "FeatureProduct", req);
	obs_data_release(req);
	return ok;
}

/* The catalog's stock of a product, -1 when it is not listed (or untracked). */
static long long listed_stock(const char *id)
{
	long long stock = -1;
	obs_data_t *response = obs_data_create();
	if (rt_vendor_request(VENDOR, "ListProducts", NULL, response)) {
		obs_data_array_t *products = obs_data_get_array(response, "products");
		for (size_t i = 0; i < obs_data_array_count(products); i++) {
			obs_data_t *p = obs_data_array_item(products, i);
			if (strcmp(obs_data_get_string(p, "id"), id) == 0 && obs_data_has_user_value(p, "stock"))
				stock = obs_data_get_int(p, "stock");
			obs_data_release(p);
		}
		obs_data_array_release(products);
	}
	obs_data_release(response);
	return stock;
}

static bool wait_listed_stock(struct rt_ctx *t, const char *id, long long stock)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (listed_stock(id) != stock) {
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "the shop never listed %s with stock %lld", id, stock);
		os_sleep_ms(20);
	}
	return true;
}

/* The catalog's price of a product in minor units, -1 when it is not listed. */
static long long listed_price(const char *id)
{
	long long price = -1;
	obs_data_t *response = obs_data_create();
	if (rt_vendor_request(VENDOR, "ListProducts", NULL, response)) {
		obs_data_array_t *products = obs_data_get_array(response, "products");
		for (size_t i = 0; i < obs_data_array_count(products); i++) {
			obs_data_t *p = obs_data_array_item(products, i);
			if (strcmp(obs_data_get_string(p, "id"), id) == 0)
				price = obs_data_get_int(p, "price_minor");
			obs_data_release(p);
		}
		obs_data_array_release(products);
	}
	obs_data_release(response);
	return price;
}

/* price: "88.00" (CNY, two decimals). */
static bool wait_listed_price(struct rt_ctx *t, const char *id, const char *price)
{
	const long long minor = atoll(price) * 100 + atoll(strchr(price, '.') + 1);
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (listed_price(id) != minor) {
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "the shop never listed %s at %s", id, price);
		os_sleep_ms(20);
	}
	return true;
}

/* ---- the test shop: a json catalog file and its photo on loopback HTTP ------------------------- */

struct photo_server {
	int fd;
	int port;
	pthread_t thread;
	bool started;
	volatile bool stop;
	char *body;
	size_t len;
	volatile long requests;
};

static struct photo_server server = {.fd = -1};

static void *serve_photos(void *param)
{
	struct photo_server *s = param;
	while (!s->stop) {
		struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			continue;
		char req[4096];
		size_t got = 0;
		while (got < sizeof(req) - 1) {
			ssize_t n = recv(c, req + got, sizeof(req) - 1 - got, 0);
			if (n <= 0)
				break;
			got += (size_t)n;
			req[got] = '\0';
			if (strstr(req, "\r\n\r\n"))
				break;
		}
		req[got] = '\0';
		char head[256];
		if (strncmp(req, "GET /honey.png ", 15) == 0) {
			os_atomic_inc_long(&s->requests);
			int n = snprintf(head, sizeof(head),
					 "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %zu\r\n"
					 "Connection: close\r\n\r\n",
					 s->len);
			if (send(c, head, (size_t)n, 0) == n)
				send(c, s->body, s->len, 0);
		} else {
			static const char missing[] =
				"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
			send(c, missing, sizeof(missing) - 1, 0);
		}
		close(c);
	}
	return NULL;
}

static bool read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	*data = size > 0 ? malloc((size_t)size) : NULL;
	bool ok = *data && fread(*data, 1, (size_t)size, f) == (size_t)size;
	fclose(f);
	if (!ok) {
		free(*data);
		*data = NULL;
	}
	*len = ok ? (size_t)size : 0;
	return ok;
}

static bool start_photo_server(struct rt_ctx *t)
{
	if (server.started)
		return true;
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", rt_data_path, HONEY_PHOTO);
	if (!read_file(path, &server.body, &server.len))
		return rt_fail(t, "cannot read %s", path);
	server.fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t alen = sizeof(addr);
	if (server.fd < 0 || bind(server.fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
	    listen(server.fd, 8) != 0 || getsockname(server.fd, (struct sockaddr *)&addr, &alen) != 0)
		return rt_fail(t, "cannot listen on loopback for the photo server");
	server.port = ntohs(addr.sin_port);
	if (pthread_create(&server.thread, NULL, serve_photos, &server) != 0)
		return rt_fail(t, "cannot start the photo server");
	server.started = true;
	return true;
}

static void stop_photo_server(void)
{
	if (server.started) {
		server.stop = true;
		pthread_join(server.thread, NULL);
		server.started = false;
	}
	if (server.fd >= 0)
		close(server.fd);
	server.fd = -1;
	free(server.body);
	server.body = NULL;
}

/* Writes a json shop file called name into the output folder, with products (what goes between
 * the brackets of "products": [...]), and connects the session to it (again: a new connection
 * reads the catalog at once). */
static bool use_shop_file(struct rt_ctx *t, const char *name, const char *products)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", t->out_dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return rt_fail(t, "cannot write %s", path);
	fprintf(f, "{\"currency\": \"CNY\", \"products\": [\n%s]}\n", products);
	fclose(f);
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "json");
	obs_data_set_string(req, "url", path);
	bool ok = vendor(t, "SetConnection", req);
	obs_data_release(req);
	return ok;
}

/* Writes the test shop with this stock and price for the honey and connects the session to it,
 * then waits until the session lists it. */
static bool use_test_shop_priced(struct rt_ctx *t, int honey_stock, const char *honey_price)
{
	if (!start_photo_server(t))
		return false;
	char products[2048];
	snprintf(products, sizeof(products),
		 " {\"id\": \"" HONEY_ID "\", \"title\": \"林芝野蜂蜜 Wild Honey 500g\", \"price\": \"%s\",\n"
		 "  \"compare_at_price\": \"120.00\", \"stock\": %d, \"url\": \"" HONEY_URL "\",\n"
		 "  \"image\": \"http://127.0.0.1:%d/honey.png\", \"tags\": [\"林芝 Nyingchi\", \"野生 wild\"]},\n"
		 " {\"id\": \"" SOLD_OUT_ID "\", \"title\": \"林芝野蜂蜜 Wild Honey 500g\", \"price\": \"88.00\",\n"
		 "  \"compare_at_price\": \"120.00\", \"stock\": 0, \"url\": \"" SOLD_OUT_URL "\",\n"
		 "  \"image\": \"http://127.0.0.1:%d/honey.png\", \"tags\": [\"林芝 Nyingchi\", \"野生 wild\"]}\n",
		 honey_price, honey_stock, server.port, server.port);
	return use_shop_file(t, "card-test-shop.json", products) && wait_listed_stock(t, HONEY_ID, honey_stock) &&
	       wait_listed_price(t, HONEY_ID, honey_price);
}

static bool use_test_shop(struct rt_ctx *t, int honey_stock)
{
	return use_test_shop_priced(t, honey_stock, "88.00");
}

/* ---- cards --------------------------------------------------------------------------------------- */

static obs_data_t *card_settings(const char *product, const char *transition)
{
	obs_data_t *s = obs_data_create();
	if (product)
		obs_data_set_string(s, "product", product);
	if (transition)
		obs_data_set_string(s, "transition", transition);
	return s;
}

/* A card fixed to product, without entrance animation, once it shows; the frame and layout of it. */
static obs_source_t *shown_card(struct rt_ctx *t, obs_data_t *settings, struct olc_frame *frame,
				struct card_layout *layout, const char *what)
{
	obs_source_t *source = rt_create_source(t, CARD_ID, settings);
	if (!source)
		return NULL;
	if (!wait_phase(t, source, "shown", 1, layout) || !harness_render(source, 0, 0, frame) ||
	    !rt_save(t, frame, what)) {
		if (!t->reason[0])
			rt_fail(t, "cannot render the card");
		harness_release_source(source);
		return NULL;
	}
	if (frame->width != (uint32_t)layout->width || frame->height != (uint32_t)layout->height) {
		rt_fail(t, "the source is %ux%u but its image %dx%d", frame->width, frame->height, layout->width,
			layout->height);
		harness_release_source(source);
		harness_frame_free(frame);
		return NULL;
	}
	return source;
}

struct want_text {
	const char *text;
};

static bool frame_decodes_to(const struct olc_frame *frame, void *param)
{
	const struct want_text *want = param;
	struct qr_result qr;
	if (!frame->rgba || !qr_decode_rgba(frame->rgba, frame->width, frame->height, &qr))
		return false;
	bool ok = qr.symbols == 1 && qr.len == strlen(want->text) && memcmp(qr.data, want->text, qr.len) == 0;
	qr_result_free(&qr);
	return ok;
}

static bool wait_for_qr(struct rt_ctx *t, obs_source_t *source, const char *url, const char *what)
{
	struct olc_frame frame;
	struct want_text want = {url};
	harness_render_until(source, frame_decodes_to, &want, RT_TIMEOUT_MS, &frame);
	bool ok = rt_save(t, &frame, what) && rt_expect_qr(t, &frame, url, strlen(url));
	harness_frame_free(&frame);
	return ok;
}

/* 1. The demo shop's naan, fixed by the product setting. */
static bool test_fixed_product(struct rt_ctx *t)
{
	struct olc_frame frame;
	struct card_layout l;
	obs_data_t *settings = card_settings(NAAN_ID, "none");
	obs_source_t *source = shown_card(t, settings, &frame, &l, NULL);
	obs_data_release(settings);
	if (!source)
		return false;
	/* The whole card holds exactly one code, and it is where the layout says. */
	bool ok = rt_expect_qr(t, &frame, NAAN_URL, strlen(NAAN_URL)) && expect_qr_in(t, &frame, &l.qr, NAAN_URL) &&
		  expect_photo(t, &frame, &l.photo, NAAN_FILE) && expect_ink(t, &frame, &l.title, "title") &&
		  expect_ink(t, &frame, &l.price, "price");
	/* The layout's parts do not overlap where they should not: the photo is above the text. */
	if (ok && (l.title.y < l.photo.y + l.photo.h || l.price.y < l.title.y + l.title.h))
		ok = rt_fail(t, "title (y %d) or price (y %d) overlaps the photo (bottom %d) or title", l.title.y,
			     l.price.y, l.photo.y + l.photo.h);
	harness_frame_free(&frame);
	harness_release_source(source);
	return ok;
}

/* 2. Default settings follow the featured products; nothing featured draws nothing at the same
 * size; two featured are side by side, or stacked. */
static bool test_follows_featured(struct rt_ctx *t)
{
	struct olc_frame frame = {0};
	struct card_layout l, second;
	if (!vendor(t, "HideProduct", NULL))
		return false;
	obs_source_t *source = rt_create_source(t, CARD_ID, NULL);
	if (!source)
		return false;
	bool ok = true;
	harness_wait_ticks(5, RT_TIMEOUT_MS);
	if (obs_source_get_width(source) || obs_source_get_height(source))
		ok = rt_fail(t, "nothing featured, yet the card is %ux%u", obs_source_get_width(source),
			     obs_source_get_height(source));

	ok = ok && feature(t, NAAN_ID, NULL) && wait_for_qr(t, source, NAAN_URL, "naan");
	ok = ok && feature(t, ROSE_ID, NULL) && wait_for_qr(t, source, ROSE_URL, "rose-jam");
	uint32_t cx = obs_source_get_width(source), cy = obs_source_get_height(source);

	ok = ok && vendor(t, "HideProduct", NULL) && wait_phase(t, source, "hidden", 0, &l);
	if (ok && (obs_source_get_width(source) != cx || obs_source_get_height(source) != cy))
		ok = rt_fail(t, "hiding changed the size from %ux%u to %ux%u", cx, cy, obs_source_get_width(source),
			     obs_source_get_height(source));
	if (ok && harness_render(source, 0, 0, &frame)) {
		ok = rt_save(t, &frame, "hidden");
		if (ok && (frame.width != cx || !olc_frame_is_clear(&frame)))
			ok = rt_fail(t, "nothing featured: the %ux%u frame is not fully transparent", frame.width,
				     frame.height);
		harness_frame_free(&frame);
	}

	/* Two products: side by side by default. */
	ok = ok && feature(t, NAAN_ID, ROSE_ID) && wait_phase(t, source, "shown", 2, &l) &&
	     get_layout(source, 1, &second) && harness_render(source, 0, 0, &frame) &&
	     rt_save(t, &frame, "side-by-side");
	if (ok && (second.card.x != l.card.w + CARD_GAP_1080P || second.card.y != 0 ||
		   l.width != l.card.w + CARD_GAP_1080P + second.card.w))
		ok = rt_fail(t, "side by side: cards at x 0 and %d (width %d, %d), image %d wide", second.card.x,
			     l.card.w, second.card.w, l.width);
	ok = ok && expect_qr_in(t, &frame, &l.qr, NAAN_URL) && expect_qr_in(t, &frame, &second.qr, ROSE_URL);
	harness_frame_free(&frame);

	if (ok) {
		obs_data_t *stacked = obs_data_create();
		obs_data_set_string(stacked, "arrangement", "stacked");
		obs_source_update(source, stacked);
		obs_data_release(stacked);
		const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
		do {
			harness_wait_ticks(1, 1000);
			get_layout(source, 1, &second);
		} while (second.card.y == 0 && os_gettime_ns() < deadline);
		get_layout(source, 0, &l);
		ok = harness_render(source, 0, 0, &frame) && rt_save(t, &frame, "stacked");
		if (ok && (second.card.x != 0 || second.card.y != l.card.h + CARD_GAP_1080P ||
			   l.height != l.card.h + CARD_GAP_1080P + second.card.h))
			ok = rt_fail(t, "stacked: second card at (%d,%d), first %d high, image %d high", second.card.x,
				     second.card.y, l.card.h, l.height);
		ok = ok && expect_qr_in(t, &frame, &l.qr, NAAN_URL) && expect_qr_in(t, &frame, &second.qr, ROSE_URL);
		harness_frame_free(&frame);
	}

	vendor(t, "HideProduct", NULL);
	harness_release_source(source);
	return ok;
}

/* A disk cache file holding exactly the served bytes after its header of validators, if any. */
static bool photo_cached(struct rt_ctx *t)
{
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/config/obs-live-commerce/images", t->out_dir);
	DIR *d = opendir(dir);
	bool found = false;
	for (struct dirent *e = d ? readdir(d) : NULL; e && !found; e = readdir(d)) {
		char path[2048];
		char *data = NULL;
		size_t len = 0;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (strstr(e->d_name, ".img") && read_file(path, &data, &len))
			found = len > server.len && memcmp(data + len - server.len, server.body, server.len) == 0;
		free(data);
	}
	if (d)
		closedir(d);
	return found;
}

/* 3. A photo over HTTP: shown where the layout puts it, kept on disk, not downloaded again by the
 * next card. */
static bool test_photo_download(struct rt_ctx *t)
{
	struct olc_frame frame;
	struct card_layout l;
	if (!use_test_shop(t, 8))
		return false;
	obs_data_t *settings = card_settings(HONEY_ID, "none");
	obs_source_t *source = shown_card(t, settings, &frame, &l, NULL);
	if (!source) {
		obs_data_release(settings);
		return false;
	}
	bool ok =
		expect_photo(t, &frame, &l.photo, HONEY_PHOTO) && rt_expect_qr(t, &frame, HONEY_URL, strlen(HONEY_URL));
	if (ok && !photo_cached(t))
		ok = rt_fail(t, "no file under config/obs-live-commerce/images ends with the photo's bytes");
	harness_frame_free(&frame);

	const long before = os_atomic_load_long(&server.requests);
	if (ok && before < 1)
		ok = rt_fail(t, "the photo server was never asked for the photo");
	obs_source_t *again = ok ? shown_card(t, settings, &frame, &l, "second-card") : NULL;
	if (again) {
		ok = expect_photo(t, &frame, &l.photo, HONEY_PHOTO);
		if (ok && os_atomic_load_long(&server.requests) != before)
			ok = rt_fail(t, "a second card downloaded the photo again instead of reading the disk cache");
		harness_frame_free(&frame);
		harness_release_source(again);
	} else {
		ok = false;
	}
	obs_data_release(settings);
	harness_release_source(source);
	return ok;
}

/* 4. Sold out: the same product data with stock 0 draws a greyed card with a stamp. */
static bool test_sold_out(struct rt_ctx *t)
{
	struct olc_frame normal, sold;
	struct card_layout ln, ls;
	if (!use_test_shop(t, 8))
		return false;
	obs_data_t *a = card_settings(HONEY_ID, "none");
	obs_data_t *b = card_settings(SOLD_OUT_ID, "none");
	obs_source_t *sa = shown_card(t, a, &normal, &ln, "normal");
	obs_source_t *sb = sa ? shown_card(t, b, &sold, &ls, "sold-out") : NULL;
	obs_data_release(a);
	obs_data_release(b);
	bool ok = sa && sb;
	if (ok && (ln.stamp.w != 0 || ls.stamp.w <= 0))
		ok = rt_fail(t, "stamp rectangles: normal %dx%d, sold out %dx%d", ln.stamp.w, ln.stamp.h, ls.stamp.w,
			     ls.stamp.h);
	if (ok && (normal.width != sold.width || normal.height != sold.height))
		ok = rt_fail(t, "the sold-out card is %ux%u, the normal one %ux%u", sold.width, sold.height,
			     normal.width, normal.height);
	if (ok) {
		const struct rect mid = inset(ln.photo, 0.2);
		const double photo_diff = mean_diff(&normal, &sold, &mid);
		const double stamp_diff = mean_diff(&normal, &sold, &ls.stamp);
		if (photo_diff < 20 || stamp_diff < 30)
			ok = rt_fail(t, "sold out barely differs: photo %.1f, stamp area %.1f (mean per channel)",
				     photo_diff, stamp_diff);
	}
	if (ok)
		ok = expect_qr_in(t, &sold, &ls.qr, SOLD_OUT_URL);
	if (sa)
		harness_frame_free(&normal);
	if (sb)
		harness_frame_free(&sold);
	harness_release_source(sa);
	harness_release_source(sb);
	return ok;
}

/* 5. Hidden price: only the price row differs from the normal card; the reveal wipes it into the
 * normal card's exact pixels. */
static bool test_hidden_price(struct rt_ctx *t)
{
	struct olc_frame normal, hidden, mid, revealed;
	struct card_layout ln, lh;
	if (!use_test_shop(t, 8))
		return false;
	obs_data_t *a = card_settings(HONEY_ID, "none");
	obs_data_t *b = card_settings(HONEY_ID, "none");
	obs_data_set_bool(b, "hide_price", true);
	obs_source_t *sa = shown_card(t, a, &normal, &ln, "normal");
	obs_source_t *sb = sa ? shown_card(t, b, &hidden, &lh, "hidden") : NULL;
	obs_data_release(a);
	obs_data_release(b);
	if (!sa || !sb) {
		if (sa)
			harness_frame_free(&normal);
		harness_release_source(sa);
		return false;
	}
	bool ok = true;
	if (normal.width != hidden.width || normal.height != hidden.height)
		ok = rt_fail(t, "hidden %ux%u, normal %ux%u", hidden.width, hidden.height, normal.width, normal.height);
	/* The whole price row: the price, the old price and the badge. */
	const struct rect row = {lh.price.x, lh.price.y, (int)normal.width - lh.price.x - 1, lh.price.h};
	const struct rect photo = inset(lh.photo, 0.1);
	if (ok && (mean_diff(&normal, &hidden, &row) < 8 || mean_diff(&normal, &hidden, &photo) > 0.5))
		ok = rt_fail(t, "hidden vs normal: price row differs by %.2f, photo by %.2f",
			     mean_diff(&normal, &hidden, &row), mean_diff(&normal, &hidden, &photo));

	/* The reveal, at fixed moments of the card's clock. */
	set_clock(sb, 50000);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	call_proc(sb, "toggle_price");
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	set_clock(sb, 50450);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = harness_render(sb, 0, 0, &mid) && rt_save(t, &mid, "revealing") && ok;
	set_clock(sb, 52000);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = harness_render(sb, 0, 0, &revealed) && rt_save(t, &revealed, "revealed") && ok;
	if (ok && (mean_diff(&mid, &hidden, &row) < 2 || mean_diff(&mid, &normal, &row) < 2))
		ok = rt_fail(t, "half-way through the reveal the price row equals the %s one",
			     mean_diff(&mid, &hidden, &row) < 2 ? "hidden" : "revealed");
	const struct rect all = whole(&normal);
	if (ok && mean_diff(&revealed, &normal, &all) > 0.05)
		ok = rt_fail(t, "after the reveal the card differs from the normal one by %.3f per channel",
			     mean_diff(&revealed, &normal, &all));

	harness_frame_free(&normal);
	harness_frame_free(&hidden);
	harness_frame_free(&mid);
	harness_frame_free(&revealed);
	harness_release_source(sa);
	harness_release_source(sb);
	return ok;
}

/* 6. The entrance: frames at the start, the middle and the end differ; the end is stable and is
 * the whole card. */
static bool entrance(struct rt_ctx *t, const char *transition)
{
	struct olc_frame start = {0}, middle = {0}, end = {0}, later = {0};
	struct card_layout l;
	if (!use_test_shop(t, 8))
		return false;
	/* A product the shop does not have: nothing shown, size 0. */
	obs_data_t *settings = card_settings("no-such-product", transition);
	obs_data_set_int(settings, "transition_ms", 400);
	obs_source_t *source = rt_create_source(t, CARD_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;
	bool ok = true;
	harness_wait_ticks(5, RT_TIMEOUT_MS);
	if (obs_source_get_width(source) || obs_source_get_height(source))
		ok = rt_fail(t, "an unknown product, yet the card is %ux%u", obs_source_get_width(source),
			     obs_source_get_height(source));

	set_clock(source, 100000);
	settings = card_settings(HONEY_ID, transition);
	obs_data_set_int(settings, "transition_ms", 400);
	obs_source_update(source, settings);
	obs_data_release(settings);
	ok = ok && wait_phase(t, source, "entering", 1, &l);
	ok = ok && harness_render(source, 0, 0, &start) && rt_save(t, &start, "start");
	set_clock(source, 100200);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &middle) && rt_save(t, &middle, "middle");
	set_clock(source, 100400);
	ok = ok && wait_phase(t, source, "shown", 1, &l);
	ok = ok && harness_render(source, 0, 0, &end) && rt_save(t, &end, "end");
	set_clock(source, 101400);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &later) && rt_save(t, &later, "later");

	if (ok) {
		const struct rect all = whole(&end);
		const double start_end = mean_diff(&start, &end, &all);
		const double middle_end = mean_diff(&middle, &end, &all);
		const double start_middle = mean_diff(&start, &middle, &all);
		if (!olc_frame_has_content(&middle) || start_end < 5 || middle_end < 1 || start_middle < 5)
			ok = rt_fail(t, "frames barely differ: start-end %.2f, middle-end %.2f, start-middle %.2f",
				     start_end, middle_end, start_middle);
		else if (memcmp(end.rgba, later.rgba, (size_t)end.width * end.height * 4) != 0)
			ok = rt_fail(t, "the end is not stable: a second later the frame differs by %.3f",
				     mean_diff(&end, &later, &all));
		else
			ok = rt_expect_qr(t, &end, HONEY_URL, strlen(HONEY_URL));
	}
	harness_frame_free(&start);
	harness_frame_free(&middle);
	harness_frame_free(&end);
	harness_frame_free(&later);
	harness_release_source(source);
	return ok;
}

static bool test_entrance_slide(struct rt_ctx *t)
{
	return entrance(t, "slide");
}

static bool test_entrance_fade(struct rt_ctx *t)
{
	return entrance(t, "fade");
}

static bool test_entrance_pop(struct rt_ctx *t)
{
	return entrance(t, "pop");
}

static uint32_t pixel_at(const struct olc_frame *f, const struct rect *bar, double along)
{
	return olc_frame_pixel(f, (uint32_t)(bar->x + (int)(bar->w * along)), (uint32_t)(bar->y + bar->h / 2));
}

static int color_distance(uint32_t a, uint32_t b)
{
	int d = 0;
	for (int shift = 0; shift < 24; shift += 8)
		d += abs((int)((a >> shift) & 0xFF) - (int)((b >> shift) & 0xFF));
	return d;
}

/* 7. The stock bar: full at first sight; when the stock drops to a quarter the fill eases there
 * over time instead of jumping. */
static bool test_stock_bar_eases(struct rt_ctx *t)
{
	struct olc_frame full = {0}, moment = {0}, half = {0}, done = {0};
	struct card_layout l;
	if (!use_test_shop(t, 8))
		return false;
	obs_data_t *settings = card_settings(HONEY_ID, "none");
	obs_source_t *source = shown_card(t, settings, &full, &l, "full");
	obs_data_release(settings);
	if (!source)
		return false;
	bool ok = true;
	const struct rect bar = l.stock_bar;
	if (bar.w < 20)
		ok = rt_fail(t, "no stock bar in the layout (%dx%d)", bar.w, bar.h);
	set_clock(source, 70000);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	const long long before = rasters(source);
	ok = ok && use_test_shop(t, 2);
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (ok && rasters(source) == before) {
		if (os_gettime_ns() > deadline)
			ok = rt_fail(t, "the card did not redraw after the stock changed");
		harness_wait_ticks(1, 1000);
	}
	harness_wait_ticks(3, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &moment) && rt_save(t, &moment, "at-change");
	set_clock(source, 70450);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &half) && rt_save(t, &half, "easing");
	set_clock(source, 72000);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &done) && rt_save(t, &done, "eased");

	if (ok) {
		const uint32_t track = pixel_at(&done, &bar, 0.9); /* empty at a quarter */
		const uint32_t fill = pixel_at(&full, &bar, 0.9);
		if (color_distance(fill, track) < 60)
			ok = rt_fail(t, "a full bar's end (0x%08X) looks like the empty track (0x%08X)", fill, track);
		else if (color_distance(pixel_at(&moment, &bar, 0.9), fill) > 40)
			ok = rt_fail(t, "the fill jumped: right after the change the bar's end is 0x%08X, not 0x%08X",
				     pixel_at(&moment, &bar, 0.9), fill);
		else if (color_distance(pixel_at(&half, &bar, 0.9), track) > 40 ||
			 color_distance(pixel_at(&half, &bar, 0.45), track) < 60)
			ok = rt_fail(t, "half-way the fill should end between 45 %% and 90 %% of the bar");
		else if (color_distance(pixel_at(&done, &bar, 0.5), track) > 40 ||
			 color_distance(pixel_at(&done, &bar, 0.1), track) < 60)
			ok = rt_fail(t,
				     "at the end the fill should cover a quarter of the bar (0x%08X at 10 %%, 0x%08X "
				     "at 50 %%)",
				     pixel_at(&done, &bar, 0.1), pixel_at(&done, &bar, 0.5));
	}
	harness_frame_free(&full);
	harness_frame_free(&moment);
	harness_frame_free(&half);
	harness_frame_free(&done);
	harness_release_source(source);
	return ok;
}

/* 8. A new price pulses: the price drawn larger for a moment, then the card settles on it. */
static bool test_price_pulse(struct rt_ctx *t)
{
	struct olc_frame before = {0}, start = {0}, peak = {0}, settled = {0};
	struct card_layout l;
	if (!use_test_shop(t, 8))
		return false;
	obs_data_t *settings = card_settings(HONEY_ID, "none");
	obs_source_t *source = shown_card(t, settings, &before, &l, "before");
	obs_data_release(settings);
	if (!source)
		return false;
	set_clock(source, 60000);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	const long long drawn = rasters(source);
	bool ok = use_test_shop_priced(t, 8, "78.00");
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (ok && rasters(source) == drawn) {
		if (os_gettime_ns() > deadline)
			ok = rt_fail(t, "the card did not redraw after the price changed");
		harness_wait_ticks(1, 1000);
	}
	harness_wait_ticks(3, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &start) && rt_save(t, &start, "start");
	set_clock(source, 60350);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &peak) && rt_save(t, &peak, "peak");
	set_clock(source, 62000);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	ok = ok && harness_render(source, 0, 0, &settled) && rt_save(t, &settled, "settled");

	if (ok) {
		/* Around the price: the pulse grows it past its own rectangle. */
		const struct rect around = {l.price.x, l.price.y - l.price.h / 4, l.price.w + l.price.w / 4,
					    l.price.h + l.price.h / 2};
		const struct rect photo = inset(l.photo, 0.1);
		const double changed = mean_diff(&before, &settled, &l.price);
		const double pulsed = mean_diff(&peak, &settled, &around);
		if (changed < 3)
			ok = rt_fail(t, "the price rectangle did not change with the price (%.2f)", changed);
		else if (pulsed < 3 || mean_diff(&peak, &settled, &photo) > 0.01)
			ok = rt_fail(t, "at the pulse's peak the price differs by %.2f and the photo by %.2f", pulsed,
				     mean_diff(&peak, &settled, &photo));
		else if (memcmp(start.rgba, settled.rgba, (size_t)start.width * start.height * 4) != 0)
			ok = rt_fail(t, "the pulse does not start and end on the plain card");
	}
	harness_frame_free(&before);
	harness_frame_free(&start);
	harness_frame_free(&peak);
	harness_frame_free(&settled);
	harness_release_source(source);
	return use_test_shop(t, 8) && ok;
}

struct hotkey_find {
	const char *name;
	obs_hotkey_id id;
};

static bool find_hotkey(void *data, obs_hotkey_id id, obs_hotkey_t *key)
{
	struct hotkey_find *find = data;
	if (strcmp(obs_hotkey_get_name(key), find->name) == 0)
		find->id = id;
	return true;
}

/* Presses and releases a frontend hotkey the module registered, as OBS does when its frontend
 * routes hotkeys. */
static bool press(struct rt_ctx *t, const char *name)
{
	struct hotkey_find find = {name, OBS_INVALID_HOTKEY_ID};
	obs_enum_hotkeys(find_hotkey, &find);
	if (find.id == OBS_INVALID_HOTKEY_ID)
		return rt_fail(t, "the module registered no hotkey %s", name);
	obs_hotkey_trigger_routed_callback(find.id, true);
	obs_hotkey_trigger_routed_callback(find.id, false);
	return true;
}

static bool load_deck(struct rt_ctx *t, const char *json)
{
	obs_data_t *req = obs_data_create();
	obs_data_t *deck = obs_data_create_from_json(json);
	obs_data_set_obj(req, "deck", deck);
	bool ok = deck && vendor(t, "LoadDeck", req);
	obs_data_release(deck);
	obs_data_release(req);
	return ok;
}

/* The test shop, the deck, its #3 (the honey) featured, and a card following the featured products
 * with hotkeys routed to it; NULL on failure. End with deck_card_done(). */
static obs_source_t *deck_card(struct rt_ctx *t, const char *deck_json)
{
	if (!use_test_shop(t, 8) || !load_deck(t, deck_json) || !feature(t, HONEY_ID, NULL))
		return NULL;
	obs_data_t *settings = obs_data_create();
	obs_data_set_int(settings, "transition_ms", 100);
	obs_source_t *source = rt_create_source(t, CARD_ID, settings);
	obs_data_release(settings);
	if (source)
		obs_hotkey_enable_callback_rerouting(true);
	return source;
}

/* Releases the card and leaves an empty deck, nothing featured. */
static bool deck_card_done(struct rt_ctx *t, obs_source_t *source)
{
	obs_hotkey_enable_callback_rerouting(false);
	harness_release_source(source);
	return load_deck(t, "{\"version\": 1, \"name\": \"Empty\", \"currency\": \"CNY\", \"items\": []}") &&
	       vendor(t, "HideProduct", NULL);
}

/* 9. The deck's number and coupon reach the card; the next/previous product hotkeys step through
 * the deck, the show/hide hotkey animates the card out and in, the reveal hotkey shows the price. */
static bool test_deck_and_hotkeys(struct rt_ctx *t)
{
	struct olc_frame frame = {0}, hidden = {0}, revealed = {0};
	struct card_layout l;
	obs_data_t *settings;
	obs_source_t *source =
		deck_card(t, "{\"version\": 1, \"name\": \"Card test\", \"currency\": \"CNY\", \"items\": ["
			     "{\"number\": 3, \"product_id\": \"" HONEY_ID "\", \"title\": \"蜂蜜 直播价 stream price\","
			     " \"price\": \"66.00\", \"coupon\": \"满100减10 10 off 100\"},"
			     "{\"number\": 5, \"product_id\": \"" SOLD_OUT_ID "\"}]}");
	if (!source)
		return false;

	bool ok = wait_for_qr(t, source, HONEY_URL, "deck-3") && wait_phase(t, source, "shown", 1, &l) &&
		  harness_render(source, 0, 0, &frame);
	if (ok && (l.number.w <= 0 || l.coupon.w <= 0))
		ok = rt_fail(t, "the deck's number (%dx%d) or coupon (%dx%d) is missing", l.number.w, l.number.h,
			     l.coupon.w, l.coupon.h);
	ok = ok && expect_ink(t, &frame, &l.number, "deck number") && expect_ink(t, &frame, &l.coupon, "coupon");
	harness_frame_free(&frame);

	ok = ok && press(t, "live_commerce.next_product") && wait_for_qr(t, source, SOLD_OUT_URL, "next");
	ok = ok && press(t, "live_commerce.previous_product") && wait_for_qr(t, source, HONEY_URL, "previous");

	ok = ok && press(t, "live_commerce.toggle_card") && wait_phase(t, source, "hidden", 1, &l) &&
	     harness_render(source, 0, 0, &frame) && rt_save(t, &frame, "toggled-off");
	if (ok && !olc_frame_is_clear(&frame))
		ok = rt_fail(t, "hidden by the hotkey, the card still draws");
	harness_frame_free(&frame);
	ok = ok && press(t, "live_commerce.toggle_card") && wait_phase(t, source, "shown", 1, &l);

	if (ok) {
		const long long drawn = rasters(source);
		settings = obs_data_create();
		obs_data_set_bool(settings, "hide_price", true);
		obs_source_update(source, settings);
		obs_data_release(settings);
		const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
		while (ok && rasters(source) == drawn) {
			if (os_gettime_ns() > deadline)
				ok = rt_fail(t, "the card did not redraw with the price hidden");
			harness_wait_ticks(1, 1000);
		}
		harness_wait_ticks(3, RT_TIMEOUT_MS);
		ok = ok && harness_render(source, 0, 0, &hidden) && rt_save(t, &hidden, "price-hidden");
		/* The reveal takes under a second of video time. */
		ok = ok && press(t, "live_commerce.reveal_price") && harness_wait_ticks(45, RT_TIMEOUT_MS) &&
		     harness_render(source, 0, 0, &revealed) && rt_save(t, &revealed, "price-revealed");
		const struct rect row = {l.price.x, l.price.y, (int)hidden.width - l.price.x - 1, l.price.h};
		if (ok && (hidden.width != revealed.width || mean_diff(&hidden, &revealed, &row) < 8))
			ok = rt_fail(t, "the reveal hotkey did not change the price row");
		harness_frame_free(&hidden);
		harness_frame_free(&revealed);
	}

	return deck_card_done(t, source) && ok;
}

/* Waits until the card has redrawn after a settings change, and takes its frame and layout. */
static bool redrawn(struct rt_ctx *t, obs_source_t *source, long long drawn, struct olc_frame *frame,
		    struct card_layout *l, const char *what)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (rasters(source) == drawn) {
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "the card did not redraw for %s", what);
		harness_wait_ticks(1, 1000);
	}
	harness_wait_ticks(3, RT_TIMEOUT_MS);
	return wait_phase(t, source, "shown", 1, l) && harness_render(source, 0, 0, frame) && rt_save(t, frame, what);
}

static bool set_call_to_action(struct rt_ctx *t, obs_source_t *source, const char *value, struct olc_frame *frame,
			       struct card_layout *l)
{
	const long long drawn = rasters(source);
	obs_data_t *settings = obs_data_create();
	obs_data_set_string(settings, "call_to_action", value);
	obs_source_update(source, settings);
	obs_data_release(settings);
	return redrawn(t, source, drawn, frame, l, value);
}

static bool frame_has_qr(const struct olc_frame *f)
{
	struct qr_result qr;
	if (!qr_decode_rgba(f->rgba, f->width, f->height, &qr))
		return false;
	const bool any = qr.symbols > 0;
	qr_result_free(&qr);
	return any;
}

/* 9a. The call to action: automatic on the json shop is the QR code; "cart" puts the live room's
 * cart number (the deck's #3) where the QR was, with no code anywhere on the card; "none" shows
 * neither; "qr" brings the code back. */
static bool test_call_to_action(struct rt_ctx *t)
{
	struct olc_frame frame = {0};
	struct card_layout l;
	obs_source_t *source =
		deck_card(t, "{\"version\": 1, \"name\": \"Cart test\", \"currency\": \"CNY\", \"items\": ["
			     "{\"number\": 3, \"product_id\": \"" HONEY_ID "\"}]}");
	if (!source)
		return false;
	bool ok = wait_for_qr(t, source, HONEY_URL, "cta-auto") && wait_phase(t, source, "shown", 1, &l);
	if (ok && (l.qr.w <= 0 || l.cart.w > 0))
		ok = rt_fail(t, "automatic on a json shop: QR %dx%d, cart %dx%d (want the QR only)", l.qr.w, l.qr.h,
			     l.cart.w, l.cart.h);

	ok = ok && set_call_to_action(t, source, "cart", &frame, &l);
	if (ok && (l.cart.w <= 0 || l.qr.w > 0))
		ok = rt_fail(t, "cart: QR %dx%d, cart %dx%d (want the cart only)", l.qr.w, l.qr.h, l.cart.w, l.cart.h);
	ok = ok && expect_ink(t, &frame, &l.cart, "cart call to action");
	if (ok && frame_has_qr(&frame))
		ok = rt_fail(t, "cart: a QR code still decodes from the card");
	const int cart_height = l.height;
	harness_frame_free(&frame);

	ok = ok && set_call_to_action(t, source, "none", &frame, &l);
	if (ok && (l.cart.w > 0 || l.qr.w > 0 || frame_has_qr(&frame)))
		ok = rt_fail(t, "none: QR %dx%d, cart %dx%d (want neither)", l.qr.w, l.qr.h, l.cart.w, l.cart.h);
	if (ok && l.height >= cart_height)
		ok = rt_fail(t, "none: the card (%d px high) is no shorter than with the cart (%d px)", l.height,
			     cart_height);
	harness_frame_free(&frame);

	ok = ok && set_call_to_action(t, source, "qr", &frame, &l) && expect_qr_in(t, &frame, &l.qr, HONEY_URL);
	harness_frame_free(&frame);
	return deck_card_done(t, source) && ok;
}

/* 9b. A deck item's own words reach the card: its coupon words without a code make a coupon line,
 * its tags replace the product's, and its hide_price starts the card with the price hidden (the source's own setting off), the
 * reveal hotkey shows the price, and the price is hidden again when the item comes back on. */
static bool test_deck_item_hides_price(struct rt_ctx *t)
{
	struct olc_frame hidden = {0}, revealed = {0}, again = {0};
	struct card_layout l;
	obs_source_t *source =
		deck_card(t, "{\"version\": 2, \"name\": \"Card test v2\", \"currency\": \"CNY\", \"items\": ["
			     "{\"number\": 3, \"product_id\": \"" HONEY_ID "\", \"coupon_text\": \"满100减10\","
			     " \"tags\": [{\"tag\": \"直播专享\"}], \"notes\": \"never on stream\", \"hide_price\": true},"
			     "{\"number\": 5, \"product_id\": \"" SOLD_OUT_ID "\"}]}");
	if (!source)
		return false;

	bool ok = wait_for_qr(t, source, HONEY_URL, "deck-v2") && wait_phase(t, source, "shown", 1, &l) &&
		  harness_wait_ticks(3, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &hidden) &&
		  rt_save(t, &hidden, "deck-item-price-hidden");
	if (ok && l.coupon.w <= 0)
		ok = rt_fail(t, "the item's coupon words (without a code) made no coupon line");
	ok = ok && expect_ink(t, &hidden, &l.coupon, "coupon words") && expect_ink(t, &hidden, &l.tags, "the item's tags");
	const struct rect item_tags = l.tags;
	const struct rect row = {l.price.x, l.price.y, (int)hidden.width - l.price.x - 1, l.price.h};
	ok = ok && press(t, "live_commerce.reveal_price") && harness_wait_ticks(45, RT_TIMEOUT_MS) &&
	     harness_render(source, 0, 0, &revealed) && rt_save(t, &revealed, "deck-item-price-revealed");
	if (ok && (hidden.width != revealed.width || mean_diff(&hidden, &revealed, &row) < 8))
		ok = rt_fail(t, "the item's price was not hidden, or the reveal did not show it");

	/* Away and back: the item starts hidden again. */
	ok = ok && press(t, "live_commerce.next_product") && wait_for_qr(t, source, SOLD_OUT_URL, "next") &&
	     press(t, "live_commerce.previous_product") && wait_for_qr(t, source, HONEY_URL, "back") &&
	     wait_phase(t, source, "shown", 1, &l) && harness_wait_ticks(3, RT_TIMEOUT_MS) &&
	     harness_render(source, 0, 0, &again) && rt_save(t, &again, "deck-item-price-hidden-again");
	if (ok && (again.width != hidden.width || mean_diff(&again, &revealed, &row) < 8 ||
		   mean_diff(&again, &hidden, &row) >= 8))
		ok = rt_fail(t, "back on the card, the item's price is not hidden again (%.2f from hidden, %.2f from "
				"revealed)",
			     again.width == hidden.width ? mean_diff(&again, &hidden, &row) : -1.0,
			     again.width == revealed.width ? mean_diff(&again, &revealed, &row) : -1.0);
	harness_frame_free(&hidden);
	harness_frame_free(&revealed);
	harness_frame_free(&again);

	/* Without the deck, the product's own two tags: another row than the item's one tag. */
	ok = ok && load_deck(t, "{\"version\": 1, \"name\": \"Empty\", \"currency\": \"CNY\", \"items\": []}") &&
	     wait_phase(t, source, "shown", 1, &l) && harness_wait_ticks(10, RT_TIMEOUT_MS) && get_layout(source, 0, &l);
	if (ok && (l.tags.w <= 0 || l.tags.w == item_tags.w))
		ok = rt_fail(t, "the item's tags (row %d px wide) and the product's (%d px) look the same", item_tags.w,
			     l.tags.w);

	return deck_card_done(t, source) && ok;
}

/* 10. The three looks draw three different cards, each with its QR readable. */
static bool test_looks(struct rt_ctx *t)
{
	static const char *const looks[] = {"light", "dark", "festive"};
	struct olc_frame frames[3] = {{0}};
	struct card_layout l;
	bool ok = use_test_shop(t, 3);
	for (size_t i = 0; ok && i < 3; i++) {
		obs_data_t *settings = card_settings(HONEY_ID, "none");
		obs_data_set_string(settings, "look", looks[i]);
		obs_source_t *source = shown_card(t, settings, &frames[i], &l, looks[i]);
		obs_data_release(settings);
		ok = source && expect_qr_in(t, &frames[i], &l.qr, HONEY_URL);
		harness_release_source(source);
	}
	for (size_t i = 0; ok && i < 3; i++) {
		const size_t j = (i + 1) % 3;
		const struct rect all = whole(&frames[i]);
		if (frames[i].width != frames[j].width || frames[i].height != frames[j].height)
			ok = rt_fail(t, "the %s card is %ux%u, the %s one %ux%u", looks[i], frames[i].width,
				     frames[i].height, looks[j], frames[j].width, frames[j].height);
		else if (mean_diff(&frames[i], &frames[j], &all) < 10)
			ok = rt_fail(t, "the %s and %s looks barely differ (%.2f)", looks[i], looks[j],
				     mean_diff(&frames[i], &frames[j], &all));
	}
	for (size_t i = 0; i < 3; i++)
		harness_frame_free(&frames[i]);
	return use_test_shop(t, 8) && ok;
}

/* The card's ends-in badge as its get_layout reports it; w 0 when none. */
static struct rect ends_badge(obs_source_t *source)
{
	struct rect r = {0};
	calldata_t cd = {0};
	calldata_set_int(&cd, "index", 0);
	if (proc_handler_call(obs_source_get_proc_handler(source), "get_layout", &cd))
		read_rect(&cd, "ends_badge", &r);
	calldata_free(&cd);
	return r;
}

/* what: which card, for the message ("" for the only one). */
static bool wait_badge(struct rt_ctx *t, obs_source_t *source, bool shown, struct rect *out, const char *what)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	for (;;) {
		harness_wait_ticks(1, 1000);
		*out = ends_badge(source);
		if ((out->w > 0) == shown)
			return true;
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "the ends-in badge %s%s",
				       shown ? "never showed" : "stayed after StopCountdown", what);
	}
}

/* 11. A flash-sale countdown for the card's product puts an "Ends in mm:ss" badge over the photo's
 * top-right corner without a new card raster; StopCountdown takes it away, pixel for pixel. */
static bool test_ends_in_badge(struct rt_ctx *t)
{
	obs_data_t *resp = obs_data_create();
	rt_vendor_request(VENDOR, "StopCountdown", NULL, resp); /* idle already is fine */
	obs_data_release(resp);

	struct olc_frame plain, with = {0}, after = {0};
	struct card_layout l;
	obs_data_t *settings = card_settings(HONEY_ID, "none");
	obs_source_t *source = shown_card(t, settings, &plain, &l, "no countdown");
	obs_data_release(settings);
	if (!source)
		return false;
	const long long rasters_before = rasters(source);

	obs_data_t *req = obs_data_create();
	obs_data_set_int(req, "seconds", 300);
	obs_data_set_string(req, "product_id", HONEY_ID);
	bool ok = vendor(t, "StartCountdown", req);
	obs_data_release(req);

	struct rect badge = {0};
	ok = ok && wait_badge(t, source, true, &badge, "");
	ok = ok && (harness_render(source, 0, 0, &with) || rt_fail(t, "cannot render the card with the badge"));
	ok = ok && rt_save(t, &with, "ends in badge");
	if (ok && (badge.x < l.photo.x || badge.y < l.photo.y || badge.x + badge.w > l.photo.x + l.photo.w ||
		   badge.y + badge.h > l.photo.y + l.photo.h || badge.x + badge.w < l.photo.x + l.photo.w * 3 / 4))
		ok = rt_fail(t, "the badge (%d,%d %dx%d) is not in the top-right of the photo (%d,%d %dx%d)", badge.x,
			     badge.y, badge.w, badge.h, l.photo.x, l.photo.y, l.photo.w, l.photo.h);
	ok = ok && expect_ink(t, &with, &badge, "ends-in badge");
	if (ok && mean_diff(&plain, &with, &badge) < 10)
		ok = rt_fail(t, "the badge's region barely changed (%.2f)", mean_diff(&plain, &with, &badge));
	/* Away from the photo the card is as it was. */
	if (ok && mean_diff(&plain, &with, &l.price) > 0.5)
		ok = rt_fail(t, "the price changed under the countdown (%.2f)", mean_diff(&plain, &with, &l.price));

	obs_data_t *stop = obs_data_create();
	ok = rt_vendor_request(VENDOR, "StopCountdown", NULL, stop) && ok;
	obs_data_release(stop);
	ok = ok && wait_badge(t, source, false, &badge, "");
	ok = ok && (harness_render(source, 0, 0, &after) || rt_fail(t, "cannot render the card after the countdown"));
	if (ok && (after.width != plain.width || after.height != plain.height ||
		   memcmp(after.rgba, plain.rgba, (size_t)plain.width * plain.height * 4) != 0)) {
		const struct rect all = whole(&plain);
		ok = rt_fail(t, "after StopCountdown the card differs from the one without a countdown (%.3f)",
			     after.width == plain.width && after.height == plain.height
				     ? mean_diff(&plain, &after, &all)
				     : -1.0);
	}
	if (ok && rasters(source) != rasters_before)
		ok = rt_fail(t, "the countdown re-rasterised the card (%lld rasters, %lld before)", rasters(source),
			     rasters_before);
	harness_frame_free(&plain);
	harness_frame_free(&with);
	harness_frame_free(&after);
	harness_release_source(source);
	return ok;
}

/* 12. Product ids are never cut: a card featuring a product whose id is 128 bytes (once cut to 127
 * by the card) or 300 bytes (once refused by the shop reader, and cut to 128 by the countdown)
 * shows the flash sale's badge; StartCountdown refuses an id over the model's 512 bytes in words. */
static bool test_long_ids_match_the_countdown(struct rt_ctx *t)
{
	char ids[2][301];
	const size_t lengths[2] = {128, 300};
	for (size_t i = 0; i < 2; i++) {
		memset(ids[i], 'a' + (int)i, lengths[i]);
		memcpy(ids[i], "coop-", 5);
		ids[i][lengths[i]] = '\0';
	}
	if (!start_photo_server(t))
		return false;
	char products[2048];
	size_t used = 0;
	for (size_t i = 0; i < 2; i++)
		used += (size_t)snprintf(
			products + used, sizeof(products) - used,
			"%s {\"id\": \"%s\", \"title\": \"林芝野蜂蜜 Wild Honey, lot %zu\", \"price\": \"88.00\",\n"
			"  \"stock\": 8, \"url\": \"" HONEY_URL "\", \"image\": \"http://127.0.0.1:%d/honey.png\"}\n",
			i ? "," : "", ids[i], i + 1, server.port);
	bool ok = use_shop_file(t, "card-long-ids-shop.json", products);

	obs_data_t *settings = card_settings(NULL, "none");
	obs_source_t *source = rt_create_source(t, CARD_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;
	struct card_layout l;
	struct rect badge;
	for (size_t i = 0; ok && i < 2; i++) {
		ok = wait_listed_price(t, ids[i], "88.00") && feature(t, ids[i], NULL) &&
		     wait_phase(t, source, "shown", 1, &l);
		obs_data_t *req = obs_data_create();
		obs_data_set_int(req, "seconds", 300);
		obs_data_set_string(req, "product_id", ids[i]);
		ok = ok && vendor(t, "StartCountdown", req);
		obs_data_release(req);
		obs_data_t *resp = obs_data_create();
		if (ok && rt_vendor_request(VENDOR, "GetCountdown", NULL, resp) &&
		    strcmp(obs_data_get_string(resp, "product_id"), ids[i]) != 0)
			ok = rt_fail(t, "GetCountdown has a %zu-byte product id, not the %zu-byte one started",
				     strlen(obs_data_get_string(resp, "product_id")), lengths[i]);
		obs_data_release(resp);
		char what[64];
		snprintf(what, sizeof(what), " for a %zu-byte product id", lengths[i]);
		ok = ok && wait_badge(t, source, true, &badge, what);
		/* Off again, so the next id's badge cannot be this one's. */
		resp = obs_data_create();
		rt_vendor_request(VENDOR, "StopCountdown", NULL, resp);
		obs_data_release(resp);
		ok = ok && wait_badge(t, source, false, &badge, what);
	}

	char too_long[514];
	memset(too_long, 'z', 513);
	too_long[513] = '\0';
	obs_data_t *req = obs_data_create();
	obs_data_set_int(req, "seconds", 60);
	obs_data_set_string(req, "product_id", too_long);
	obs_data_t *resp = obs_data_create();
	/* Refused by the vendor API's field check, which names the field and the model's limit. */
	const char *want = "\"product_id\" must be non-empty text of at most 512 bytes";
	if (ok && (!rt_vendor_request(VENDOR, "StartCountdown", req, resp) || obs_data_get_bool(resp, "ok") ||
		   strncmp(obs_data_get_string(resp, "error"), want, strlen(want)) != 0))
		ok = rt_fail(t,
			     "StartCountdown with a 513-byte product id answered ok %d, error \"%s\"; expected \"%s\"",
			     obs_data_get_bool(resp, "ok"), obs_data_get_string(resp, "error"), want);
	obs_data_release(resp);
	obs_data_release(req);

	resp = obs_data_create();
	rt_vendor_request(VENDOR, "StopCountdown", NULL, resp);
	obs_data_release(resp);
	vendor(t, "HideProduct", NULL);
	harness_release_source(source);
	return ok;
}

/* Two products that look the same to the letter (title, price, stock, link) but are two products:
 * featuring the other one is a new card, so a flash sale for it shows its "Ends in" badge. */
static bool test_twins_are_two_products(struct rt_ctx *t)
{
	static const char products[] =
		" {\"id\": \"twin-a\", \"title\": \"松茸 Matsutake 500g\", \"price\": \"58.00\", \"stock\": 9,"
		" \"url\": \"" HONEY_URL "\"},\n"
		" {\"id\": \"twin-b\", \"title\": \"松茸 Matsutake 500g\", \"price\": \"58.00\", \"stock\": 9,"
		" \"url\": \"" HONEY_URL "\"}\n";
	bool ok = use_shop_file(t, "card-twins-shop.json", products);
	obs_data_t *settings = card_settings(NULL, "none");
	obs_source_t *source = rt_create_source(t, CARD_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;
	struct card_layout l;
	struct rect badge;
	ok = ok && wait_listed_price(t, "twin-b", "58.00") && feature(t, "twin-a", NULL) &&
	     wait_phase(t, source, "shown", 1, &l);
	obs_data_t *req = obs_data_create();
	obs_data_set_int(req, "seconds", 300);
	obs_data_set_string(req, "product_id", "twin-b");
	ok = ok && vendor(t, "StartCountdown", req);
	obs_data_release(req);
	ok = ok && wait_badge(t, source, false, &badge, " while twin-a is shown and the sale is for twin-b");
	ok = ok && feature(t, "twin-b", NULL) &&
	     wait_badge(t, source, true, &badge, " once twin-b, which looks the same as twin-a, is featured");

	obs_data_t *resp = obs_data_create();
	rt_vendor_request(VENDOR, "StopCountdown", NULL, resp);
	obs_data_release(resp);
	vendor(t, "HideProduct", NULL);
	harness_release_source(source);
	return ok;
}

/* The last card test puts the session back on the demo shop and stops the photo server. */
/* ---- photos from the test shop (tests/shop-server/server.mjs) ----------------------------------- */

/* The test shop's photos are 64 x 64 PNGs of one colour each (tests/shop-server/catalog.json). */
struct shop_photo {
	const char *id;
	double rgb[3];
};
static const struct shop_photo MATSUTAKE = {"101", {139, 94, 52}};
static const struct shop_photo TEAPOT = {"102", {192, 192, 200}};
static const struct shop_photo ROSE_JAM = {"103", {196, 40, 84}};
static const struct shop_photo NAAN = {"104", {214, 168, 96}};
static const struct shop_photo PUER = {"106", {90, 52, 30}}; /* 105 is sold out: its photo is greyed */

#define PHOTO_CACHE_MAX_BYTES (64ll * 1024 * 1024) /* sources/product-card/photos.h: the documented caps */
#define PHOTO_CACHE_MAX_FILES 256
#define PHOTO_STALE_S         (2 * 60 * 60) /* older than the hour a cached photo is trusted */

/* Puts the session on the test shop's json API (its photos at /images/ID.png), with the shop's
 * state, faults and request log back to the start. */
static bool use_shop_photos(struct rt_ctx *t)
{
	char err[512], url[256];
	if (!rt_shop_start(err, sizeof(err)))
		return rt_fail(t, "%s", err);
	if (!rt_shop_control("/_control/reset", "{}"))
		return rt_fail(t, "cannot reset the test shop: %s", rt_shop_error());
	rt_shop_url("/json", url, sizeof(url));
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "json");
	obs_data_set_string(req, "url", url);
	bool ok = vendor(t, "SetConnection", req);
	obs_data_release(req);
	return ok && wait_listed_stock(t, MATSUTAKE.id, 12);
}

static void shop_photo_path(const struct shop_photo *p, char *out, size_t len)
{
	snprintf(out, len, "/images/%s.png", p->id);
}

static bool shop_fault(struct rt_ctx *t, const char *mode, const struct shop_photo *p)
{
	char path[64];
	shop_photo_path(p, path, sizeof(path));
	if (!rt_shop_fault(mode, path, -1))
		return rt_fail(t, "cannot set the shop's fault %s: %s", mode, rt_shop_error());
	return true;
}

/* The requests for a product's photo so far; *last is the newest (zeroed when none). */
static size_t photo_requests(const struct shop_photo *p, struct rt_shop_request *last)
{
	char path[64];
	struct rt_shop_request seen[32];
	shop_photo_path(p, path, sizeof(path));
	const size_t n = rt_shop_requests_to(path, seen, 32);
	memset(last, 0, sizeof(*last));
	if (n > 0 && n <= 32)
		*last = seen[n - 1];
	return n;
}

/* A card fixed to the product, without animation, once it shows: its frame and layout. */
static obs_source_t *shop_card(struct rt_ctx *t, const struct shop_photo *p, struct olc_frame *frame,
			       struct card_layout *l, const char *what)
{
	obs_data_t *settings = card_settings(p->id, "none");
	obs_source_t *source = shown_card(t, settings, frame, l, what);
	obs_data_release(settings);
	return source;
}

/* The photo region does not show the product's photo: the card drew its placeholder. */
static bool expect_no_photo(struct rt_ctx *t, const struct olc_frame *f, const struct rect *photo,
			    const struct shop_photo *p, const char *why)
{
	double got[3];
	photo_colour(f, photo, got);
	double distance = 0;
	for (int c = 0; c < 3; c++)
		distance += fabs(got[c] - p->rgb[c]);
	if (distance < 60)
		return rt_fail(t, "%s, yet the photo region shows the photo's colour (%.0f, %.0f, %.0f)", why, got[0],
			       got[1], got[2]);
	return true;
}

/* ---- the photo disk cache: config/obs-live-commerce/images, a file a photo ---- */

struct cache_file {
	char name[64];
	long long size;
	int64_t mtime_ns;
};

static void cache_dir(struct rt_ctx *t, char *out, size_t len)
{
	snprintf(out, len, "%s/config/obs-live-commerce/images", t->out_dir);
}

/* A path too long for out is cut short: then it names no file, and the caller's check fails. */
static void cache_path(struct rt_ctx *t, const char *name, char *out, size_t len)
{
	if (snprintf(out, len, "%s/config/obs-live-commerce/images/%s", t->out_dir, name) >= (int)len)
		out[0] = '\0';
}

/* The cache's *.img files (the photos), up to max; *total their bytes on disk. */
static size_t list_cache(struct rt_ctx *t, struct cache_file *out, size_t max, long long *total)
{
	char dir[1024];
	cache_dir(t, dir, sizeof(dir));
	DIR *d = opendir(dir);
	size_t n = 0;
	*total = 0;
	for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
		const size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".img") != 0 || len >= sizeof(out->name))
			continue;
		char path[2048];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		*total += (long long)st.st_size;
		if (n < max) {
			snprintf(out[n].name, sizeof(out[n].name), "%s", e->d_name);
			out[n].size = (long long)st.st_size;
			out[n].mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
		}
		n++;
	}
	if (d)
		closedir(d);
	return n;
}

static bool cache_has(const struct cache_file *files, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(files[i].name, name) == 0)
			return true;
	return false;
}

/* The one file in after that is not in before; false (with the reason) when there is not exactly one. */
static bool new_cache_file(struct rt_ctx *t, const struct cache_file *before, size_t nb, const struct cache_file *after,
			   size_t na, char name[64])
{
	size_t found = 0;
	for (size_t i = 0; i < na; i++) {
		if (!cache_has(before, nb, after[i].name)) {
			if (!found++)
				snprintf(name, 64, "%s", after[i].name);
		}
	}
	if (found != 1)
		return rt_fail(t, "%zu new file(s) in the photo cache; expected the one photo", found);
	return true;
}

/* The cached file holds a PNG (after any header the cache puts first) of the photo's colour. */
static bool expect_cached_photo(struct rt_ctx *t, const char *name, const struct shop_photo *p)
{
	static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	char path[2048];
	char *data = NULL;
	size_t len = 0;
	cache_path(t, name, path, sizeof(path));
	if (!read_file(path, &data, &len))
		return rt_fail(t, "cannot read the cached photo %s", name);
	size_t at = 0;
	while (at + sizeof(signature) <= len && memcmp(data + at, signature, sizeof(signature)) != 0)
		at++;
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	uint8_t rgba[4] = {0, 0, 0, 0};
	bool ok = at + sizeof(signature) <= len && png_image_begin_read_from_memory(&img, data + at, len - at);
	if (ok) {
		img.format = PNG_FORMAT_RGBA;
		uint8_t *pixels = malloc(PNG_IMAGE_SIZE(img));
		ok = pixels && png_image_finish_read(&img, NULL, pixels, 0, NULL);
		if (ok)
			memcpy(rgba, pixels, 4);
		free(pixels);
	}
	png_image_free(&img);
	free(data);
	if (!ok)
		return rt_fail(t, "the cached file %s (%zu bytes) holds no PNG", name, len);
	for (int c = 0; c < 3; c++)
		if (rgba[c] != (uint8_t)p->rgb[c])
			return rt_fail(t,
				       "the cached file %s holds a photo of (%d, %d, %d), not of product %s (%.0f, "
				       "%.0f, %.0f)",
				       name, rgba[0], rgba[1], rgba[2], p->id, p->rgb[0], p->rgb[1], p->rgb[2]);
	return true;
}

/* Makes a cached file look as if the server last confirmed it `age_s` seconds ago. */
static bool age_cache_file(struct rt_ctx *t, const char *name, int64_t age_s)
{
	char path[2048];
	cache_path(t, name, path, sizeof(path));
	struct timespec times[2];
	clock_gettime(CLOCK_REALTIME, &times[0]);
	times[0].tv_sec -= age_s;
	times[1] = times[0];
	if (utimensat(AT_FDCWD, path, times, 0) != 0)
		return rt_fail(t, "cannot set the time of %s", name);
	return true;
}

/* Removes every photo from the cache. */
static void empty_cache(struct rt_ctx *t)
{
	struct cache_file files[PHOTO_CACHE_MAX_FILES + 8];
	long long total;
	const size_t n = list_cache(t, files, PHOTO_CACHE_MAX_FILES + 8, &total);
	for (size_t i = 0; i < n && i < PHOTO_CACHE_MAX_FILES + 8; i++) {
		char path[2048];
		cache_path(t, files[i].name, path, sizeof(path));
		unlink(path);
	}
}

/* The lines the module logged since mark about product photos: exactly one, and it says `says`. */
static bool expect_one_photo_log(struct rt_ctx *t, long mark, const char *says)
{
	const int lines = harness_log_count(mark, "product photo");
	const int saying = harness_log_count(mark, says);
	if (lines != 1 || saying != 1)
		return rt_fail(t, "%d log line(s) about the product photo, %d saying \"%s\"; expected one", lines,
			       saying, says);
	return true;
}

/* 12. A page answered "200 OK" instead of the photo (a captive portal, a maintenance page) is not
 * kept: the card shows no photo and nothing is cached; the next card gets the real photo. Such a
 * page cached by an older version heals the same way. */
static bool test_photo_page_not_cached(struct rt_ctx *t)
{
	struct olc_frame frame;
	struct card_layout l;
	struct cache_file before[16], after[16];
	long long total;
	if (!use_shop_photos(t) || !shop_fault(t, "html-maintenance", &MATSUTAKE))
		return false;
	const size_t nb = list_cache(t, before, 16, &total);
	const long mark = harness_log_mark();
	obs_source_t *first = shop_card(t, &MATSUTAKE, &frame, &l, "page-instead-of-photo");
	if (!first)
		return false;
	bool ok = expect_no_photo(t, &frame, &l.photo, &MATSUTAKE, "the shop sent a web page instead of the photo");
	harness_frame_free(&frame);
	size_t na = list_cache(t, after, 16, &total);
	char name[64];
	if (ok && na != nb) {
		new_cache_file(t, before, nb, after, na, name);
		ok = rt_fail(t, "the web page was cached as the photo (%zu file(s) before, %zu after, e.g. %s)", nb, na,
			     name);
	}
	ok = ok && expect_one_photo_log(t, mark, "not a JPEG, PNG, WebP or GIF picture");

	/* The shop serves the photo again: a new card (as after a restart) shows it, and caches it. */
	ok = ok && rt_shop_fault("none", "", -1);
	obs_source_t *second = ok ? shop_card(t, &MATSUTAKE, &frame, &l, "real-photo") : NULL;
	if (second) {
		ok = expect_photo_colour(t, &frame, &l.photo, MATSUTAKE.rgb, "the shop's photo");
		harness_frame_free(&frame);
		na = list_cache(t, after, 16, &total);
		ok = ok && new_cache_file(t, before, nb, after, na, name) && expect_cached_photo(t, name, &MATSUTAKE);
	} else {
		ok = false;
	}

	/* A page an older version cached in the photo's place (a fresh file, without validators) is
	 * dropped and the photo downloaded again. */
	char path[2048];
	cache_path(t, name, path, sizeof(path));
	FILE *f = ok ? fopen(path, "wb") : NULL;
	if (f) {
		fputs("<!DOCTYPE html><html><body>Please log in to the Wi-Fi</body></html>\n", f);
		ok = fclose(f) == 0;
	}
	obs_source_t *third = ok ? shop_card(t, &MATSUTAKE, &frame, &l, "cached-page-replaced") : NULL;
	if (third) {
		ok = expect_photo_colour(t, &frame, &l.photo, MATSUTAKE.rgb, "the shop's photo") &&
		     expect_cached_photo(t, name, &MATSUTAKE);
		harness_frame_free(&frame);
	} else {
		ok = false;
	}
	harness_release_source(third);
	harness_release_source(second);
	harness_release_source(first);
	return ok;
}

/* 13. A cached photo is used as it is for an hour; after that it is revalidated with its ETag: a
 * changed photo (new ETag) replaces the cached one, an unchanged one is answered 304 and kept. */
static bool test_photo_revalidated(struct rt_ctx *t)
{
	struct olc_frame frame;
	struct card_layout l;
	struct cache_file before[16], after[16];
	struct rt_shop_request last;
	long long total;
	static const struct shop_photo repainted = {"102", {30, 120, 200}};
	char name[64];
	if (!use_shop_photos(t))
		return false;
	const size_t nb = list_cache(t, before, 16, &total);
	obs_source_t *s1 = shop_card(t, &TEAPOT, &frame, &l, "first");
	if (!s1)
		return false;
	bool ok = expect_photo_colour(t, &frame, &l.photo, TEAPOT.rgb, "the teapot's photo");
	harness_frame_free(&frame);
	size_t na = list_cache(t, after, 16, &total);
	ok = ok && new_cache_file(t, before, nb, after, na, name) && expect_cached_photo(t, name, &TEAPOT);
	harness_release_source(s1);

	/* A new photo at the same address. */
	ok = ok && rt_shop_control("/_control/product", "{\"id\": 102, \"color\": [30, 120, 200]}");
	ok = ok && age_cache_file(t, name, PHOTO_STALE_S);
	obs_source_t *s2 = ok ? shop_card(t, &TEAPOT, &frame, &l, "changed") : NULL;
	if (s2) {
		ok = expect_photo_colour(t, &frame, &l.photo, repainted.rgb, "the changed photo");
		harness_frame_free(&frame);
		const size_t asked = photo_requests(&TEAPOT, &last);
		if (ok && (asked != 2 || !last.conditional || last.status != 200))
			ok = rt_fail(t,
				     "the photo was asked for %zu time(s), the last %s, answered %d; expected a "
				     "second, conditional request answered 200",
				     asked, last.conditional ? "conditional" : "unconditional", last.status);
		ok = ok && expect_cached_photo(t, name, &repainted);
	} else {
		ok = false;
	}
	harness_release_source(s2);

	/* Unchanged and stale: a 304, the cached copy shown and trusted for another hour. */
	ok = ok && age_cache_file(t, name, PHOTO_STALE_S);
	obs_source_t *s3 = ok ? shop_card(t, &TEAPOT, &frame, &l, "unchanged") : NULL;
	if (s3) {
		ok = expect_photo_colour(t, &frame, &l.photo, repainted.rgb, "the cached photo");
		harness_frame_free(&frame);
		const size_t asked = photo_requests(&TEAPOT, &last);
		if (ok && (asked != 3 || !last.conditional || last.status != 304))
			ok = rt_fail(t,
				     "the photo was asked for %zu time(s), the last answered %d; expected a third, "
				     "answered 304",
				     asked, last.status);
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		na = list_cache(t, after, 16, &total);
		for (size_t i = 0; ok && i < na; i++)
			if (strcmp(after[i].name, name) == 0 && after[i].mtime_ns / 1000000000 < now.tv_sec - 60)
				ok = rt_fail(t, "after the 304 the cached file still looks %lld s old",
					     (long long)(now.tv_sec - after[i].mtime_ns / 1000000000));
		ok = ok && expect_cached_photo(t, name, &repainted);
	} else {
		ok = false;
	}
	harness_release_source(s3);

	/* Within the hour: no request at all. */
	obs_source_t *s4 = ok ? shop_card(t, &TEAPOT, &frame, &l, "fresh") : NULL;
	if (s4) {
		ok = expect_photo_colour(t, &frame, &l.photo, repainted.rgb, "the cached photo");
		harness_frame_free(&frame);
		if (ok && photo_requests(&TEAPOT, &last) != 3)
			ok = rt_fail(t, "a photo confirmed a moment ago was asked for again");
	} else {
		ok = false;
	}
	harness_release_source(s4);
	return ok;
}

/* 14. A 404, a damaged image and an answer over the size cap each leave the card without a photo
 * (the placeholder), say why in one log line, and cache nothing; a stale cached photo whose
 * server now answers a damaged image stays on the card and on disk. */
static bool test_photo_failures(struct rt_ctx *t)
{
	static const struct {
		const char *mode;
		const struct shop_photo *photo;
		const char *says;
	} cases[] = {
		{"not-found", &ROSE_JAM, "its server answered HTTP 404"},
		{"corrupt-image", &NAAN, "(image: the file is damaged or cut short)"},
		{"huge", &PUER, "answer is larger than"},
	};
	struct olc_frame frame, placeholder = {0};
	struct card_layout l;
	struct cache_file before[16], after[16];
	long long total;
	char name[64];
	if (!use_shop_photos(t))
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok = shop_fault(t, cases[i].mode, cases[i].photo);
		const size_t nb = list_cache(t, before, 16, &total);
		const long mark = harness_log_mark();
		obs_source_t *source = ok ? shop_card(t, cases[i].photo, &frame, &l, cases[i].mode) : NULL;
		if (!source)
			return false;
		char why[128];
		snprintf(why, sizeof(why), "the shop answered %s", cases[i].mode);
		ok = expect_no_photo(t, &frame, &l.photo, cases[i].photo, why);
		/* Every failure draws the same placeholder. */
		const struct rect mid = inset(l.photo, 0.2);
		if (ok && placeholder.rgba && mean_diff(&placeholder, &frame, &mid) > 1.0)
			ok = rt_fail(t, "the card after %s differs from the placeholder by %.2f", cases[i].mode,
				     mean_diff(&placeholder, &frame, &mid));
		if (!placeholder.rgba) {
			placeholder = frame;
			frame.rgba = NULL;
		}
		harness_frame_free(&frame);
		const size_t na = list_cache(t, after, 16, &total);
		if (ok && na != nb)
			ok = rt_fail(t, "after %s the photo cache has %zu file(s) instead of %zu", cases[i].mode, na,
				     nb);
		ok = ok && expect_one_photo_log(t, mark, cases[i].says);
		harness_release_source(source);
		ok = ok && rt_shop_fault("none", "", -1);
	}
	harness_frame_free(&placeholder);

	/* The previous good photo stays when its server starts answering with a damaged one (the cache
	 * emptied first: an earlier test cached this photo). */
	empty_cache(t);
	const size_t nb = list_cache(t, before, 16, &total);
	obs_source_t *good = ok ? shop_card(t, &MATSUTAKE, &frame, &l, "good") : NULL;
	if (good) {
		ok = expect_photo_colour(t, &frame, &l.photo, MATSUTAKE.rgb, "the matsutake's photo");
		harness_frame_free(&frame);
		const size_t na = list_cache(t, after, 16, &total);
		ok = ok && new_cache_file(t, before, nb, after, na, name);
	} else {
		ok = false;
	}
	harness_release_source(good);
	ok = ok && age_cache_file(t, name, PHOTO_STALE_S) && shop_fault(t, "corrupt-image", &MATSUTAKE);
	const long mark = harness_log_mark();
	obs_source_t *kept = ok ? shop_card(t, &MATSUTAKE, &frame, &l, "damaged-update") : NULL;
	if (kept) {
		struct rt_shop_request last;
		ok = expect_photo_colour(t, &frame, &l.photo, MATSUTAKE.rgb, "the previous good photo");
		harness_frame_free(&frame);
		if (ok && (photo_requests(&MATSUTAKE, &last) != 2 || last.status != 200))
			ok = rt_fail(t,
				     "the stale photo was not asked for again (or not answered with the damaged one)");
		ok = ok && expect_one_photo_log(t, mark, "the card shows the copy cached on disk") &&
		     expect_cached_photo(t, name, &MATSUTAKE);
	} else {
		ok = false;
	}
	harness_release_source(kept);
	rt_shop_fault("none", "", -1);
	return ok;
}

/* Fills the cache with `count` files of `size` bytes, named f<hex>.img, the first the oldest (one
 * second apart, hours ago). */
static bool fill_cache(struct rt_ctx *t, int count, size_t size)
{
	char *zeros = calloc(1, size ? size : 1);
	bool ok = zeros != NULL;
	for (int i = 0; ok && i < count; i++) {
		char name[64], path[2048];
		snprintf(name, sizeof(name), "f%015x.img", i);
		cache_path(t, name, path, sizeof(path));
		FILE *f = fopen(path, "wb");
		ok = f && fwrite(zeros, 1, size, f) == size;
		if (f)
			ok = fclose(f) == 0 && ok;
		ok = ok && age_cache_file(t, name, 3 * 60 * 60 - i);
	}
	free(zeros);
	if (!ok)
		return rt_fail(t, "cannot fill the photo cache");
	return true;
}

/* The cache after a download into a full one: the oldest fill file gone, the others and the new
 * photo there, within both caps. */
static bool expect_oldest_evicted(struct rt_ctx *t, int filled, const char *what)
{
	struct cache_file files[PHOTO_CACHE_MAX_FILES + 8];
	long long total;
	const size_t n = list_cache(t, files, PHOTO_CACHE_MAX_FILES + 8, &total);
	char oldest[64], second[64], newest[64];
	snprintf(oldest, sizeof(oldest), "f%015x.img", 0);
	snprintf(second, sizeof(second), "f%015x.img", 1);
	snprintf(newest, sizeof(newest), "f%015x.img", filled - 1);
	if (total > PHOTO_CACHE_MAX_BYTES || n > PHOTO_CACHE_MAX_FILES)
		return rt_fail(t, "%s: the cache holds %zu files, %lld bytes (caps: %d files, %lld bytes)", what, n,
			       total, PHOTO_CACHE_MAX_FILES, PHOTO_CACHE_MAX_BYTES);
	if (cache_has(files, n, oldest) || !cache_has(files, n, second) || !cache_has(files, n, newest))
		return rt_fail(t, "%s: oldest %s, second %s, newest %s; expected only the oldest gone", what,
			       cache_has(files, n, oldest) ? "kept" : "gone",
			       cache_has(files, n, second) ? "kept" : "gone",
			       cache_has(files, n, newest) ? "kept" : "gone");
	if ((int)n != filled)
		return rt_fail(t, "%s: %zu files; expected %d (one out, the photo in)", what, n, filled);
	return true;
}

/* 15. The cache keeps to its caps, 64 MiB and 256 files: a download into a full cache removes the
 * files the server confirmed longest ago, and only as many as needed. */
static bool test_photo_cache_cap(struct rt_ctx *t)
{
	struct olc_frame frame;
	struct card_layout l;
	char dir[1024];
	if (!use_shop_photos(t))
		return false;
	cache_dir(t, dir, sizeof(dir));
	os_mkdirs(dir);
	empty_cache(t);

	/* 64 files of 1 MiB: the byte cap exactly; one more photo must push the oldest out. */
	bool ok = fill_cache(t, 64, 1024 * 1024);
	obs_source_t *s1 = ok ? shop_card(t, &MATSUTAKE, &frame, &l, "bytes") : NULL;
	if (s1) {
		ok = expect_photo_colour(t, &frame, &l.photo, MATSUTAKE.rgb, "the photo") &&
		     expect_oldest_evicted(t, 64, "by bytes");
		harness_frame_free(&frame);
	} else {
		ok = false;
	}
	harness_release_source(s1);

	/* 256 small files: the file cap. */
	empty_cache(t);
	ok = ok && fill_cache(t, PHOTO_CACHE_MAX_FILES, 100);
	obs_source_t *s2 = ok ? shop_card(t, &TEAPOT, &frame, &l, "files") : NULL;
	if (s2) {
		ok = expect_photo_colour(t, &frame, &l.photo, TEAPOT.rgb, "the photo") &&
		     expect_oldest_evicted(t, PHOTO_CACHE_MAX_FILES, "by count");
		harness_frame_free(&frame);
	} else {
		ok = false;
	}
	harness_release_source(s2);
	empty_cache(t);
	return ok;
}

/* The last card test puts the session back on the demo shop and stops the photo servers. */
static bool test_back_to_demo(struct rt_ctx *t)
{
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "demo");
	bool ok = vendor(t, "SetConnection", req);
	obs_data_release(req);
	stop_photo_server();
	rt_shop_stop();
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (ok && listed_stock(ROSE_ID) < 0) {
		if (os_gettime_ns() > deadline)
			ok = rt_fail(t, "the demo shop did not come back");
		os_sleep_ms(20);
	}
	return ok;
}

/* ---- the stream language, RevealPrice, MarkSoldOut (branch live) ------------------------------- */

/* What the dock's stream-language setting does, through the module's test procedure. */
static bool set_stream_language(struct rt_ctx *t, const char *code)
{
	calldata_t cd = {0};
	calldata_set_string(&cd, "code", code);
	bool ok = proc_handler_call(obs_get_proc_handler(), "live_commerce_set_stream_language", &cd) &&
		  calldata_bool(&cd, "ok");
	calldata_free(&cd);
	return ok || rt_fail(t, "cannot set the stream language to \"%s\"", code);
}

struct frame_vs {
	const struct olc_frame *other;
	bool same; /* wait until equal (mean per channel under 0.05) rather than different (over 2) */
};

static bool frame_compares(const struct olc_frame *f, void *param)
{
	const struct frame_vs *vs = param;
	if (!f->rgba || f->width != vs->other->width || f->height != vs->other->height)
		return !vs->same && f->rgba;
	const struct rect all = whole(f);
	const double d = mean_diff(f, vs->other, &all);
	return vs->same ? d < 0.05 : d > 2.0;
}

/* Renders source until it differs from (or equals) other; the frame is in out either way. */
static bool wait_frame(struct rt_ctx *t, obs_source_t *source, const struct olc_frame *other, bool same,
		       struct olc_frame *out, const char *what)
{
	struct frame_vs vs = {other, same};
	if (harness_render_until(source, frame_compares, &vs, RT_TIMEOUT_MS, out))
		return rt_save(t, out, what);
	rt_save(t, out, what);
	return rt_fail(t, "%s: the frame never became %s the earlier one", what, same ? "equal to" : "different from");
}

/* A sales goal over the quiet test shop (a file: no orders ever), its clock stopped. */
static obs_source_t *quiet_goal(struct rt_ctx *t, struct olc_frame *frame, const char *what)
{
	obs_data_t *settings = obs_data_create();
	obs_data_set_string(settings, "kind", "revenue");
	obs_source_t *goal = rt_create_source(t, "live_commerce_sales_goal", settings);
	obs_data_release(settings);
	if (!goal)
		return NULL;
	set_clock(goal, 60000);
	memset(frame, 0, sizeof(*frame));
	struct olc_frame none = {0};
	struct frame_vs vs = {&none, false};
	if (!harness_render_until(goal, frame_compares, &vs, RT_TIMEOUT_MS, frame) || !rt_save(t, frame, what)) {
		rt_fail(t, "the sales goal drew nothing");
		harness_frame_free(frame);
		harness_release_source(goal);
		return NULL;
	}
	return goal;
}

/* With OBS in en-US and the stream language zh-CN, the card and the goal say their words in Chinese
 * and write the price with "¥" (goldens); the default setting follows OBS again, to the pixel. */
static bool test_stream_language(struct rt_ctx *t)
{
	if (!use_test_shop(t, 8) || !set_stream_language(t, ""))
		return false;
	if (strcmp(obs_get_locale(), "en-US") != 0)
		return rt_fail(t, "the harness runs OBS in %s, not en-US", obs_get_locale());
	struct olc_frame en_card, en_goal, zh_card = {0}, zh_goal = {0}, back_card = {0}, back_goal = {0};
	struct card_layout l;
	obs_data_t *settings = card_settings(HONEY_ID, "none");
	obs_source_t *card = shown_card(t, settings, &en_card, &l, "en-US");
	obs_data_release(settings);
	if (!card)
		return false;
	obs_source_t *goal = quiet_goal(t, &en_goal, "goal-en-US");
	if (!goal) {
		harness_frame_free(&en_card);
		harness_release_source(card);
		return false;
	}

	/* Clocks stopped: a changed price text pulses, so each frame is taken once that is over. */
	set_clock(card, 50000);
	harness_wait_ticks(2, RT_TIMEOUT_MS);
	harness_frame_free(&en_card);
	bool ok = harness_render(card, 0, 0, &en_card);
	ok = ok && set_stream_language(t, "zh-CN") && wait_frame(t, card, &en_card, false, &zh_card, "zh-CN") &&
	     wait_frame(t, goal, &en_goal, false, &zh_goal, "goal-zh-CN");
	/* The card's words may arrive in two rasters (the language, then its texts): let it settle. */
	harness_wait_ticks(10, RT_TIMEOUT_MS);
	set_clock(card, 60000);
	set_clock(goal, 70000);
	harness_wait_ticks(3, RT_TIMEOUT_MS);
	if (ok) {
		harness_frame_free(&zh_card);
		harness_frame_free(&zh_goal);
		ok = harness_render(card, 0, 0, &zh_card) && harness_render(goal, 0, 0, &zh_goal);
	}
	if (ok && get_layout(card, 0, &l)) {
		const struct olc_gc_region price[] = {{"price", l.price.x, l.price.y, l.price.w, l.price.h}};
		ok = rt_expect_golden(t, &zh_card, "stream-zh-CN-card", price, 1) && ok;
		ok = rt_expect_golden(t, &zh_goal, "stream-zh-CN-goal", NULL, 0) && ok;
	}
	/* Back to following OBS: the very pixels of before, once the pulse is over. */
	ok = ok && set_stream_language(t, "") && wait_frame(t, card, &zh_card, false, &back_card, "leaving-zh-CN");
	harness_wait_ticks(10, RT_TIMEOUT_MS);
	set_clock(card, 80000);
	harness_wait_ticks(3, RT_TIMEOUT_MS);
	harness_frame_free(&back_card);
	ok = ok && wait_frame(t, card, &en_card, true, &back_card, "back-en-US") &&
	     wait_frame(t, goal, &en_goal, true, &back_goal, "goal-back-en-US");
	set_stream_language(t, "");
	harness_frame_free(&en_card);
	harness_frame_free(&en_goal);
	harness_frame_free(&zh_card);
	harness_frame_free(&zh_goal);
	harness_frame_free(&back_card);
	harness_frame_free(&back_goal);
	harness_release_source(card);
	harness_release_source(goal);
	return ok;
}

/* RevealPrice wipes a hidden price into the price; the mark-sold-out hotkey and MarkSoldOut {id}
 * stamp the card sold out with StockChanged {stock 0}; an unknown product is refused in words. */
static bool test_reveal_and_mark_sold_out(struct rt_ctx *t)
{
	if (!use_test_shop(t, 8))
		return false;
	struct olc_frame normal, hidden, revealed = {0};
	struct card_layout ln, lh, ls;
	obs_data_t *a = card_settings(HONEY_ID, "none");
	obs_data_t *b = card_settings(HONEY_ID, "none");
	obs_data_set_bool(b, "hide_price", true);
	obs_source_t *sa = shown_card(t, a, &normal, &ln, "normal");
	obs_source_t *sb = sa ? shown_card(t, b, &hidden, &lh, "hidden") : NULL;
	obs_data_release(a);
	obs_data_release(b);
	if (!sa || !sb) {
		if (sa)
			harness_frame_free(&normal);
		harness_release_source(sa);
		return false;
	}
	const struct rect all = whole(&normal);
	bool ok = mean_diff(&normal, &hidden, &all) > 0.5 || rt_fail(t, "the hidden price shows");
	ok = ok && vendor(t, "RevealPrice", NULL) && wait_frame(t, sb, &normal, true, &revealed, "revealed");
	/* A second RevealPrice is not a toggle: the price stays. */
	harness_frame_free(&revealed);
	ok = ok && vendor(t, "RevealPrice", NULL) && harness_wait_ticks(30, RT_TIMEOUT_MS) &&
	     harness_render(sb, 0, 0, &revealed) &&
	     (mean_diff(&revealed, &normal, &all) < 0.05 || rt_fail(t, "a second RevealPrice hid the price again"));
	harness_frame_free(&revealed);
	harness_release_source(sb);

	/* The hotkey marks the featured product. */
	rt_vendor_events_clear();
	obs_hotkey_enable_callback_rerouting(true);
	ok = ok && feature(t, HONEY_ID, NULL) && press(t, "live_commerce.mark_sold_out");
	obs_hotkey_enable_callback_rerouting(false);
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (ok && !(get_layout(sa, 0, &ls) && ls.stamp.w > 0)) {
		if (os_gettime_ns() > deadline)
			ok = rt_fail(t, "the card never showed the sold-out stamp (listed stock %lld, phase %s)",
				     listed_stock(HONEY_ID), ls.phase);
		harness_wait_ticks(1, 1000);
	}
	obs_data_t *ev = NULL;
	if (ok && (rt_vendor_events("StockChanged", &ev) < 1 || !ev ||
		   strcmp(obs_data_get_string(ev, "id"), HONEY_ID) != 0 || obs_data_get_int(ev, "stock") != 0))
		ok = rt_fail(t, "no StockChanged {id: %s, stock: 0}", HONEY_ID);
	obs_data_release(ev);
	ok = ok && (listed_stock(HONEY_ID) == 0 || rt_fail(t, "ListProducts still lists stock %lld", listed_stock(HONEY_ID)));
	struct olc_frame sold;
	ok = ok && harness_render(sa, 0, 0, &sold) && rt_save(t, &sold, "marked-sold-out");
	if (ok) {
		ok = mean_diff(&normal, &sold, &ls.stamp) > 30 || rt_fail(t, "the stamp area barely changed");
		harness_frame_free(&sold);
	}

	/* By id, and refusals. */
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "id", SOLD_OUT_ID);
	ok = ok && vendor(t, "MarkSoldOut", req);
	obs_data_set_string(req, "id", "no-such-product");
	obs_data_t *resp = obs_data_create();
	if (ok && (!rt_vendor_request(VENDOR, "MarkSoldOut", req, resp) || obs_data_get_bool(resp, "ok") ||
		   !strstr(obs_data_get_string(resp, "error"), "the shop has no product \"no-such-product\"")))
		ok = rt_fail(t, "MarkSoldOut of an unknown product answered: %s", obs_data_get_string(resp, "error"));
	obs_data_release(resp);
	obs_data_release(req);
	harness_frame_free(&normal);
	harness_frame_free(&hidden);
	harness_release_source(sa);
	return ok;
}

/* The live hotkeys beside the dock's buttons: a test order for the featured product, a five-minute
 * flash sale of it (its card then says "Ends in"), and hide. */
static bool test_live_hotkeys(struct rt_ctx *t)
{
	/* 9, above the 8 the shop listed when the test before marked the honey sold out: a restock, so
	 * the mark goes and the shop's count stands (it would stay 0 with 8). */
	if (!use_test_shop(t, 9) || !feature(t, HONEY_ID, NULL))
		return false;
	obs_hotkey_enable_callback_rerouting(true);
	rt_vendor_events_clear();
	bool ok = press(t, "live_commerce.test_order");
	obs_data_t *ev = NULL;
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (ok && rt_vendor_events("OrderReceived", NULL) < 1 && os_gettime_ns() < deadline)
		os_sleep_ms(10);
	if (ok && (rt_vendor_events("OrderReceived", &ev) != 1 || !ev || !obs_data_get_bool(ev, "test") ||
		   strcmp(obs_data_get_string(ev, "product_id"), HONEY_ID) != 0))
		ok = rt_fail(t, "the test-order hotkey sent no test OrderReceived for %s", HONEY_ID);
	obs_data_release(ev);

	obs_data_t *resp = obs_data_create();
	ok = ok && press(t, "live_commerce.flash_sale") && rt_vendor_request(VENDOR, "GetCountdown", NULL, resp);
	if (ok && (strcmp(obs_data_get_string(resp, "state"), "running") != 0 || obs_data_get_int(resp, "seconds") != 300 ||
		   strcmp(obs_data_get_string(resp, "product_id"), HONEY_ID) != 0))
		ok = rt_fail(t, "after the flash-sale hotkey GetCountdown says %s, %lld s, product \"%s\"",
			     obs_data_get_string(resp, "state"), obs_data_get_int(resp, "seconds"),
			     obs_data_get_string(resp, "product_id"));
	obs_data_release(resp);
	ok = vendor(t, "StopCountdown", NULL) && ok;

	resp = obs_data_create();
	ok = ok && press(t, "live_commerce.hide_product") && rt_vendor_request(VENDOR, "GetStatus", NULL, resp);
	obs_data_array_t *featured = ok ? obs_data_get_array(resp, "featured") : NULL;
	if (ok && featured && obs_data_array_count(featured) != 0)
		ok = rt_fail(t, "the hide hotkey left %zu product(s) featured", obs_data_array_count(featured));
	obs_data_array_release(featured);
	obs_data_release(resp);
	obs_hotkey_enable_callback_rerouting(false);
	return ok;
}

const struct render_test product_card_tests[] = {
	{"card fixed product: photo, text and QR where the layout puts them", test_fixed_product},
	{"card follows the featured products, side by side and stacked", test_follows_featured},
	{"card downloads the photo once and keeps it on disk", test_photo_download},
	{"card sold out differs visibly", test_sold_out},
	{"card hidden price differs and the reveal ends on the price", test_hidden_price},
	{"card slide entrance: start, middle, end differ; end stable", test_entrance_slide},
	{"card fade entrance: start, middle, end differ; end stable", test_entrance_fade},
	{"card pop entrance: start, middle, end differ; end stable", test_entrance_pop},
	{"card stock bar eases to the new stock", test_stock_bar_eases},
	{"card price change pulses, then settles", test_price_pulse},
	{"card deck number and coupon; next, previous, show/hide and reveal hotkeys", test_deck_and_hotkeys},
	{"card deck item: coupon words, its tags, and hide_price starts hidden, revealed, hidden again when it returns",
	 test_deck_item_hides_price},
	{"card call to action: QR on a json shop, the cart's #3 instead of it, none, the QR again",
	 test_call_to_action},
	{"card light, dark and festive looks differ", test_looks},
	{"card shows the flash sale's ends-in badge, gone after StopCountdown", test_ends_in_badge},
	{"card product ids of 128 and 300 bytes match the countdown whole; 513 bytes refused in words",
	 test_long_ids_match_the_countdown},
	{"card: two products that look the same are two cards; the flash sale's badge follows the one featured",
	 test_twins_are_two_products},
	{"card photo: a page sent as the photo is not cached; the next card shows the real photo",
	 test_photo_page_not_cached},
	{"card photo: a changed photo (new ETag) replaces the cached one; an unchanged one gets 304",
	 test_photo_revalidated},
	{"card photo: 404, damaged or oversized photos show no photo, log once, cache nothing", test_photo_failures},
	{"card photo cache: beyond 64 MiB or 256 files the oldest files go first", test_photo_cache_cap},
	{"card and goal in the stream language zh-CN with OBS in en-US (Chinese labels, ¥); default follows OBS",
	 test_stream_language},
	{"card: RevealPrice reveals a hidden price; the sold-out hotkey and MarkSoldOut stamp it sold out",
	 test_reveal_and_mark_sold_out},
	{"live hotkeys: a test order, a five-minute flash sale of the featured product, hide", test_live_hotkeys},
	{NULL, NULL},
};

/* Tear-down, not a test: the demo shop again, the photo server stopped. */
const struct render_test product_card_teardown[] = {
	{"card test shop replaced by the demo shop again", test_back_to_demo},
	{NULL, NULL},
};
