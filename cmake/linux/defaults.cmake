# Linux install layout. With CMAKE_INSTALL_PREFIX=/usr, GNUInstallDirs picks Debian's
# multiarch libdir, so the module lands in /usr/lib/<multiarch>/obs-plugins where Debian's OBS looks.
include_guard(GLOBAL)
# Default to /usr, where distribution packages of OBS look for plugins (set before GNUInstallDirs,
# which picks the multiarch libdir only for that prefix).
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX "/usr" CACHE PATH "Install prefix" FORCE)
endif()
include(GNUInstallDirs)

set(OLC_PLUGIN_DESTINATION "${CMAKE_INSTALL_LIBDIR}/obs-plugins")
set(OLC_DATA_DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/obs/obs-plugins/${_name}")

# Per-user layout (~/.config/obs-studio/plugins/<name>/{bin/64bit,data}), installed only
# on request: cmake --install build --component user --prefix ~/.config/obs-studio/plugins
set(OLC_USER_PLUGIN_DESTINATION "${_name}/bin/64bit")
set(OLC_USER_DATA_DESTINATION "${_name}/data")
