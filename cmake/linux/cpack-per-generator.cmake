# Read by cpack once per generator: each package gets one install layout.
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_COMPONENTS_ALL system)
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
elseif(CPACK_GENERATOR STREQUAL "TXZ")
  set(CPACK_COMPONENTS_ALL user)
  set(CPACK_PACKAGING_INSTALL_PREFIX "/")
endif()
