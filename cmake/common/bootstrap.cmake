# Reads the plugin's identity from buildspec.json and sets up module paths before project().
include_guard(GLOBAL)

if(CMAKE_SOURCE_DIR STREQUAL CMAKE_BINARY_DIR)
  message(FATAL_ERROR "In-source builds are not supported: use a build directory, e.g. cmake --preset linux-ninja")
endif()

file(READ "${CMAKE_CURRENT_SOURCE_DIR}/buildspec.json" _olc_buildspec)
foreach(_key IN ITEMS name displayName version author website email)
  string(JSON _olc_value GET "${_olc_buildspec}" ${_key})
  set(_${_key} "${_olc_value}")
endforeach()
unset(_olc_value)

if(CMAKE_HOST_SYSTEM_NAME STREQUAL "Linux")
  set(_olc_os linux)
elseif(CMAKE_HOST_SYSTEM_NAME STREQUAL "Darwin")
  set(_olc_os macos)
elseif(CMAKE_HOST_SYSTEM_NAME STREQUAL "Windows")
  set(_olc_os windows)
else()
  message(FATAL_ERROR "Unsupported host system: ${CMAKE_HOST_SYSTEM_NAME}")
endif()

list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_SOURCE_DIR}/cmake/common" "${CMAKE_CURRENT_SOURCE_DIR}/cmake/${_olc_os}")

# macOS and Windows build against the OBS sources and prebuilt dependencies that buildspec.json pins.
if(NOT _olc_os STREQUAL "linux")
  include(buildspec_common)
  olc_fetch_buildspec_dependencies()
endif()
