/* The GPU side the overlay sources share: their effects from data/effects and the upload of a
 * rasterised image. */
#pragma once

#include <obs-module.h>

#include <stdbool.h>
#include <stdint.h>

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

/* Our rasters are premultiplied sRGB bytes, drawn as they are: no sRGB decoding, and the
 * premultiplied blend (image-source does the same). begin returns what end restores. video_render. */
bool olc_premultiplied_begin(void);
void olc_premultiplied_end(bool previous_srgb);

/* Multiplies the current matrix by a scale of `scale` about the point (x, y). */
void olc_matrix_scale_about(float x, float y, float scale);

/* Sets a float4 parameter from an OBS colour (0xAABBGGRR). */
void olc_effect_set_color(gs_eparam_t *param, uint32_t color);

#ifdef __cplusplus
}
#endif
