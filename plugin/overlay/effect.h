/* The GPU side the overlay sources share: their effects from data/effects and the upload of a
 * rasterised image. */
#pragma once

#include <obs-module.h>

#include "raster/card-raster.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Creates data/effects/<file> inside obs_enter_graphics(); on failure logs
 * "<who>: cannot load effects/<file>: <why>" and returns NULL. The caller owns the effect and
 * destroys it inside obs_enter_graphics(). Looking its parameters up afterwards needs no
 * graphics context. Any thread that does not already hold the graphics context. */
gs_effect_t *olc_effect_load(const char *file, const char *who);

/* A GS_RGBA texture of img's pixels, NULL when img has none. Graphics context held. */
gs_texture_t *olc_texture_upload(const struct olc_raster_image *img);

#ifdef __cplusplus
}
#endif
