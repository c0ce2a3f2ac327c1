/* The overlay sources' effects and uploads: see overlay/effect.h. */
#include "overlay/effect.h"

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
