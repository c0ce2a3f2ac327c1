/* One frame of a product card source; see sources/product-card/frame.h. */
#include "sources/product-card/frame.h"

#include <obs-module.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/product-card/content.h"
#include "sources/product-card/photos.h"
#include "runtime/live-session.h"
#include "plugin-support.h"
#include "core/shop/provider.h"
#include "core/stream/qr-matrix.h"
#include "core/net/url.h"
#include "overlay/key.h"

#define CAPACITY_SLOTS  64
#define PHOTO_COVER_MIN 64
#define PHOTO_COVER_MAX 2048

struct card_builder {
	struct card_photos *photos;
	const struct olc_cancel *cancel;
	uint64_t last_key; /* what the last frame showed */
	struct {
		uint64_t id_hash;
		int64_t max;
	} capacity[CAPACITY_SLOTS]; /* the most stock seen per product: a full stock bar */
	size_t capacity_count, capacity_next;
	volatile long build_us, raster_us, rasters;
};

void card_settings_free(struct card_settings *s)
{
	bfree(s->product_id);
	olc_look_free(&s->look);
	bfree(s->qr_caption);
	bfree(s->language);
	memset(s, 0, sizeof(*s));
}

void card_settings_copy(struct card_settings *dst, const struct card_settings *src)
{
	*dst = *src;
	dst->product_id = src->product_id ? bstrdup(src->product_id) : NULL;
	olc_look_copy(&dst->look, &src->look);
	dst->qr_caption = src->qr_caption ? bstrdup(src->qr_caption) : NULL;
	dst->language = src->language ? bstrdup(src->language) : NULL;
}

static void style_from_settings(const struct card_settings *s, struct olc_card_style *style)
{
	olc_card_style_default(style);
	olc_look_to_card_style(&s->look, style);
	style->language = s->language;
	style->show_qr = true; /* a QR is drawn when the content has one: see card_builder_build */
	style->vertical = s->vertical;
}

void card_frame_free(struct card_frame *f)
{
	if (!f)
		return;
	olc_raster_image_free(&f->image);
	olc_raster_image_free(&f->revealed);
	bfree(f);
}

/* Keys over what the card shows (overlay/key.h): equal keys draw equal pixels. */
static void hash_settings(uint64_t *k, const struct card_settings *s)
{
	olc_key_str(k, s->product_id);
	olc_key_int(k, s->stacked);
	olc_look_key(k, &s->look);
	olc_key_int(k, s->vertical);
	olc_key_int(k, s->call_to_action);
	olc_key_str(k, s->qr_caption);
	olc_key_int(k, s->hide_price);
	olc_key_str(k, s->language);
}

static void hash_content(uint64_t *k, const struct olc_card_content *c)
{
	olc_key_str(k, c->title);
	olc_key_int(k, c->number);
	olc_key_str(k, c->price_text);
	olc_key_str(k, c->compare_at_text);
	olc_key_int(k, c->discount_percent);
	for (size_t i = 0; i < c->tag_count; i++)
		olc_key_str(k, c->tags[i]);
	olc_key_int(k, (int64_t)c->tag_count);
	olc_key_int(k, c->has_stock);
	olc_key_int(k, c->stock);
	olc_key_int(k, c->stock_capacity);
	olc_key_str(k, c->stock_text);
	olc_key_int(k, c->sold_out);
	olc_key_str(k, c->sold_out_text);
	olc_key_str(k, c->coupon);
	olc_key_int(k, c->hidden_price);
	olc_key_str(k, c->hidden_price_text);
	/* A photo is identified by its decoded pixels' address and size: the photo cache keeps one
	 * decoded copy per link for as long as it is asked for. */
	olc_key_int(k, (int64_t)(uintptr_t)c->photo_rgba);
	olc_key_int(k, c->photo_width);
	olc_key_int(k, c->photo_height);
	olc_key_int(k, c->qr_size);
	if (c->qr_modules)
		olc_key_bytes(k, c->qr_modules, (size_t)c->qr_size * (size_t)c->qr_size);
	olc_key_str(k, c->qr_caption);
	olc_key_str(k, c->cart_text);
}

/* The largest stock seen for a product: what a full bar means. A live session starts with the
 * stock the shop has and sells it down; a restock fills the bar again. */
static long long stock_capacity(struct card_builder *b, const char *product_id, bool has_stock, int64_t stock)
{
	if (!has_stock)
		return 0;
	uint64_t k = OLC_FNV1A_BASIS;
	olc_key_str(&k, product_id);
	const int64_t floor = stock > 1 ? stock : 1;
	for (size_t i = 0; i < b->capacity_count; i++) {
		if (b->capacity[i].id_hash == k) {
			if (floor > b->capacity[i].max)
				b->capacity[i].max = floor;
			return b->capacity[i].max;
		}
	}
	size_t slot = b->capacity_count < CAPACITY_SLOTS ? b->capacity_count++ : b->capacity_next++ % CAPACITY_SLOTS;
	b->capacity[slot].id_hash = k;
	b->capacity[slot].max = floor;
	return floor;
}

static void rect_move(struct olc_card_rect *r, int dx, int dy)
{
	if (r->width > 0 && r->height > 0) {
		r->x += dx;
		r->y += dy;
	}
}

static void layout_move(struct olc_card_layout *l, int dx, int dy)
{
	struct olc_card_rect *rects[] = {&l->card,  &l->photo,      &l->title,  &l->price,         &l->compare_at,
					 &l->badge, &l->tags,       &l->stock,  &l->stock_bar,     &l->coupon,
					 &l->qr,    &l->qr_caption, &l->number, &l->sold_out_stamp};
	for (size_t i = 0; i < sizeof(rects) / sizeof(rects[0]); i++)
		rect_move(rects[i], dx, dy);
}

/* Places n rasterised cards side by side (top-aligned) or stacked (left-aligned) with gap pixels
 * between them. offsets receive each card's top-left corner. */
static bool compose(struct olc_raster_image *cards, size_t n, bool stacked, int gap, int offsets[][2],
		    struct olc_raster_image *out)
{
	memset(out, 0, sizeof(*out));
	if (n == 1) {
		/* The usual case: the card is the image, no copy. */
		*out = cards[0];
		memset(&cards[0], 0, sizeof(cards[0]));
		offsets[0][0] = offsets[0][1] = 0;
		return true;
	}
	int width = 0, height = 0;
	for (size_t i = 0; i < n; i++) {
		offsets[i][0] = stacked ? 0 : width + (i ? gap : 0);
		offsets[i][1] = stacked ? height + (i ? gap : 0) : 0;
		if (stacked) {
			height = offsets[i][1] + cards[i].height;
			width = cards[i].width > width ? cards[i].width : width;
		} else {
			width = offsets[i][0] + cards[i].width;
			height = cards[i].height > height ? cards[i].height : height;
		}
	}
	unsigned char *pixels = calloc((size_t)width * (size_t)height, 4);
	if (!pixels)
		return false;
	for (size_t i = 0; i < n; i++) {
		for (int y = 0; y < cards[i].height; y++)
			memcpy(pixels + ((size_t)(offsets[i][1] + y) * (size_t)width + (size_t)offsets[i][0]) * 4,
			       cards[i].pixels + (size_t)y * (size_t)cards[i].stride, (size_t)cards[i].width * 4);
	}
	out->width = width;
	out->height = height;
	out->stride = width * 4;
	out->pixels = pixels;
	return true;
}

static float stock_fill(const struct olc_card_content *c)
{
	if (!c->has_stock || c->stock_capacity <= 0)
		return -1.0f;
	const long long stock = olc_clamp_ll(c->stock, 0, c->stock_capacity);
	return (float)((double)stock / (double)c->stock_capacity);
}

/* Whether the card points to the platform's cart: asked for, or automatic on a platform where
 * viewers buy in the live room's own cart (an outside QR may break its rules there). */
static bool wants_cart(const struct card_settings *set, const struct olc_snapshot *snap)
{
	if (set->call_to_action == CARD_CTA_CART)
		return true;
	if (set->call_to_action != CARD_CTA_AUTO || !snap)
		return false;
	const struct olc_provider_ops *ops = olc_provider_find(snap->provider);
	return ops && ops->buys_in_app_cart;
}

/* Builds the frame the settings and the session ask for. NULL when it would show exactly what
 * the last published frame shows (or on failure, logged). */
struct card_frame *card_builder_build(struct card_builder *b, const struct card_settings *set, const char *name)
{
	const uint64_t start = os_gettime_ns();
	struct olc_snapshot *snap = olc_live_snapshot();
	const char *ids[CARD_MAX];
	size_t wanted = 0;
	if (set->product_id)
		ids[wanted++] = set->product_id;
	else if (snap)
		for (size_t i = 0; i < snap->featured_count && wanted < CARD_MAX; i++)
			ids[wanted++] = snap->featured[i];

	const bool cart = wants_cart(set, snap);
	const bool qr = set->call_to_action == CARD_CTA_QR || (set->call_to_action == CARD_CTA_AUTO && !cart);
	struct card_words words[CARD_MAX];
	struct olc_qr_matrix qrs[CARD_MAX];
	memset(words, 0, sizeof(words));
	memset(qrs, 0, sizeof(qrs));
	size_t count = 0;
	for (size_t i = 0; i < wanted; i++) {
		const struct card_words_options opt = {
			.language = set->language,
			.hide_price = set->hide_price,
			.qr_caption = qr ? set->qr_caption : NULL,
			.cart = cart,
		};
		if (!card_words_build(snap, ids[i], &opt, &words[count])) {
			card_words_free(&words[count]);
			continue;
		}
		struct card_words *w = &words[count];
		w->content.stock_capacity = stock_capacity(b, w->product_id, w->has_stock, w->stock);
		count++;
	}
	olc_snapshot_release(snap);

	/* Photos and QR codes, outside the snapshot: a download may take seconds. */
	card_photos_begin(b->photos);
	const long long cover = olc_clamp_ll((long long)((float)set->look.width * set->look.scale + 0.5f),
					     PHOTO_COVER_MIN, PHOTO_COVER_MAX);
	for (size_t i = 0; i < count; i++) {
		struct olc_card_content *c = &words[i].content;
		const struct olc_image *photo =
			card_photos_get(b->photos, words[i].image_url, (int)cover, b->cancel, os_gettime_ns());
		if (photo) {
			c->photo_rgba = photo->pixels;
			c->photo_width = photo->width;
			c->photo_height = photo->height;
			c->photo_stride = photo->stride;
		}
		struct olc_error err = {{0}};
		if (qr && words[i].url && olc_url_is_web(words[i].url) &&
		    olc_qr_encode(words[i].url, OLC_QR_ECC_M, &qrs[i], &err)) {
			c->qr_modules = qrs[i].dark;
			c->qr_size = qrs[i].size;
		}
	}

	uint64_t key = OLC_FNV1A_BASIS;
	uint64_t identity = OLC_FNV1A_BASIS;
	hash_settings(&key, set);
	olc_key_int(&key, (int64_t)count);
	for (size_t i = 0; i < count; i++) {
		hash_content(&key, &words[i].content);
		olc_key_str(&identity, words[i].product_id);
	}
	/* Which products, not only how they look: two that look the same are still two cards (the
	 * flash sale's badge and the entrance follow the product). */
	olc_key_int(&key, (int64_t)identity);

	struct card_frame *frame = NULL;
	if (key == b->last_key || olc_cancel_is_set(b->cancel))
		goto done;

	frame = bzalloc(sizeof(*frame));
	frame->identity = count ? identity : 0;
	struct olc_card_style style;
	style_from_settings(set, &style);
	struct olc_raster_image shown[CARD_MAX], revealed[CARD_MAX];
	struct olc_card_layout layouts[CARD_MAX];
	memset(shown, 0, sizeof(shown));
	memset(revealed, 0, sizeof(revealed));
	size_t drawn = 0;
	const uint64_t raster_start = os_gettime_ns();
	/* A revealed image when any card starts with its price hidden: the source's setting, or a
	 * deck item's hide_price. */
	bool any_hidden = false;
	for (size_t i = 0; i < count; i++)
		any_hidden = any_hidden || words[i].content.hidden_price;
	for (size_t i = 0; i < count; i++) {
		char err[256];
		struct olc_card_content *c = &words[i].content;
		if (!olc_card_rasterise(c, &style, &shown[drawn], &layouts[drawn], err, sizeof(err))) {
			obs_log(LOG_WARNING, "product card '%s': %s", name, err);
			continue;
		}
		if (any_hidden) {
			struct olc_card_content open = *c;
			open.hidden_price = false;
			if (!olc_card_rasterise(&open, &style, &revealed[drawn], NULL, err, sizeof(err))) {
				obs_log(LOG_WARNING, "product card '%s': %s", name, err);
				olc_raster_image_free(&shown[drawn]);
				continue;
			}
		}
		struct card_part *part = &frame->parts[drawn];
		part->stock_fill = stock_fill(c);
		uint64_t price = OLC_FNV1A_BASIS;
		olc_key_str(&price, c->price_text);
		olc_key_str(&price, c->compare_at_text);
		part->price_key = price;
		drawn++;
	}
	const uint64_t raster_end = os_gettime_ns();

	int offsets[CARD_MAX][2] = {{0}};
	const int gap = (int)((float)CARD_GAP * set->look.scale + 0.5f);
	bool ok = drawn == 0 || compose(shown, drawn, set->stacked, gap, offsets, &frame->image);
	if (ok && drawn && any_hidden)
		ok = compose(revealed, drawn, set->stacked, gap, offsets, &frame->revealed);
	for (size_t i = 0; i < drawn; i++) {
		olc_raster_image_free(&shown[i]);
		olc_raster_image_free(&revealed[i]);
		frame->parts[i].layout = layouts[i];
		layout_move(&frame->parts[i].layout, offsets[i][0], offsets[i][1]);
	}
	if (!ok) {
		obs_log(LOG_WARNING, "product card '%s': out of memory composing the cards", name);
		card_frame_free(frame);
		frame = NULL;
		goto done;
	}
	frame->count = drawn;
	if (!drawn)
		frame->identity = 0;
	else
		olc_product_id_copy(frame->first_product, sizeof(frame->first_product), words[0].product_id);
	b->last_key = key;
	if (drawn) {
		os_atomic_set_long(&b->raster_us, (long)((raster_end - raster_start) / 1000));
		os_atomic_inc_long(&b->rasters);
	}
	os_atomic_set_long(&b->build_us, (long)((os_gettime_ns() - start) / 1000));

done:
	for (size_t i = 0; i < count; i++) {
		card_words_free(&words[i]);
		olc_qr_matrix_free(&qrs[i]);
	}
	return frame;
}

struct card_builder *card_builder_create(const char *photo_cache_dir, const struct olc_cancel *cancel)
{
	struct card_builder *b = bzalloc(sizeof(*b));
	b->photos = card_photos_create(photo_cache_dir);
	b->cancel = cancel;
	if (!b->photos) {
		bfree(b);
		return NULL;
	}
	return b;
}

void card_builder_destroy(struct card_builder *b)
{
	if (!b)
		return;
	card_photos_destroy(b->photos);
	bfree(b);
}

void card_builder_stats(const struct card_builder *b, struct card_builder_stats *out)
{
	out->raster_us = os_atomic_load_long(&b->raster_us);
	out->build_us = os_atomic_load_long(&b->build_us);
	out->rasters = os_atomic_load_long(&b->rasters);
	out->photo_bytes = (long long)card_photos_bytes(b->photos);
}
