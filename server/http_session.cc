#include "server/http_session.h"

#include <array>
#include <limits>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "server/line_splitter.h"
#include "server/routes.h"

namespace refrain::server {

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kHeaderLimit = 16 * 1024;
constexpr uint64_t kNoLimit = std::numeric_limits<uint64_t>::max();
constexpr size_t kBatchPiece = 64 * 1024;  // how much of a batch body is read and decided at a time

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Service& service)
      : stream_(std::move(socket)), clock_(stream_.get_executor()), service_(service) {
    service_.metrics().connectionOpened();
  }
  ~Session() {
    service_.connections().remove(connectionKey_);
    service_.metrics().connectionClosed();
  }

  net::any_io_executor executor() { return stream_.get_executor(); }

  void start() {
    connectionKey_ = service_.connections().add([weak = weak_from_this()] {
      if (auto self = weak.lock()) net::post(self->stream_.get_executor(), [self] { self->finishAndClose(); });
    });
    readHeader();
  }

 private:
  // The service is stopping: a connection idle between requests closes now;
  // one inside a request finishes it, answers with `Connection: close`
  // (send() and startBatch() see draining()) and closes.
  void finishAndClose() {
    if (waiting_ == Waiting::kRequest && idleBetweenRequests()) shutdown();
  }
  bool draining() const { return service_.connections().draining(); }
  // Waiting for a request of which no byte has come.
  bool idleBetweenRequests() const { return !batchParser_ && (!parser_ || !parser_->got_some()); }

  void readHeader() {
    if (draining()) return shutdown();
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    // The batch body is streamed and has no limit; others get --max-body in
    // readBody(). (Not boost::none: Beast 1.74 compares a Content-Length
    // with it as with a limit of less than zero.)
    parser_->body_limit(kNoLimit);
    startReadClock();
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->onHeader(ec); });
  }

  // One clock per connection, not one per read or write: arming and
  // cancelling a timer for every request cost more than the request's
  // decision. expect() only moves the deadline; the clock, when it rings,
  // looks at what the connection waits for and how long it has waited, and
  // either acts or sleeps again until the deadline it finds.
  //   a request   cancel the read: failRead() answers 408 (the stream's
  //               own expiry would close the socket first)
  //   a response  or the end of a lingering close: close the socket
  // A deadline earlier than the one the clock is set for (a write timeout
  // shorter than the read timeout, a lingering close) sets it anew; the
  // wait it replaces ends as a stale generation and does nothing.
  enum class Waiting { kNothing, kRequest, kResponse, kLinger };
  void expect(Waiting what, std::chrono::milliseconds within) {
    waiting_ = what;
    deadline_ = std::chrono::steady_clock::now() + within;
    if (!clockSet_ || deadline_ < clockFor_) setClock();
  }
  void setClock() {
    clockSet_ = true;
    clockFor_ = deadline_;
    clock_.expires_at(deadline_);
    clock_.async_wait(
        [self = shared_from_this(), generation = ++clockGeneration_](beast::error_code ec) { self->onClock(ec, generation); });
  }
  void onClock(beast::error_code ec, uint64_t generation) {
    if (generation != clockGeneration_) return;  // replaced by a later setClock()
    clockSet_ = false;
    if (ec || waiting_ == Waiting::kNothing) return;
    if (std::chrono::steady_clock::now() < deadline_) return setClock();
    beast::error_code ignored;
    if (waiting_ == Waiting::kRequest) {
      service_.metrics().countTimeout(idleBetweenRequests() ? Metrics::Timeout::kIdle : Metrics::Timeout::kRead);
      readTimedOut_ = true;
      stream_.socket().cancel(ignored);
    } else {
      if (waiting_ == Waiting::kResponse) service_.metrics().countTimeout(Metrics::Timeout::kWrite);
      stream_.socket().close(ignored);
    }
  }
  void startReadClock() {
    readTimedOut_ = false;
    expect(Waiting::kRequest, service_.options().readTimeout);
  }
  void stopReadClock() { waiting_ = Waiting::kNothing; }
  void startWriteClock() { expect(Waiting::kResponse, service_.options().writeTimeout); }

  void onHeader(beast::error_code ec) {
    stopReadClock();
    if (ec) return failRead(ec);
    const auto& header = parser_->get();
    // A client that waits for `100 Continue` before sending its body (curl
    // does, for bodies past 1 KiB) is told to go on.
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      startWriteClock();
      return net::async_write(stream_, net::buffer(kContinue), [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) return self->shutdown();
        self->readBody();
      });
    }
    readBody();
  }

  void readBody() {
    std::string_view target = stdView(parser_->get().target());
    if (target.substr(0, target.find('?')) == "/v1/decide/batch") return startBatch();
    // Beast checks a Content-Length against the limit only as the header
    // ends; a chunked body is checked as it comes.
    boost::optional<uint64_t> length = parser_->content_length();
    if (length && *length > service_.options().maxBody) return failRead(http::error::body_limit);
    parser_->body_limit(service_.options().maxBody);
    startReadClock();
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->onRequest(ec); });
  }

  // A request that could not be read: a clear 4xx when the client can take
  // one, then the connection is closed (its bytes can no longer be framed).
  void failRead(beast::error_code ec) {
    if (readTimedOut_) {
      // A client idle between requests is simply let go; one stalled inside a request is told.
      if (idleBetweenRequests()) return shutdown();
      return send(errorResponse(http::status::request_timeout, "timeout",
                                "the request did not arrive within --read-timeout-ms (" +
                                    std::to_string(service_.options().readTimeout.count()) + " ms)",
                                11, true));
    }
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
        ec == net::error::operation_aborted)
      return shutdown();
    if (ec == http::error::header_limit)
      return send(errorResponse(http::status::request_header_fields_too_large, "header_too_large",
                                "the request's header is larger than " + std::to_string(kHeaderLimit) + " bytes", 11,
                                true));
    if (ec == http::error::body_limit)
      return send(errorResponse(http::status::payload_too_large, "body_too_large",
                                "the request's body is larger than --max-body (" +
                                    std::to_string(service_.options().maxBody) + " bytes)",
                                11, true));
    send(errorResponse(http::status::bad_request, "bad_http", "malformed HTTP request: " + ec.message(), 11, true));
  }

  void onRequest(beast::error_code ec) {
    stopReadClock();
    if (ec) return failRead(ec);
    Request request = parser_->release();
    Reply reply = route(service_, request, steadyNanos());
    if (request.method() == http::verb::head) {
      reply.response.content_length(reply.response.body().size());
      reply.response.body().clear();
    }
    sendLogged(std::move(reply));
  }

  // Sends a reply once its decision log lines are as safe as the log's mode
  // promises; a decision that could not be logged is not given (503).
  void sendLogged(Reply reply) {
    if (reply.log.text.empty() || !service_.log()) return send(std::move(reply.response));
    auto response = std::make_shared<Response>(std::move(reply.response));
    service_.log()->append(std::move(reply.log.text), reply.log.count,
                           [self = shared_from_this(), response](const std::string* error) {
                             std::optional<std::string> failed;
                             if (error) failed = *error;
                             net::post(self->stream_.get_executor(), [self, response, failed] {
                               if (failed) return self->send(self->logFailure(*failed, response->version()));
                               self->send(std::move(*response));
                             });
                           });
  }

  Response logFailure(const std::string& why, unsigned version) {
    return errorResponse(http::status::service_unavailable, "decision_log",
                         "the decision could not be logged, so it is not given: " + why, version, false);
  }

  // One response at a time is on its way: it is kept here, not allocated.
  void send(Response response) {
    service_.metrics().countResponse(static_cast<unsigned>(response.result_int()));
    response_ = std::move(response);
    if (draining()) response_.keep_alive(false);
    startWriteClock();
    // Flat bytes in a buffer kept between responses: Beast's serializer
    // walked its buffer sequences for a tenth of a small decision's time.
    responseBytes_.clear();
    appendResponseBytes(response_, &responseBytes_);
    net::async_write(stream_, net::buffer(responseBytes_), [self = shared_from_this()](beast::error_code ec, size_t) {
      self->waiting_ = Waiting::kNothing;
      if (ec) return self->shutdown();
      if (self->response_.need_eof()) return self->lingerThenClose();
      self->readHeader();
    });
  }

  void shutdown() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    close();
  }
  // Also stops the clock, whose wait holds the session alive.
  void close() {
    waiting_ = Waiting::kNothing;
    clock_.cancel();
    stream_.close();
  }

  // After an answer that ends the connection, the client may still be
  // sending (a body we refused): closing at once would reset the
  // connection and could destroy the answer before it is read. So stop
  // sending, read and drop what comes for a short while, then close.
  void lingerThenClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    expect(Waiting::kLinger, std::chrono::milliseconds(2000));
    drain(0);
  }
  void drain(size_t drained) {
    if (drained > (1u << 20)) return close();
    stream_.async_read_some(net::buffer(piece_), [self = shared_from_this(), drained](beast::error_code ec, size_t n) {
      if (ec) return self->close();
      self->drain(drained + n);
    });
  }

  // --- POST /v1/decide/batch: JSON Lines in, JSON Lines out, streamed ---

  void startBatch() {
    const auto& header = parser_->get();
    if (header.method() != http::verb::post) {
      Response r = errorResponse(http::status::method_not_allowed, "method_not_allowed", "/v1/decide/batch takes POST",
                                 header.version(), true);
      r.set(http::field::allow, "POST");
      return send(std::move(r));
    }
    batchBundle_ = service_.bundles().current();
    if (!batchBundle_)
      return send(errorResponse(http::status::service_unavailable, "not_ready", service_.notReadyReason(),
                                header.version(), true));
    batchParser_.emplace(std::move(*parser_));
    parser_.reset();
    // The body is streamed, so its size is not limited; each line is (--max-body).
    batchParser_->body_limit(kNoLimit);
    splitter_.emplace(service_.options().maxBody);
    // Beast reads as much as the buffer has room for, and a buffer that is
    // emptied after each read stays small: 512-byte reads, 700 system calls
    // per 400 KB body. Room for a whole piece makes them 64 KiB.
    buffer_.reserve(kBatchPiece);
    batchHeader_.emplace(http::status::ok, batchParser_->get().version());
    batchHeader_->set(http::field::server, "refrain/" + std::string(refrain::version()));
    batchHeader_->set(http::field::content_type, "application/jsonl");
    batchHeader_->set("X-Refrain-Bundle", batchBundle_->hash);
    batchHeader_->keep_alive(batchParser_->get().keep_alive() && !draining());
    batchHeader_->chunked(true);
    batchSerializer_.emplace(*batchHeader_);
    startWriteClock();
    http::async_write_header(stream_, *batchSerializer_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->shutdown();
      self->readBatchPiece();
    });
  }

  void readBatchPiece() {
    if (batchParser_->is_done()) {
      splitter_->finish([this](const Line& line) { decideBatchLine(line); });
      return writeBatchOutput(true);
    }
    auto& body = batchParser_->get().body();
    body.data = piece_.data();
    body.size = piece_.size();
    startReadClock();
    // read_some: lines are decided as they arrive, not once a piece is full
    // (a client streaming its requests gets each answer at once).
    http::async_read_some(stream_, buffer_, *batchParser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->stopReadClock();
      if (ec == http::error::need_buffer) ec = {};
      // Mid-stream, the status line is sent already: a body that breaks off
      // ends the response unfinished (no last chunk), which clients see.
      if (ec) return self->shutdown();
      size_t got = self->piece_.size() - self->batchParser_->get().body().size;
      self->splitter_->feed(std::string_view(self->piece_.data(), got),
                            [&](const Line& line) { self->decideBatchLine(line); });
      self->writeBatchOutput(false);
    });
  }

  void decideBatchLine(const Line& line) {
    std::string id;
    decideOne(service_, *batchBundle_, line.text, line.length, steadyNanos(), Layout::kLine, &batchOut_, &id, &batchLog_);
  }

  // Sends what this piece decided as one chunk (after its log lines are
  // safe), then reads on; `last` ends the response.
  //
  // Nothing is read or decided while the chunk is on its way, so batchOut_
  // itself is sent and then cleared: its room is kept for the next piece (a
  // new string per piece cost a fresh allocation and its page faults).
  void writeBatchOutput(bool last) {
    if (batchOut_.empty() && !last) return readBatchPiece();
    auto write = [self = shared_from_this(), last] {
      if (self->batchOut_.empty()) return self->writeLastChunk();
      self->startWriteClock();
      net::async_write(self->stream_, http::make_chunk(net::buffer(self->batchOut_)),
                       [self, last](beast::error_code ec, size_t) {
                         self->batchOut_.clear();
                         if (ec) return self->shutdown();
                         if (last) return self->writeLastChunk();
                         self->readBatchPiece();
                       });
    };
    if (batchLog_.text.empty() || !service_.log()) return write();
    LogLines lines = std::exchange(batchLog_, LogLines{});
    service_.log()->append(std::move(lines.text), lines.count, [self = shared_from_this(), write](const std::string* error) {
      // A decision that could not be logged is not given: the response
      // breaks off unfinished, which the client sees as a failed batch.
      net::post(self->stream_.get_executor(), [self, write, failed = error != nullptr] {
        if (failed) return self->shutdown();
        write();
      });
    });
  }

  void writeLastChunk() {
    startWriteClock();
    net::async_write(stream_, http::make_chunk_last(), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->shutdown();
      self->finishBatch();
    });
  }

  void finishBatch() {
    bool keepAlive = batchHeader_->keep_alive();
    service_.metrics().countResponse(200);
    batchSerializer_.reset();
    batchHeader_.reset();
    batchParser_.reset();
    splitter_.reset();
    batchBundle_.reset();
    if (!keepAlive) return shutdown();
    readHeader();
  }

  beast::tcp_stream stream_;
  net::steady_timer clock_;
  Waiting waiting_ = Waiting::kNothing;
  std::chrono::steady_clock::time_point deadline_;
  bool clockSet_ = false, readTimedOut_ = false;
  std::chrono::steady_clock::time_point clockFor_;  // what the clock is set for, while clockSet_
  uint64_t clockGeneration_ = 0;
  uint64_t connectionKey_ = 0;
  Response response_;
  std::string responseBytes_;
  beast::flat_buffer buffer_;
  Service& service_;
  std::optional<http::request_parser<http::string_body>> parser_;

  std::optional<http::request_parser<http::buffer_body>> batchParser_;
  std::optional<http::response<http::empty_body>> batchHeader_;
  std::optional<http::response_serializer<http::empty_body>> batchSerializer_;
  std::optional<LineSplitter> splitter_;
  std::shared_ptr<const LoadedBundle> batchBundle_;
  std::array<char, kBatchPiece> piece_;
  std::string batchOut_;
  LogLines batchLog_;
};

}  // namespace

void startSession(tcp::socket socket, Service& service) {
  // Started on the connection's own executor (its strand, with several
  // threads): a drain may reach it as soon as it is registered.
  auto session = std::make_shared<Session>(std::move(socket), service);
  auto executor = session->executor();
  net::dispatch(executor, [session] { session->start(); });
}

void refuseSession(tcp::socket socket, Service& service) {
  service.metrics().connectionRefused();
  service.metrics().countResponse(503);
  auto response = std::make_shared<Response>(errorResponse(
      http::status::service_unavailable, "too_many_connections",
      "the service has --max-connections (" + std::to_string(service.options().maxConnections) + ") open; retry later",
      11, true));
  auto s = std::make_shared<tcp::socket>(std::move(socket));
  http::async_write(*s, *response, [s, response](beast::error_code, size_t) {
    beast::error_code ignored;
    s->shutdown(tcp::socket::shutdown_send, ignored);
    s->close(ignored);
  });
}

}  // namespace refrain::server
