/* A QGuiApplication for programs that load the module into bare libobs (the render tests, the
 * card benchmark): the card rasteriser needs one, as it has in OBS. Main thread only. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Creates it (QT_QPA_PLATFORM defaults to offscreen) before libobs starts. */
bool rt_qt_start(void);
/* Deletes it, after libobs has shut down. */
void rt_qt_stop(void);

#ifdef __cplusplus
}
#endif
