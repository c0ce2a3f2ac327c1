/* obs-live-commerce: native live-commerce overlays for OBS Studio. Module entry points. */
#include <obs-module.h>

#include "countdown-host.h"
#include "hotkeys.h"
#include "live-session.h"
#include "plugin-support.h"
#include "vendor-api.h"

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
#include "card-raster.h"
#include "dock.h"
extern struct obs_source_info olc_product_card_source_info;
extern struct obs_source_info olc_sales_goal_source_info;
extern struct obs_source_info olc_countdown_source_info;
extern struct obs_source_info olc_order_ticker_source_info;
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
	olc_countdown_host_start_module();
	obs_register_source(&olc_qr_code_source_info);

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
	obs_register_source(&olc_product_card_source_info);
	obs_register_source(&olc_sales_goal_source_info);
	obs_register_source(&olc_countdown_source_info);
	obs_register_source(&olc_order_ticker_source_info);
	olc_dock_register();
#endif
	olc_hotkeys_register();

	obs_log(LOG_INFO, "loaded (version %s, built against libobs %d.%d.%d, running in %s)", PLUGIN_VERSION,
		LIBOBS_API_MAJOR_VER, LIBOBS_API_MINOR_VER, LIBOBS_API_PATCH_VER, obs_get_version_string());
	return true;
}

void obs_module_post_load(void)
{
	olc_vendor_register();
#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
	/* Fonts resolved here, on the Qt thread, so a card's first raster on its worker is quick. */
	olc_card_raster_prepare(obs_get_locale());
#endif
}

void obs_module_unload(void)
{
	/* The countdown's thread sends CountdownEnded: it goes before the vendor API does. */
	olc_countdown_host_stop_module();
	olc_vendor_unregister();
	olc_hotkeys_unregister();
	olc_live_stop();
	obs_log(LOG_INFO, "unloaded");
}
