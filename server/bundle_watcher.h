// Watches the bundle file's folder with inotify and calls `changed` when
// the file may have been replaced: renamed into place (the way writers
// should replace it), closed after writing, or created. Watching the folder
// rather than the file follows a rename, and symlink swaps such as
// Kubernetes' `..data`; the store decides whether anything changed.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>
#include <string>

namespace refrain::server {

class BundleWatcher {
 public:
  // Null watcher and `error` set when inotify cannot watch the folder.
  static std::unique_ptr<BundleWatcher> start(boost::asio::io_context& io, const std::string& bundlePath,
                                              std::function<void()> changed, std::string* error);
  void stop();

 private:
  BundleWatcher(boost::asio::io_context& io, int fd, std::function<void()> changed);
  void read();

  boost::asio::posix::stream_descriptor inotify_;
  std::function<void()> changed_;
  std::array<char, 8192> events_;
};

}  // namespace refrain::server
