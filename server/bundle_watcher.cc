#include "server/bundle_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace refrain::server {

namespace {

std::string folderOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

BundleWatcher::BundleWatcher(boost::asio::io_context& io, int fd, std::function<void()> changed)
    : inotify_(io, fd), changed_(std::move(changed)) {}

std::unique_ptr<BundleWatcher> BundleWatcher::start(boost::asio::io_context& io, const std::string& bundlePath,
                                                    std::function<void()> changed, std::string* error) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return *error = std::string("inotify: ") + std::strerror(errno), nullptr;
  std::string folder = folderOf(bundlePath);
  if (inotify_add_watch(fd, folder.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
    *error = "cannot watch " + folder + ": " + std::strerror(errno);
    close(fd);
    return nullptr;
  }
  std::unique_ptr<BundleWatcher> w(new BundleWatcher(io, fd, std::move(changed)));
  w->read();
  return w;
}

void BundleWatcher::stop() {
  boost::system::error_code ignored;
  inotify_.close(ignored);
}

void BundleWatcher::read() {
  inotify_.async_read_some(boost::asio::buffer(events_), [this](boost::system::error_code ec, size_t) {
    if (ec) return;  // closed
    // Any event in the folder may be the bundle's (a symlink swap names
    // another entry): one reload attempt per batch of events.
    changed_();
    read();
  });
}

}  // namespace refrain::server
