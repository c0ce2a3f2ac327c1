# Helpers every platform uses: data installation and the plugin target's common properties.
include_guard(GLOBAL)

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

# olc_install_data(<target>): install data/ beside the module in the platform's layout.
function(olc_install_data target)
  install(
    DIRECTORY "${CMAKE_SOURCE_DIR}/data/"
    DESTINATION "${OLC_DATA_DESTINATION}"
    USE_SOURCE_PERMISSIONS
    COMPONENT system)
endfunction()
