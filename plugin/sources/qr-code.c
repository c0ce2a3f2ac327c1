/* live_commerce_qr_code: a scan-to-buy QR code drawn natively.
 *
 * The text is encoded (libqrencode, through the core) only when it or the error-correction
 * level changes; colours only rebuild the small texture. The texture holds one texel per
 * module, quiet zone included, and is scaled up with point sampling so edges stay sharp at
 * any module size. update() runs on the graphics thread's tick: encoding a URL takes well
 * under a millisecond and the text is capped, so it stays there; the upload happens in
 * video_tick and video_render only draws.
 *
 * With no text set, the code follows the featured product's link: video_tick compares the
 * session snapshot's revisions (a pointer copy, no waiting) and re-encodes only when the
 * featured product or its link changed. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/threading.h>

#include <string.h>

#include "plugin-support.h"
#include "ids.h"
#include "runtime/live-session.h"
#include "core/stream/qr-matrix.h"
#include "core/net/url.h"

#define QR_QUIET_ZONE      4
#define QR_MAX_TEXT_BYTES  2048
#define QR_MODULE_SIZE_MIN 1
#define QR_MODULE_SIZE_MAX 64

struct qr_source {
	obs_source_t *source;
	pthread_mutex_t lock;

	/* Guarded by lock: written by update, read by tick and get_width/height. */
	char *text;           /* what is encoded: the setting, or the featured product's link */
	bool follow_featured; /* the setting is empty */
	bool plain_text;
	enum olc_qr_ecc ecc;
	int module_size;
	uint32_t dark;
	uint32_t light;
	struct olc_qr_matrix matrix; /* size 0: nothing to draw */
	bool texture_dirty;

	/* Graphics thread only. */
	uint64_t seen_catalog_revision;
	uint64_t seen_featured_revision;
	gs_texture_t *texture;
	gs_samplerstate_t *point_sampler;
	uint32_t texture_modules;

	/* The last text we warned about, so an invalid text is logged once. */
	char *warned_text;
};

static const char *qr_get_name(void *unused)
{
	UNUSED_PARAMETER(unused);
	return T_QR_NAME;
}

static void qr_warn_once(struct qr_source *qr, const char *text, const char *why)
{
	if (qr->warned_text && strcmp(qr->warned_text, text) == 0)
		return;
	bfree(qr->warned_text);
	qr->warned_text = bstrdup(text);
	/* The text may be a URL with a token in it: say what is wrong, never what it is. */
	obs_log(LOG_WARNING, "QR code '%s': %s (%zu bytes); nothing is drawn", obs_source_get_name(qr->source), why,
		strlen(text));
}

/* Called with qr->lock held. Encodes into qr->matrix, or leaves it empty when the text
 * cannot be shown. */
static void qr_encode_locked(struct qr_source *qr)
{
	olc_qr_matrix_free(&qr->matrix);
	qr->texture_dirty = true;

	const char *text = qr->text;
	if (!*text)
		return;
	if (strlen(text) > QR_MAX_TEXT_BYTES) {
		qr_warn_once(qr, text, "text is too long for a QR code");
		return;
	}
	if (!qr->plain_text && !olc_url_is_web(text)) {
		qr_warn_once(qr, text, "not an http(s) URL (choose \"Plain text\" to encode anything)");
		return;
	}

	struct olc_error err = {{0}};
	if (!olc_qr_encode(text, qr->ecc, &qr->matrix, &err)) {
		qr_warn_once(qr, text, err.text);
		olc_qr_matrix_free(&qr->matrix);
	}
}

static void qr_update(void *data, obs_data_t *settings)
{
	struct qr_source *qr = data;
	const char *text = obs_data_get_string(settings, S_QR_TEXT);
	const bool plain_text = strcmp(obs_data_get_string(settings, S_QR_MODE), S_QR_MODE_TEXT) == 0;
	long long ecc = obs_data_get_int(settings, S_QR_ECC);
	long long module_size = obs_data_get_int(settings, S_QR_MODULE_SIZE);

	if (ecc < OLC_QR_ECC_L || ecc > OLC_QR_ECC_H)
		ecc = OLC_QR_ECC_M;
	if (module_size < QR_MODULE_SIZE_MIN)
		module_size = QR_MODULE_SIZE_MIN;
	if (module_size > QR_MODULE_SIZE_MAX)
		module_size = QR_MODULE_SIZE_MAX;

	pthread_mutex_lock(&qr->lock);
	qr->follow_featured = !*text;
	if (qr->follow_featured) {
		/* Keep the link being shown; the next tick fetches the featured one. */
		text = qr->text ? qr->text : "";
		qr->seen_catalog_revision = qr->seen_featured_revision = 0;
	}
	const bool reencode = !qr->text || strcmp(qr->text, text) != 0 || qr->plain_text != plain_text ||
			      qr->ecc != (enum olc_qr_ecc)ecc;
	const uint32_t dark = (uint32_t)obs_data_get_int(settings, S_QR_DARK_COLOR);
	const uint32_t light = (uint32_t)obs_data_get_int(settings, S_QR_LIGHT_COLOR);
	if (dark != qr->dark || light != qr->light)
		qr->texture_dirty = true;
	qr->dark = dark;
	qr->light = light;
	qr->module_size = (int)module_size;
	if (reencode) {
		char *copy = bstrdup(text);
		bfree(qr->text);
		qr->text = copy;
		qr->plain_text = plain_text;
		qr->ecc = (enum olc_qr_ecc)ecc;
		qr_encode_locked(qr);
	}
	pthread_mutex_unlock(&qr->lock);
}

static void qr_defaults(obs_data_t *settings)
{
	obs_data_set_default_string(settings, S_QR_TEXT, "");
	obs_data_set_default_string(settings, S_QR_MODE, S_QR_MODE_URL);
	obs_data_set_default_int(settings, S_QR_ECC, OLC_QR_ECC_M);
	obs_data_set_default_int(settings, S_QR_MODULE_SIZE, 8);
	obs_data_set_default_int(settings, S_QR_DARK_COLOR, 0xFF000000);
	obs_data_set_default_int(settings, S_QR_LIGHT_COLOR, 0xFFFFFFFF);
}

static obs_properties_t *qr_properties(void *unused)
{
	UNUSED_PARAMETER(unused);
	obs_properties_t *props = obs_properties_create();

	obs_property_t *p = obs_properties_add_text(props, S_QR_TEXT, T_QR_TEXT, OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T_QR_TEXT_HINT);

	p = obs_properties_add_list(props, S_QR_MODE, T_QR_MODE, OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_QR_MODE_URL, S_QR_MODE_URL);
	obs_property_list_add_string(p, T_QR_MODE_TEXT, S_QR_MODE_TEXT);

	p = obs_properties_add_list(props, S_QR_ECC, T_QR_ECC, OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_INT);
	obs_property_list_add_int(p, T_QR_ECC_L, OLC_QR_ECC_L);
	obs_property_list_add_int(p, T_QR_ECC_M, OLC_QR_ECC_M);
	obs_property_list_add_int(p, T_QR_ECC_Q, OLC_QR_ECC_Q);
	obs_property_list_add_int(p, T_QR_ECC_H, OLC_QR_ECC_H);

	p = obs_properties_add_int_slider(props, S_QR_MODULE_SIZE, T_QR_MODULE_SIZE, QR_MODULE_SIZE_MIN,
					  QR_MODULE_SIZE_MAX, 1);
	obs_property_int_set_suffix(p, " px");

	obs_properties_add_color_alpha(props, S_QR_DARK_COLOR, T_QR_DARK_COLOR);
	obs_properties_add_color_alpha(props, S_QR_LIGHT_COLOR, T_QR_LIGHT_COLOR);
	return props;
}

static void *qr_create(obs_data_t *settings, obs_source_t *source)
{
	struct qr_source *qr = bzalloc(sizeof(*qr));
	qr->source = source;
	qr->ecc = OLC_QR_ECC_M;
	pthread_mutex_init(&qr->lock, NULL);

	obs_enter_graphics();
	struct gs_sampler_info point = {
		.filter = GS_FILTER_POINT,
		.address_u = GS_ADDRESS_CLAMP,
		.address_v = GS_ADDRESS_CLAMP,
		.address_w = GS_ADDRESS_CLAMP,
		.max_anisotropy = 1,
	};
	qr->point_sampler = gs_samplerstate_create(&point);
	obs_leave_graphics();

	qr_update(qr, settings);
	return qr;
}

static void qr_destroy(void *data)
{
	struct qr_source *qr = data;

	obs_enter_graphics();
	gs_texture_destroy(qr->texture);
	gs_samplerstate_destroy(qr->point_sampler);
	obs_leave_graphics();

	olc_qr_matrix_free(&qr->matrix);
	pthread_mutex_destroy(&qr->lock);
	bfree(qr->text);
	bfree(qr->warned_text);
	bfree(qr);
}

/* Texels of the matrix plus the quiet zone, in the configured colours (0xAABBGGRR is
 * R, G, B, A in memory: GS_RGBA). Called with qr->lock held. */
static uint32_t *qr_build_texels_locked(const struct qr_source *qr, uint32_t *modules_out)
{
	const int n = qr->matrix.size + 2 * QR_QUIET_ZONE;
	uint32_t *texels = bmalloc((size_t)n * (size_t)n * sizeof(uint32_t));

	for (int y = 0; y < n; y++) {
		for (int x = 0; x < n; x++) {
			const bool dark = olc_qr_matrix_is_dark(&qr->matrix, x - QR_QUIET_ZONE, y - QR_QUIET_ZONE);
			texels[y * n + x] = dark ? qr->dark : qr->light;
		}
	}
	*modules_out = (uint32_t)n;
	return texels;
}

/* Follows the featured product's link when the text setting is empty. */
static void qr_follow_featured(struct qr_source *qr)
{
	struct olc_snapshot *snap = olc_live_snapshot();
	if (!snap)
		return;
	if (snap->catalog_revision != qr->seen_catalog_revision ||
	    snap->featured_revision != qr->seen_featured_revision) {
		qr->seen_catalog_revision = snap->catalog_revision;
		qr->seen_featured_revision = snap->featured_revision;
		const struct olc_product *p =
			snap->featured_count ? olc_snapshot_product(snap, snap->featured[0]) : NULL;
		const char *url = p && p->url ? p->url : "";

		pthread_mutex_lock(&qr->lock);
		if (qr->follow_featured && strcmp(qr->text ? qr->text : "", url) != 0) {
			bfree(qr->text);
			qr->text = bstrdup(url);
			qr_encode_locked(qr);
		}
		pthread_mutex_unlock(&qr->lock);
	}
	olc_snapshot_release(snap);
}

static void qr_video_tick(void *data, float seconds)
{
	UNUSED_PARAMETER(seconds);
	struct qr_source *qr = data;
	uint32_t *texels = NULL;
	uint32_t modules = 0;

	if (qr->follow_featured)
		qr_follow_featured(qr);

	pthread_mutex_lock(&qr->lock);
	if (qr->texture_dirty) {
		qr->texture_dirty = false;
		if (qr->matrix.size > 0)
			texels = qr_build_texels_locked(qr, &modules);
	} else {
		pthread_mutex_unlock(&qr->lock);
		return;
	}
	pthread_mutex_unlock(&qr->lock);

	obs_enter_graphics();
	gs_texture_destroy(qr->texture);
	qr->texture = NULL;
	qr->texture_modules = 0;
	if (texels) {
		const uint8_t *planes[] = {(const uint8_t *)texels};
		qr->texture = gs_texture_create(modules, modules, GS_RGBA, 1, planes, 0);
		qr->texture_modules = qr->texture ? modules : 0;
	}
	obs_leave_graphics();
	bfree(texels);
}

static uint32_t qr_get_size(void *data)
{
	struct qr_source *qr = data;
	pthread_mutex_lock(&qr->lock);
	uint32_t size = 0;
	if (qr->matrix.size > 0)
		size = (uint32_t)(qr->matrix.size + 2 * QR_QUIET_ZONE) * (uint32_t)qr->module_size;
	pthread_mutex_unlock(&qr->lock);
	return size;
}

static void qr_video_render(void *data, gs_effect_t *unused)
{
	UNUSED_PARAMETER(unused);
	struct qr_source *qr = data;
	if (!qr->texture)
		return;

	/* The width the layout uses now; the texture may lag it by one tick. */
	const uint32_t size = qr_get_size(qr);
	if (!size)
		return;

	gs_effect_t *effect = obs_get_base_effect(OBS_EFFECT_DEFAULT);
	gs_eparam_t *image = gs_effect_get_param_by_name(effect, "image");
	/* Colours pass through untouched: no sRGB decode, so a configured colour is the pixel. */
	const bool previous_srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_effect_set_texture(image, qr->texture);
	gs_effect_set_next_sampler(image, qr->point_sampler);
	while (gs_effect_loop(effect, "Draw"))
		gs_draw_sprite(qr->texture, 0, size, size);
	gs_enable_framebuffer_srgb(previous_srgb);
}

struct obs_source_info olc_qr_code_source_info = {
	.id = OLC_SOURCE_QR_CODE,
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.icon_type = OBS_ICON_TYPE_IMAGE,
	.get_name = qr_get_name,
	.create = qr_create,
	.destroy = qr_destroy,
	.update = qr_update,
	.get_defaults = qr_defaults,
	.get_properties = qr_properties,
	.video_tick = qr_video_tick,
	.video_render = qr_video_render,
	.get_width = qr_get_size,
	.get_height = qr_get_size,
};
