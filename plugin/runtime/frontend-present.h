/* Whether the module runs inside the OBS window (its QApplication and frontend API) rather than
 * in bare libobs (render tests, benchmarks, command-line tools), where any frontend API call only
 * logs an error. C-callable; any thread. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

bool olc_frontend_present(void);

#ifdef __cplusplus
}
#endif
