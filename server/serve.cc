#include "server/serve.h"

#include <atomic>
#include <csignal>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <thread>
#include <vector>

#include "server/bundle_watcher.h"
#include "server/http_session.h"

namespace refrain::server {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class Listener {
 public:
  Listener(net::io_context& io, Service& service) : io_(io), acceptor_(io), retry_(io), service_(service) {}

  bool open(const tcp::endpoint& at, std::string* error) {
    boost::system::error_code ec;
    acceptor_.open(at.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(at, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) *error = "cannot listen on " + at.address().to_string() + ":" + std::to_string(at.port()) + ": " + ec.message();
    return !ec;
  }
  tcp::endpoint local() const { return acceptor_.local_endpoint(); }
  void accept() {
    // With one thread, handlers cannot run at once: a strand per connection
    // would only cost.
    auto executor = service_.options().threads > 1 ? net::any_io_executor(net::make_strand(io_)) : io_.get_executor();
    acceptor_.async_accept(executor, [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || closed_) return;  // closed, or closing
      if (ec) {
        // Out of file descriptors, say: try again shortly rather than spin.
        logEvent("accept_failed", "reason=\"" + ec.message() + "\"");
        retry_.expires_after(std::chrono::milliseconds(100));
        return retry_.async_wait([this](boost::system::error_code waited) {
          if (!waited) accept();
        });
      }
      if (!ec) {
        // A response goes out in several writes (a batch's chunks, a header
        // then a body): Nagle would hold each small tail for the client's
        // delayed ACK, up to 40 ms of nothing.
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (service_.metrics().connectionsOpen() >= static_cast<int64_t>(service_.options().maxConnections))
          refuseSession(std::move(socket), service_);
        else
          startSession(std::move(socket), service_);
      }
      accept();
    });
  }
  void close() {
    closed_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
  }

 private:
  net::io_context& io_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::atomic<bool> closed_{false};  // read by accept handlers on any thread
  Service& service_;
};

std::string logDescription(const ServeOptions& o) {
  if (!o.log) return "off";
  return o.log->dir + " sync=" + syncModeName(o.log->sync);
}

}  // namespace

int serve(const ServeOptions& options) {
  // A failed write must come back as an error, not a signal: a client that
  // went away (SIGPIPE), a file past its size limit (SIGXFSZ, what a full
  // disk looks like under `ulimit -f`).
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);

  Service service(options);
  if (options.log) {
    std::string error;
    std::unique_ptr<DecisionLog> log = DecisionLog::open(*options.log, &error);
    if (!log) {
      logEvent("stopped", "reason=\"decision log: " + error + "\"");
      return 1;
    }
    if (!log->repairNote().empty()) logEvent("decision_log_repaired", log->repairNote());
    service.setLog(std::move(log));
  }
  service.reload("start", true);

  net::io_context io(options.threads);
  boost::system::error_code ec;
  net::ip::address address = net::ip::make_address(options.host, ec);
  if (ec) {
    logEvent("stopped", "reason=\"not an IP address: " + options.host + "\"");
    return 1;
  }
  Listener listener(io, service);
  std::string error;
  if (!listener.open(tcp::endpoint(address, options.port), &error)) {
    logEvent("stopped", "reason=\"" + error + "\"");
    return 1;
  }

  // Reloads run on their own thread: verifying a large catalog must not
  // hold up deciding.
  net::io_context reloads;
  auto reloadWork = net::make_work_guard(reloads);
  std::thread reloader([&] { reloads.run(); });
  auto reloadLater = [&](std::string_view why, bool force) {
    net::post(reloads, [&service, why = std::string(why), force] { service.reload(why, force); });
  };

  std::unique_ptr<BundleWatcher> watcher =
      BundleWatcher::start(io, options.bundlePath, [&] { reloadLater("watch", false); }, &error);
  if (!watcher) logEvent("watch_off", "reason=\"" + error + "\" (SIGHUP still reloads)");

  net::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
  net::steady_timer drainTimer(io);
  std::function<void(boost::system::error_code, int)> onSignal = [&](boost::system::error_code ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      reloadLater("SIGHUP", true);
      return signals.async_wait(onSignal);
    }
    const char* name = signal == SIGINT ? "SIGINT" : "SIGTERM";
    if (service.connections().draining()) {  // a second signal: stop now
      logEvent("stopping", std::string("signal=") + name + " drain=cut_short");
      return io.stop();
    }
    // Drain: take no new connections, let each request under way finish
    // (its response says `Connection: close`), close idle connections, and
    // stop when none is left or --drain-timeout-ms has passed.
    listener.close();
    if (watcher) watcher->stop();
    // Said once the listener is closed: whoever reads the line finds no new connection taken.
    logEvent("stopping", std::string("signal=") + name +
                             " open_connections=" + std::to_string(service.connections().open()));
    drainTimer.expires_after(options.drainTimeout);
    drainTimer.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      logEvent("drain_timeout", "open_connections=" + std::to_string(service.connections().open()));
      io.stop();
    });
    signals.async_wait(onSignal);
    service.connections().drainAll([&io] { io.stop(); });
  };
  signals.async_wait(onSignal);

  listener.accept();
  tcp::endpoint at = listener.local();
  std::shared_ptr<const LoadedBundle> bundle = service.bundles().current();
  logEvent("listening", "address=" + at.address().to_string() + ":" + std::to_string(at.port()) +
                            " bundle=" + (bundle ? bundle->hash : std::string("none")) +
                            " threads=" + std::to_string(options.threads) + " decision_log=" + logDescription(options));

  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&] { io.run(); });
  io.run();
  for (std::thread& t : threads) t.join();
  // The log's writer posts to connections' executors: it stops (writing and
  // syncing what is queued) while `io` still exists.
  service.setLog(nullptr);
  reloadWork.reset();
  reloads.stop();
  reloader.join();
  logEvent("stopped", "reason=signal");
  return 0;
}

}  // namespace refrain::server
