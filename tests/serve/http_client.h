// A small HTTP/1.1 client for the service's tests: one keep-alive
// connection, requests written whole or as raw bytes, responses read whole.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <limits>
#include <optional>
#include <string>

namespace refrain::testing {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : socket_(io_) {
    socket_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }

  Response request(http::verb method, const std::string& target, const std::string& body = "",
                   const std::string& authorization = "") {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!authorization.empty()) req.set(http::field::authorization, authorization);
    req.body() = body;
    req.prepare_payload();
    http::write(socket_, req);
    return read();
  }
  Response get(const std::string& target) { return request(http::verb::get, target); }
  Response post(const std::string& target, const std::string& body) { return request(http::verb::post, target, body); }

  void writeRaw(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }
  Response read() {
    Response res;
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // not boost::none: Beast 1.74 mishandles it
    http::read(socket_, buffer_, parser);
    return parser.release();
  }
  // The answer to a HEAD request: a header that describes a body not sent.
  Response readHead() {
    http::response_parser<http::string_body> parser;
    parser.skip(true);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }
  // A response read in steps, for a test that acts between them: its body
  // so far once it holds `until`, then the whole response.
  std::string readBodyUntil(char until) {
    if (!incoming_) {
      incoming_.emplace();
      incoming_->body_limit(std::numeric_limits<std::uint64_t>::max());
      http::read_header(socket_, buffer_, *incoming_);
    }
    while (incoming_->get().body().find(until) == std::string::npos && !incoming_->is_done())
      http::read_some(socket_, buffer_, *incoming_);
    return incoming_->get().body();
  }
  Response finishReading() {
    http::read(socket_, buffer_, *incoming_);
    Response res = incoming_->release();
    incoming_.reset();
    return res;
  }
  // True when the server has closed the connection (what is left to read is nothing).
  bool closedByServer() {
    boost::beast::error_code ec;
    char byte;
    size_t n = socket_.read_some(boost::asio::buffer(&byte, 1), ec);
    return n == 0 && ec == boost::asio::error::eof;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> incoming_;
};

inline std::string header(const Response& r, const char* name) { return std::string(r[name]); }

}  // namespace refrain::testing
