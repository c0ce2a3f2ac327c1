/* The overlay sources' effects and uploads: see overlay/effect.h. */
#include "overlay/effect.h"

#include <graphics/vec4.h>
#include <util/bmem.h>
#include <util/dstr.h>

#include "plugin-support.h"

gs_effect_t *olc_effect_load(const char *file, const char *who)
{
	struct dstr name = {0};
	dstr_printf(&name, "effects/%s", file);
	char *path = obs_module_file(name.array);
	char *errors = NULL;
	obs_enter_graphics();
	gs_effect_t *effect = path ? gs_effect_create_from_file(path, &errors) : NULL;
	obs_leave_graphics();
	if (!effect)
		obs_log(LOG_ERROR, "%s: cannot load %s: %s", who, name.array, errors ? errors : "file not found");
	bfree(errors);
	bfree(path);
	dstr_free(&name);
	return effect;
}

gs_texture_t *olc_texture_upload(const struct olc_raster_image *img)
{
	if (!img->pixels)
		return NULL;
	const uint8_t *planes[] = {img->pixels};
	return gs_texture_create((uint32_t)img->width, (uint32_t)img->height, GS_RGBA, 1, planes, 0);
}

bool olc_premultiplied_begin(void)
{
	const bool previous_srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	return previous_srgb;
}

void olc_premultiplied_end(bool previous_srgb)
{
	gs_blend_state_pop();
	gs_enable_framebuffer_srgb(previous_srgb);
}

void olc_matrix_scale_about(float x, float y, float scale)
{
	gs_matrix_translate3f(x, y, 0.0f);
	gs_matrix_scale3f(scale, scale, 1.0f);
	gs_matrix_translate3f(-x, -y, 0.0f);
}

void olc_effect_set_color(gs_eparam_t *param, uint32_t color)
{
	struct vec4 v;
	vec4_from_rgba(&v, color);
	gs_effect_set_vec4(param, &v);
}
