# macOS compiler settings: universal binaries for the oldest macOS that OBS 30 supports.
include_guard(GLOBAL)
include(compiler_common)

set(CMAKE_OSX_DEPLOYMENT_TARGET "11.0" CACHE STRING "Minimum macOS version")
set(CMAKE_OSX_ARCHITECTURES "x86_64;arm64" CACHE STRING "Architectures to build")
