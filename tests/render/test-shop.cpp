/* The test shop for the render tests; see test-shop.h. */
#include "test-shop.h"

#include "shop-server.h"

#include <cstdio>
#include <memory>
#include <string>

namespace {
std::unique_ptr<ShopServer> shop;
std::string last_error;

bool running()
{
	if (!shop) {
		last_error = "the test shop is not running";
		return false;
	}
	return true;
}

bool check(bool ok)
{
	if (!ok)
		last_error = shop->error();
	return ok;
}
} // namespace

extern "C" bool rt_shop_start(char *err, size_t errlen)
{
	if (!shop) {
		shop = std::make_unique<ShopServer>();
		if (!shop->ok()) {
			last_error = shop->error();
			shop.reset();
		}
	}
	if (!shop && err && errlen)
		std::snprintf(err, errlen, "the test shop did not start: %s", last_error.c_str());
	return shop != nullptr;
}

extern "C" void rt_shop_stop(void)
{
	shop.reset();
}

extern "C" void rt_shop_url(const char *path, char *out, size_t len)
{
	std::snprintf(out, len, "%s", shop ? shop->http_url(path).c_str() : "");
}

extern "C" bool rt_shop_fault(const char *mode, const char *path_prefix, int count)
{
	return running() && check(shop->set_fault(mode, path_prefix ? path_prefix : "", count));
}

extern "C" bool rt_shop_control(const char *path, const char *json_body)
{
	return running() && check(shop->control("POST", path, json_body ? json_body : "{}"));
}

extern "C" size_t rt_shop_requests_to(const char *path, struct rt_shop_request *out, size_t max)
{
	if (!running())
		return 0;
	const std::vector<ShopRequest> seen = shop->requests_to(path);
	for (size_t i = 0; i < seen.size() && i < max; i++) {
		out[i].status = seen[i].status;
		out[i].conditional = !seen[i].if_none_match.empty() || !seen[i].if_modified_since.empty();
		out[i].bytes_sent = seen[i].bytes_sent;
	}
	return seen.size();
}

extern "C" const char *rt_shop_error(void)
{
	return last_error.c_str();
}
