# Windows compiler settings (MSVC, x64).
include_guard(GLOBAL)
include(compiler_common)

if(NOT CMAKE_SIZEOF_VOID_P EQUAL 8)
  message(FATAL_ERROR "Only 64-bit Windows builds are supported")
endif()
add_compile_definitions(UNICODE _UNICODE _CRT_SECURE_NO_WARNINGS _CRT_NONSTDC_NO_WARNINGS)
