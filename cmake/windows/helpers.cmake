# Windows: module DLL plus PDB and data in the OBS plugin layout.
include_guard(GLOBAL)
include(helpers_common)

function(set_target_properties_plugin target)
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME "${_name}")
  install(TARGETS ${target} RUNTIME DESTINATION "${OLC_PLUGIN_DESTINATION}" LIBRARY DESTINATION "${OLC_PLUGIN_DESTINATION}"
          COMPONENT system)
  install(FILES "$<TARGET_PDB_FILE:${target}>" DESTINATION "${OLC_PLUGIN_DESTINATION}" COMPONENT system OPTIONAL)
  olc_install_data(${target})
endfunction()
