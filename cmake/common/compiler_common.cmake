# Language levels and warnings shared by every platform.
include_guard(GLOBAL)

set(CMAKE_C_STANDARD 17)
set(CMAKE_C_STANDARD_REQUIRED ON)
# gnu17: libobs's headers use POSIX/GNU declarations (recursive mutexes) that strict C17 hides.
set(CMAKE_C_EXTENSIONS ON)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

# Only obs_module_* entry points leave the module.
set(CMAKE_C_VISIBILITY_PRESET hidden)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

option(OLC_WARNINGS_AS_ERRORS "Treat compiler warnings as errors (on in CI)" OFF)
if(DEFINED ENV{CI} AND NOT "$ENV{CI}" STREQUAL "")
  set(OLC_WARNINGS_AS_ERRORS ON CACHE BOOL "" FORCE)
endif()

option(OLC_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
# The test command's tsan layer: only the session's tests are built then (tests/unit/CMakeLists.txt).
option(OLC_TSAN "Build with ThreadSanitizer" OFF)
if(OLC_TSAN AND OLC_SANITIZE)
  message(FATAL_ERROR "OLC_TSAN and OLC_SANITIZE cannot be combined: ThreadSanitizer excludes AddressSanitizer")
endif()
