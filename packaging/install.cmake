# What `cmake --install` puts where, and the Debian packages CPack makes of
# it (`cpack -G DEB` in the build folder). Three components, one package each:
#   runtime  librefrain1     lib/librefrain.so.1 (-> .so.1.0.0)
#   dev      librefrain-dev  include/refrain/{refrain.h,refrain.hpp},
#                            lib/librefrain.so, lib/librefrain.a,
#                            lib/cmake/Refrain/, lib/pkgconfig/refrain.pc
#   cli      refrain         bin/refrain, share/man/man1/refrain.1.gz
# Each also installs share/doc/<package>/copyright and changelog.gz, which
# Debian requires of every package.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# `cmake --install --strip` and the packages strip what they install: the
# shared library and the command of their symbols, the static library of its
# debug information (most of its size), and all three of the compiler's
# `.comment` notes, which Debian leaves out.
function(refrain_strip_installed component dir target)
  install(CODE "
    if(CMAKE_INSTALL_DO_STRIP)
      execute_process(COMMAND \"${CMAKE_STRIP}\" ${ARGN} --remove-section=.comment
        \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${dir}/$<TARGET_FILE_NAME:${target}>\")
    endif()
  " COMPONENT ${component})
endfunction()

install(TARGETS refrain_shared refrain_static EXPORT RefrainTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# With REFRAIN_LTO the runtime's objects carry GCC's LTO bytecode beside
# their machine code, for the refrain command. librefrain.a must not: the
# bytecode ties its users to this very GCC, which runs LTO on it even when
# they did not ask for it, and stripping debug information from it leaves
# references LTO cannot resolve. It is taken out as Debian's dh_strip does;
# the machine code stays. (The shared library never has it: it is linked.)
if(REFRAIN_LTO)
  install(CODE "
    execute_process(COMMAND \"${CMAKE_OBJCOPY}\" -R .gnu.lto_* -R .gnu.debuglto_* -N __gnu_lto_slim -N __gnu_lto_v1
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:refrain_static>\"
      COMMAND_ERROR_IS_FATAL ANY)
  " COMPONENT dev)
endif()
refrain_strip_installed(runtime ${CMAKE_INSTALL_LIBDIR} refrain_shared)
refrain_strip_installed(dev ${CMAKE_INSTALL_LIBDIR} refrain_static --strip-debug)
install(FILES include/refrain/refrain.h include/refrain/refrain.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/refrain COMPONENT dev)

set(cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Refrain)
install(EXPORT RefrainTargets NAMESPACE Refrain:: DESTINATION ${cmake_dir} COMPONENT dev)
configure_package_config_file(packaging/RefrainConfig.cmake.in ${PROJECT_BINARY_DIR}/RefrainConfig.cmake
  INSTALL_DESTINATION ${cmake_dir})
# 1.x promises 1.0's C API: a program built against 1.0 runs on any 1.y.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/RefrainConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/RefrainConfig.cmake ${PROJECT_BINARY_DIR}/RefrainConfigVersion.cmake
  DESTINATION ${cmake_dir} COMPONENT dev)

# refrain.pc names the prefix it is installed under (`cmake --install
# --prefix P`, or /usr in a package), so it is written at install time.
foreach(kind INCLUDEDIR LIBDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(pc_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(pc_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
set(pc_out ${PROJECT_BINARY_DIR}/refrain.pc)
install(CODE "
  set(prefix \"\${CMAKE_INSTALL_PREFIX}\")
  set(pc_INCLUDEDIR [==[${pc_INCLUDEDIR}]==])
  set(pc_LIBDIR [==[${pc_LIBDIR}]==])
  set(PROJECT_VERSION ${PROJECT_VERSION})
  configure_file([==[${PROJECT_SOURCE_DIR}/packaging/refrain.pc.in]==] [==[${pc_out}]==] @ONLY)
" COMPONENT dev)
install(FILES ${pc_out} DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# Debian wants manual pages and changelogs compressed, without a time stamp
# (gzip -n), so the packages are the same bytes from the same sources.
function(refrain_gzip source output)
  execute_process(COMMAND gzip -9nc ${source} OUTPUT_FILE ${output} RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip could not compress ${source}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
endfunction()
refrain_gzip(${PROJECT_SOURCE_DIR}/docs/refrain.1 ${PROJECT_BINARY_DIR}/refrain.1.gz)
refrain_gzip(${PROJECT_SOURCE_DIR}/packaging/debian/changelog ${PROJECT_BINARY_DIR}/changelog.gz)

if(REFRAIN_BUILD_CLI)
  install(TARGETS refrain RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
  refrain_strip_installed(cli ${CMAKE_INSTALL_BINDIR} refrain)
  install(FILES ${PROJECT_BINARY_DIR}/refrain.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT cli)
endif()

set(packages runtime librefrain1 dev librefrain-dev)
if(REFRAIN_BUILD_CLI)
  list(APPEND packages cli refrain)
endif()
while(packages)
  list(POP_FRONT packages component package)
  install(FILES packaging/debian/copyright ${PROJECT_BINARY_DIR}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${component})
endwhile()

# The packages are Refrain's own: a parent project that installs Refrain
# with its program packages them its own way.
if(refrain_top_level)
  include(packaging/cpack.cmake)
endif()
