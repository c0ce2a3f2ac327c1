# Linux compiler settings (GCC or Clang).
include_guard(GLOBAL)
include(compiler_common)

# Undefined symbols in the module are an error at link time, not when OBS loads it.
add_link_options(LINKER:--no-undefined)
