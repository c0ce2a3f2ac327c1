# macOS: the module is a loadable bundle with its data in Resources.
include_guard(GLOBAL)
include(helpers_common)

function(set_target_properties_plugin target)
  string(JSON bundle_id GET "${_olc_buildspec}" platformConfig macos bundleId)
  set_target_properties(
    ${target}
    PROPERTIES BUNDLE TRUE
               BUNDLE_EXTENSION plugin
               OUTPUT_NAME "${_name}"
               MACOSX_BUNDLE_GUI_IDENTIFIER "${bundle_id}"
               MACOSX_BUNDLE_BUNDLE_VERSION "${_version}"
               MACOSX_BUNDLE_SHORT_VERSION_STRING "${_version}")
  install(TARGETS ${target} LIBRARY DESTINATION "${OLC_PLUGIN_DESTINATION}" COMPONENT system)
  olc_install_data(${target})
endfunction()
