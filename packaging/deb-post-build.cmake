# Run by CPack after it wrote the packages (CPACK_POST_BUILD_SCRIPTS).
# CPack (3.25) gives a package with a shared library in /usr/lib postinst and
# postrm scripts that call ldconfig, and has no switch to leave them out.
# Debian runs ldconfig through a trigger instead, which librefrain1 declares
# (packaging/debian/triggers), and lintian warns about the scripts
# (maintscript-calls-ldconfig). So librefrain1 is unpacked, the two scripts
# removed, and the package built again; its files are unchanged.
foreach(deb IN LISTS CPACK_PACKAGE_FILES)
  if(deb MATCHES "/librefrain1_[^/]*\\.deb$")
    set(tree "${deb}.tree")
    file(REMOVE_RECURSE "${tree}")
    execute_process(COMMAND dpkg-deb --raw-extract "${deb}" "${tree}" COMMAND_ERROR_IS_FATAL ANY)
    file(REMOVE "${tree}/DEBIAN/postinst" "${tree}/DEBIAN/postrm")
    execute_process(COMMAND dpkg-deb --root-owner-group --build "${tree}" "${deb}" OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
    file(REMOVE_RECURSE "${tree}")
  endif()
endforeach()
