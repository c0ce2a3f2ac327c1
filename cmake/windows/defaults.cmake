# Windows layout: %ProgramData%/obs-studio/plugins/<name>/{bin/64bit,data}.
include_guard(GLOBAL)

set(OLC_PLUGIN_DESTINATION "${_name}/bin/64bit")
set(OLC_DATA_DESTINATION "${_name}/data")
