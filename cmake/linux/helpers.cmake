# Linux: install rules for the system and per-user layouts, and CPack (.deb + per-user .tar.xz).
include_guard(GLOBAL)
include(helpers_common)

function(set_target_properties_plugin target)
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME "${_name}")

  install(TARGETS ${target} LIBRARY DESTINATION "${OLC_PLUGIN_DESTINATION}" COMPONENT system)
  olc_install_data(${target})

  install(
    TARGETS ${target}
    LIBRARY DESTINATION "${OLC_USER_PLUGIN_DESTINATION}"
    COMPONENT user
    EXCLUDE_FROM_ALL)
  install(
    DIRECTORY "${CMAKE_SOURCE_DIR}/data/"
    DESTINATION "${OLC_USER_DATA_DESTINATION}"
    COMPONENT user
    EXCLUDE_FROM_ALL)

  set(CPACK_PACKAGE_NAME "${_name}")
  set(CPACK_PACKAGE_VERSION "${_version}")
  set(CPACK_PACKAGE_VENDOR "${_author}")
  set(CPACK_PACKAGE_CONTACT "${_email}")
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${_displayName}: native live-commerce overlays for OBS Studio")
  set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
  set(CPACK_GENERATOR "DEB;TXZ")
  set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
  set(CPACK_DEB_COMPONENT_INSTALL ON)
  set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
  set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
  set(CPACK_DEBIAN_PACKAGE_SECTION "video")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "obs-studio (>= 30.2)")
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
  set(CPACK_ARCHIVE_FILE_NAME "${_name}-${_version}-linux-x86_64-user")
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY OFF)
  # The .deb carries the system layout, the .tar.xz the per-user one (unpack into ~/.config/obs-studio/plugins).
  set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_SOURCE_DIR}/cmake/linux/cpack-per-generator.cmake")
  include(CPack)
endfunction()
