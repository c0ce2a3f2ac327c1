# Helpers every platform uses. The project's own (olc_target_warnings, olc_install_data) are in cmake/olc.cmake.
include_guard(GLOBAL)
