/* obs-live-commerce: native live-commerce overlays for OBS Studio. Module entry points. */
#include <obs-module.h>

#include "live-session.h"
#include "plugin-support.h"
#include "vendor-api.h"

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
#include "dock.h"
#endif

OBS_DECLARE_MODULE()
OBS_MODULE_USE_DEFAULT_LOCALE("obs-live-commerce", "en-US")

extern struct obs_source_info olc_qr_code_source_info;

MODULE_EXPORT const char *obs_module_name(void)
{
	return "Live Commerce Overlays";
}

MODULE_EXPORT const char *obs_module_description(void)
{
	return obs_module_text("Module.Description");
}

bool obs_module_load(void)
{
	/* The session starts before any source exists, so the first frame can already show the
	 * cached catalog. A session that cannot start leaves the sources empty, not OBS broken. */
	olc_live_start();
	obs_register_source(&olc_qr_code_source_info);

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
	olc_dock_register();
#endif

	obs_log(LOG_INFO, "loaded (version %s, built against libobs %d.%d.%d, running in %s)", PLUGIN_VERSION,
		LIBOBS_API_MAJOR_VER, LIBOBS_API_MINOR_VER, LIBOBS_API_PATCH_VER, obs_get_version_string());
	return true;
}

void obs_module_post_load(void)
{
	olc_vendor_register();
}

void obs_module_unload(void)
{
	olc_vendor_unregister();
	olc_live_stop();
	obs_log(LOG_INFO, "unloaded");
}
