// The repository's data/ folder (the demo shop, the locale files), found from this header's own
// path so the tests run from any directory; OLC_DATA_DIR overrides it.
#pragma once

#include <cstdlib>
#include <string>

inline std::string data_dir()
{
	if (const char *env = std::getenv("OLC_DATA_DIR"))
		return env;
	const std::string here = __FILE__; // tests/unit/data-dir.h
	return here.substr(0, here.rfind("/tests/unit/")) + "/data";
}
