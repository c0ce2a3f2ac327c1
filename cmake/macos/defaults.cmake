# macOS layout: a .plugin bundle for ~/Library/Application Support/obs-studio/plugins.
include_guard(GLOBAL)

set(OLC_PLUGIN_DESTINATION ".")
set(OLC_DATA_DESTINATION "${_name}.plugin/Contents/Resources")
