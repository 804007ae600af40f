# Install rules and the Debian package (`make package`: CPack's DEB generator), for a server:
#   /usr/bin/careguard
#   /usr/share/careguard/{templates,content,web/dist}   found by default_share_dir() (core/config.h)
#   /usr/lib/careguard/careguard-backup                 run by careguard-backup.service
#   /etc/careguard/careguard.conf                       commented configuration (a conffile)
#   /lib/systemd/system/careguard{.service,-backup.service,-backup.timer}
#   /usr/share/doc/careguard/{README.md,SECURITY.md}
# The maintainer scripts in packaging/ add the careguard system user and /var/lib/careguard.
# web/dist must be built first (npm run build --prefix web); `make package` does that.

# `cpack` installs into a staging folder first; without this, that would build every test
# program as well (CPack's install step depends on `all`). make package builds careguard itself.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS careguard RUNTIME DESTINATION bin)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/templates/ DESTINATION share/careguard/templates)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/content/ DESTINATION share/careguard/content)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/dist/ DESTINATION share/careguard/web/dist)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/packaging/careguard-backup DESTINATION lib/careguard)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/careguard.conf DESTINATION /etc/careguard
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/careguard.service
              ${CMAKE_SOURCE_DIR}/packaging/careguard-backup.service
              ${CMAKE_SOURCE_DIR}/packaging/careguard-backup.timer
        DESTINATION /lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/SECURITY.md
        DESTINATION share/doc/careguard)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME careguard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Careguard")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "cyber resilience for adult social care: the data security toolkit and sector oversight")
set(CPACK_PACKAGE_DESCRIPTION
    "Careguard helps adult social care organisations keep the information of the people they\n\
support safe, and gives the organisations that support them a live picture of the whole\n\
sector. One program serves the web pages and a JSON API from SQLite or PostgreSQL.\n\
This package runs it as the careguard service (settings in /etc/careguard/careguard.conf),\n\
with a daily backup timer.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo's debug information stays in the build tree
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # careguard_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Careguard maintainers <careguard@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries come from dpkg-shlibdeps, from what the binary links; by hand only the programs
# that the maintainer scripts and units run: adduser, deb-systemd-helper (init-system-helpers),
# and /bin/kill for ExecReload (procps, which a minimal Debian does not have).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~), procps")
# pg_dump and pg_restore, for `careguard backup` and `restore` on PostgreSQL.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/packaging/conffiles ${CMAKE_SOURCE_DIR}/packaging/postinst
    ${CMAKE_SOURCE_DIR}/packaging/prerm ${CMAKE_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
