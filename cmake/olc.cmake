# This project's own build options and helpers, kept out of cmake/common (the files in the OBS plugin template's
# roles) so that the template's own files can be taken there. Included by the top-level CMakeLists.txt after
# project().
include_guard(GLOBAL)

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

# olc_target_warnings(<target>): the project's warning set, as errors when OLC_WARNINGS_AS_ERRORS is on, and the
# sanitizers OLC_SANITIZE or OLC_TSAN ask for.
function(olc_target_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /utf-8 $<$<BOOL:${OLC_WARNINGS_AS_ERRORS}>:/WX>)
  else()
    target_compile_options(
      ${target}
      PRIVATE -Wall
              -Wextra
              -Wvla
              -Wformat=2
              -Wno-unused-parameter
              $<$<COMPILE_LANGUAGE:C>:-Wmissing-prototypes>
              $<$<BOOL:${OLC_WARNINGS_AS_ERRORS}>:-Werror>)
  endif()
  if(OLC_SANITIZE AND NOT MSVC)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(OLC_TSAN AND NOT MSVC)
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=thread)
  endif()
endfunction()

# olc_install_data(<target>): install data/ beside the module in the platform's layout (cmake/<os>/helpers.cmake's
# set_target_properties_plugin calls it).
function(olc_install_data target)
  install(
    DIRECTORY "${CMAKE_SOURCE_DIR}/data/"
    DESTINATION "${OLC_DATA_DESTINATION}"
    USE_SOURCE_PERMISSIONS
    COMPONENT system)
endfunction()
