/* The product card as pixels: Qt 6 (QPainter on a QImage) behind a C header, so the C card source
 * can rasterise on its worker thread whenever the data or the settings change, then upload the
 * image as a texture in video_tick and animate it on the GPU. Nothing here is called per frame.
 *
 * Everything is plain data: strings are UTF-8 and borrowed for the duration of the call, the
 * result is malloc'd pixels the caller owns. Text may be in any script; fonts come from
 * fontconfig with explicit fallbacks (Noto Sans, Noto Sans CJK, Noto Sans Arabic, Noto Tibetan),
 * so Chinese, Tibetan, Uyghur (right to left) and Latin all render with real glyphs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the card says. Text is already localised by the caller (see money-format.h for prices);
 * NULL or "" leaves an element out. */
struct olc_card_content {
	/* Up to 2 lines, then an ellipsis. CJK wraps between any characters, Latin at words; Arabic
	 * script (Uyghur) runs right to left and is right-aligned. */
	const char *title;
	int number;                  /* deck number drawn as "#3" on the photo; 0: none */
	const char *price_text;      /* "¥168.00"; the currency symbol is drawn smaller than the digits */
	const char *compare_at_text; /* the old price, struck through */
	int discount_percent;        /* badge "−30%"; 0: none */
	const char *const *tags;     /* chips; at most 3 drawn, fewer when the row is full */
	size_t tag_count;

	bool has_stock;           /* false: no stock row at all */
	long long stock;          /* bar fill = stock / stock_capacity, clamped to 0..1 */
	long long stock_capacity; /* <= 0: text only, no bar */
	/* "仅剩 5 件" / "Only 5 left", beside the bar; in the accent colour when the bar is at a quarter
	 * or less. */
	const char *stock_text;

	bool sold_out;                 /* the card greyed, with a stamp over the photo */
	const char *sold_out_text;     /* the stamp's words, "已售罄"; NULL: "SOLD OUT" */
	const char *coupon;            /* a ticket-shaped coupon line */
	bool hidden_price;             /* hidden_price_text instead of the price; no old price, no badge */
	const char *hidden_price_text; /* "¥???" from olc_money_format_hidden(); NULL: "???" */

	/* Straight (not premultiplied) RGBA8 of any size, scaled and centre-cropped to fill the photo
	 * area; NULL: a quiet placeholder. photo_stride is bytes per row, 0 meaning photo_width * 4. */
	const unsigned char *photo_rgba;
	int photo_width, photo_height, photo_stride;

	/* qr_size * qr_size bytes, row-major, 1 = dark, without the quiet zone (olc_qr_matrix.dark);
	 * qr_size 21 to 177. NULL: no QR. */
	const unsigned char *qr_modules;
	int qr_size;
	const char *qr_caption; /* under the QR, up to 2 lines: "扫码购买 Scan to buy" */
	/* The call to action where viewers buy in the platform's own cart (Douyin, Kuaishou, Taobao):
	 * "3号链接" / "Link #3 in the cart", drawn with a cart glyph (a vector drawing, not an emoji
	 * font) on an accent panel where the QR goes, up to 2 lines. Only when no QR is drawn;
	 * NULL or "": none. */
	const char *cart_text;

	/* true: the stock bar is drawn as its empty track only, and the caller draws the fill over
	 * layout.stock_bar itself (the card source eases it on the GPU when the stock moves), in
	 * layout.stock_fill_start..end; the fill is stock / stock_capacity of the bar's width, at
	 * least its height when above 0. */
	bool stock_fill_external;
};

enum olc_card_look {
	OLC_CARD_LOOK_LIGHT,
	OLC_CARD_LOOK_DARK,
	OLC_CARD_LOOK_FESTIVE, /* red and gold */
	OLC_CARD_LOOK_COUNT,
};

/* How the card looks. Sizes are in pixels of a 1080p canvas; scale multiplies all of them. */
struct olc_card_style {
	enum olc_card_look look;
	/* OBS colour 0xAABBGGRR for the price, badge, chips and bar; 0: the look's own. A colour with
	 * alpha 0 counts as opaque. */
	unsigned int accent;
	/* Tried first; NULL or "": the look's own. The fallbacks for CJK, Tibetan and Arabic script
	 * always follow it. */
	const char *font_family;
	/* UI language ("zh-TW", "ja-JP"): which CJK glyph forms to prefer. NULL: simplified Chinese. */
	const char *language;
	int corner_radius; /* >= 0 */
	float scale;       /* 1.0 = designed for 1080p; 0.25 to 4 */
	int width;         /* 240 to 2000 at scale 1; the height follows from the content */
	bool show_qr;      /* false: no QR even when content has one */
	/* true: photo on top (the default); false: photo on the left, for wide cards (720 px and up;
	 * under 480 px the card is stacked anyway). */
	bool vertical;
};

/* The defaults that look good at 1080p: light, 560 px wide, vertical, radius 24, QR shown. */
void olc_card_style_default(struct olc_card_style *style);

struct olc_card_rect {
	int x, y, width, height; /* pixels of the output image; all 0 when the element is absent */
};

/* Where each element landed, for tests and for effects that animate one part (the price pulse,
 * the stock bar easing, the price reveal). */
struct olc_card_layout {
	struct olc_card_rect card; /* the whole image; outside its rounded corners alpha is 0 */
	struct olc_card_rect photo, title, price, compare_at, badge, tags, stock, stock_bar, coupon;
	struct olc_card_rect qr; /* the code with its 4-module light quiet zone, square */
	struct olc_card_rect qr_caption, number, sold_out_stamp;
	struct olc_card_rect cart; /* the cart call to action's panel (glyph and words) */
	int qr_module; /* pixels per QR module (a whole number: the code stays sharp) */
	/* The stock bar fill's horizontal gradient across the whole bar, left and right ends, as
	 * OBS colours 0xAABBGGRR (straight alpha); 0 when there is no bar. For stock_fill_external. */
	unsigned int stock_fill_start, stock_fill_end;
};

/* Premultiplied alpha, sRGB-encoded, bytes in R, G, B, A order, stride always width * 4: upload
 * with gs_texture_create(width, height, GS_RGBA, 1, &pixels, 0) and draw it with the default
 * effect without changing the blend state: OBS scenes compose premultiplied colour (blend
 * GS_BLEND_ONE, GS_BLEND_INVSRCALPHA for the normal blend mode). Sample it without sRGB decoding
 * (gs_effect_set_texture, framebuffer sRGB off), as image-source does when gs_get_linear_srgb()
 * is false. A fade multiplies all four channels by the opacity.
 * Why premultiplied: the card is scaled on the GPU (pop, scale setting), and bilinear filtering
 * of straight alpha draws dark fringes along the rounded corners; it is also what QPainter draws
 * natively, so there is no conversion pass. */
struct olc_raster_image {
	int width, height, stride;
	unsigned char *pixels; /* malloc'd; free with olc_raster_image_free() */
};

/* Draws the card. On success fills *out (the caller owns it) and, if layout is not NULL, *layout,
 * and returns true. On failure returns false, leaves *out empty and writes a sentence to err (if
 * err_len > 0): bad arguments, a photo or QR of impossible size, a card over 8192 pixels a side or
 * 32 megapixels, no QGuiApplication, no memory.
 * Any thread, several at once (no QWidget is used), but a QGuiApplication must exist: OBS has
 * one; tests and tools create one (QT_QPA_PLATFORM=offscreen is enough). Takes a few
 * milliseconds: call it from a worker, never from video_render or video_tick. */
bool olc_card_rasterise(const struct olc_card_content *content, const struct olc_card_style *style,
			struct olc_raster_image *out, struct olc_card_layout *layout, char *err, size_t err_len);

/* Optional warm-up: loads the font database and resolves the card's font fallbacks for this UI
 * language (NULL: simplified Chinese), so the first olc_card_rasterise() on a worker does not pay
 * for it and the font database is first touched from the Qt thread. Call it from the thread that
 * owns the QGuiApplication (obs_module_post_load). Returns false when there is no
 * QGuiApplication. */
bool olc_card_raster_prepare(const char *language);

/* Frees the pixels and empties the image. Safe on an empty or already freed image. */
void olc_raster_image_free(struct olc_raster_image *img);

#ifdef __cplusplus
}
#endif
