# The Debian packages: `cpack -G DEB` in a built folder writes
#   librefrain1_1.0.0_amd64.deb     the shared library
#   librefrain-dev_1.0.0_amd64.deb  headers, static library, CMake package, pkg-config file
#   refrain_1.0.0_amd64.deb         the command and its manual page
# Their Depends come from dpkg-shlibdeps (dpkg-dev) reading the binaries'
# ELF needs (libre2-9, libreadline8, libstdc++6...); librefrain-dev's are
# stated, as it ships no program: the library it is for, and what building
# against it needs (RE2's headers and pkg-config file; pkg-config).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME refrain)
set(CPACK_PACKAGE_VENDOR "The Refrain authors")
set(CPACK_PACKAGE_CONTACT "Refrain maintainers <maintainers@users.noreply.r-seed-e6c37d15.example>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Each package's synopsis is the first line of its component's description,
# which CPack takes only while this summary is its own default.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
# Installed under /usr with DESTDIR, so install-time code (refrain.pc) sees the real prefix.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
if(REFRAIN_BUILD_CLI)
  list(APPEND CPACK_COMPONENTS_ALL cli)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

# A shlibs file for librefrain1, so that packages built against it depend on
# it: librefrain1 (>= 1.0.0). (Only librefrain1 holds a shared object.)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME librefrain1)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
# The symbols file names the version that brought each rf_* function, so a
# program needs only as new a librefrain1 as the functions it calls
# (tests/consumers/run.sh checks that it lists exactly what the library
# exports). The trigger runs ldconfig when the package comes or goes;
# packaging/deb-post-build.cmake takes out the postinst and postrm scripts
# CPack writes to run it as well.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/debian/symbols ${PROJECT_SOURCE_DIR}/packaging/debian/triggers)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_POST_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/packaging/deb-post-build.cmake)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "policy engine for AI licensing of music - shared library
Refrain decides requests for AI uses of music (training, generation, voice
models...) against the terms that artists, labels, publishers and platforms
write in its policy language, compiled into a verified bundle. The answer is
byte for byte the same everywhere: allow or deny, why, the duties, and
exactly what is paid to whom.
.
This package holds the runtime, librefrain.so.1, which exports the C API.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME librefrain-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "librefrain1 (= ${PROJECT_VERSION}), libre2-dev, pkg-config")
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
set(CPACK_COMPONENT_DEV_DESCRIPTION "policy engine for AI licensing of music - development files
Refrain decides requests for AI uses of music (training, generation, voice
models...) against the terms that artists, labels, publishers and platforms
write in its policy language, compiled into a verified bundle.
.
This package holds what programs that decide with Refrain are built with:
the C API (refrain/refrain.h) and its C++ face (refrain/refrain.hpp), the
static library, the CMake package (find_package(Refrain)) and the
pkg-config file (refrain.pc).")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME refrain)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_CLI_DESCRIPTION "policy engine for AI licensing of music - command-line tool
Refrain decides requests for AI uses of music (training, generation, voice
models...) against the terms that artists, labels, publishers and platforms
write in its policy language, compiled into a verified bundle.
.
This package holds the refrain command: check, format and test policies,
compile them into bundles, decide requests and explain the decisions, and
an interactive session for policy authors.")

include(CPack)
