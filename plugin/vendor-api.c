/* obs-websocket vendor "live-commerce". Requests answer from snapshots and never block on
 * the network; errors come back as {"error": "..."} with a plain message. */
#include <obs-module.h>
#include <obs-websocket-api.h>

#include "plugin-support.h"
#include "settings-keys.h"
#include "vendor-api.h"

static obs_websocket_vendor vendor;

static const char *const vendor_requests[] = {"GetVersion"};

static void request_get_version(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	obs_data_set_string(response, "version", PLUGIN_VERSION);
	obs_data_set_string(response, "obs_version", obs_get_version_string());
	obs_data_set_int(response, "api_version", (long long)obs_websocket_get_api_version());
}

bool olc_vendor_register(void)
{
	vendor = obs_websocket_register_vendor(OLC_VENDOR_NAME);
	if (!vendor) {
		obs_log(LOG_INFO, "obs-websocket is not available: the vendor API is off");
		return false;
	}
	if (!obs_websocket_vendor_register_request(vendor, "GetVersion", request_get_version, NULL)) {
		obs_log(LOG_WARNING, "obs-websocket refused the vendor request GetVersion");
		return false;
	}
	obs_log(LOG_INFO, "obs-websocket vendor '%s' registered", OLC_VENDOR_NAME);
	return true;
}

void olc_vendor_unregister(void)
{
	if (!vendor)
		return;
	for (size_t i = 0; i < sizeof(vendor_requests) / sizeof(vendor_requests[0]); i++)
		obs_websocket_vendor_unregister_request(vendor, vendor_requests[i]);
	vendor = NULL;
}
