/* The module's identity and its one logger. */
#pragma once

#include <util/base.h>

#include "core/base/error.h" /* OLC_PRINTF */

#ifdef __cplusplus
extern "C" {
#endif

extern const char *PLUGIN_NAME;
extern const char *PLUGIN_VERSION;

/* Logs through libobs with the "[obs-live-commerce] " prefix. Never pass a secret, a token
 * or a URL with credentials. Any thread. */
OLC_PRINTF(2, 3) void obs_log(int log_level, const char *format, ...);

#ifdef __cplusplus
}
#endif
