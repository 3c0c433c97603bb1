// `refrain serve` over real sockets (docs/server.md): decisions byte for byte
// the runtime's, batch equal to single, every bad input a clear 4xx, bundles
// replaced under load, and a decision log that survives kill -9 and a full
// disk. Each test starts its own server on 127.0.0.1 with an ephemeral port.
#define BOOST_TEST_MODULE serve
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "compiler/compile.h"
#include "refrain/refrain.hpp"
#include "settle/decision_log_line.h"
#include "tests/serve/http_client.h"
#include "tests/serve/server_process.h"
#include "tests/unit/case_file.h"
#include "tests/unit/examples.h"

namespace fs = std::filesystem;
using namespace refrain;
using refrain::testing::HttpClient;
using refrain::testing::ServerProcess;
namespace http = boost::beast::http;

using refrain::testing::exampleRequests;
using refrain::testing::readAll;

namespace {

const std::string kRefrain = REFRAIN_BIN;
const std::string kSource = REFRAIN_SOURCE_DIR;

void writeFile(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

// Replaces `target` the way writers should: a new file renamed over it.
void replaceFile(const fs::path& target, const std::string& bytes) {
  fs::path temp = target;
  temp += ".new";
  writeFile(temp, bytes);
  fs::rename(temp, target);
}

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / ("refrain-serve-" + name + "-" + std::to_string(getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// A bundle file in a temp folder, and the runtime's own answers for it.
struct Served {
  TempDir dir;
  fs::path bundlePath;
  std::string bytes;
  refrain::Bundle bundle;
  explicit Served(const std::string& name, std::string b = testing::examplesBundleBytes())
      : dir(name), bundlePath(dir.path / "policies.rfb"), bytes(std::move(b)), bundle(refrain::Bundle::load(bytes)) {
    writeFile(bundlePath, bytes);
  }
  std::string indented(const std::string& request) const { return bundle.decide(request).json; }
  std::string line(const std::string& request) const {
    refrain::Scratch s;
    return std::string(bundle.decideLineView(request, s).json);
  }
};

std::vector<std::string> logLines(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> lines;
  for (const fs::path& f : files) {
    std::string text = readAll(f);
    BOOST_TEST((text.empty() || text.back() == '\n'), f.string() + " ends inside a line");
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_example_decides_as_the_runtime_does) {
  Served s("examples");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string()});
  HttpClient client(server.port());
  std::set<std::string> ids;
  for (const std::string& request : exampleRequests()) {
    auto res = client.post("/v1/decide", request);
    BOOST_TEST(res.result_int() == 200);
    BOOST_TEST(res.body() == s.indented(request));
    BOOST_TEST(testing::header(res, "X-Refrain-Bundle") == std::string(s.bundle.hash()));
    BOOST_TEST(testing::header(res, "Content-Type") == "application/json");
    ids.insert(testing::header(res, "X-Refrain-Decision-Id"));
  }
  BOOST_TEST(ids.size() == exampleRequests().size());  // every id different
}

BOOST_AUTO_TEST_CASE(batch_equals_single_and_streams_in_order) {
  Served s("batch");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--threads", "2"});
  std::string body, expected;
  // Many copies, so the body arrives and is answered in several pieces.
  for (int copy = 0; copy < 40; ++copy)
    for (const std::string& request : exampleRequests()) {
      body += request + "\n";
      expected += s.line(request);
    }
  body += "\n   \n";  // blank lines are skipped, as by `refrain eval --requests`
  HttpClient client(server.port());
  auto res = client.post("/v1/decide/batch", body);
  BOOST_TEST(res.result_int() == 200);
  BOOST_TEST(testing::header(res, "Content-Type") == "application/jsonl");
  BOOST_TEST(testing::header(res, "X-Refrain-Bundle") == std::string(s.bundle.hash()));
  BOOST_TEST(res.body() == expected);
  // The connection stays open for the next request.
  auto single = client.post("/v1/decide", exampleRequests()[0]);
  BOOST_TEST(single.body() == s.indented(exampleRequests()[0]));
}

BOOST_AUTO_TEST_CASE(a_batch_line_past_max_body_is_a_deny_the_runtime_words) {
  Served s("batch-long");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--max-body", "2000"});
  std::string request = exampleRequests()[0];
  std::string longRequest = request.substr(0, request.size() - 1) + ",\"pad\":\"" + std::string(3000, 'x') + "\"}";
  HttpClient client(server.port());
  auto res = client.post("/v1/decide/batch", request + "\n" + longRequest + "\n" + request);
  refrain::Limits limits;
  limits.maxRequestBytes = 2000;
  refrain::Bundle limited = refrain::Bundle::load(s.bytes, limits);
  refrain::Scratch scratch;
  std::string expected = std::string(limited.decideLineView(request, scratch).json);
  expected += std::string(limited.decideLineView(longRequest, scratch).json);
  expected += std::string(limited.decideLineView(request, scratch).json);
  BOOST_TEST(res.body() == expected);
  BOOST_TEST(expected.find("\"code\":\"request_too_large\",\"message\":\"request is larger than 2000 bytes\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_order) {
  Served s("pipeline");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string()});
  HttpClient client(server.port());
  std::vector<std::string> requests = exampleRequests();
  std::string raw;
  for (size_t i = 0; i < 5; ++i)
    raw += "POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(requests[i].size()) + "\r\n\r\n" +
           requests[i];
  client.writeRaw(raw);
  for (size_t i = 0; i < 5; ++i) BOOST_TEST(client.read().body() == s.indented(requests[i]));
}

BOOST_AUTO_TEST_CASE(bad_input_gets_a_clear_4xx) {
  Served s("bad");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--max-body", "1000", "--read-timeout-ms", "300"});
  {
    HttpClient c(server.port());
    auto res = c.get("/v2/nothing");
    BOOST_TEST(res.result_int() == 404);
    BOOST_TEST(res.body() == "{\"error\":{\"code\":\"not_found\",\"message\":\"no endpoint /v2/nothing (see docs/server.md)\"}}\n");
    res = c.get("/v1/decide");
    BOOST_TEST(res.result_int() == 405);
    BOOST_TEST(testing::header(res, "Allow") == "POST");
    // Not JSON: a deny with the runtime's named error, as from the CLI.
    res = c.post("/v1/decide", "{not json");
    BOOST_TEST(res.result_int() == 200);
    BOOST_TEST(res.body() == s.indented("{not json"));
    BOOST_TEST(res.body().find("\"decision\": \"deny\"") != std::string::npos);
  }
  {
    HttpClient c(server.port());
    auto res = c.post("/v1/decide", std::string(1001, ' '));
    BOOST_TEST(res.result_int() == 413);
    BOOST_TEST(res.body() == "{\"error\":{\"code\":\"body_too_large\",\"message\":\"the request's body is larger than --max-body (1000 bytes)\"}}\n");
    BOOST_TEST(c.closedByServer());
  }
  {
    HttpClient c(server.port());
    c.writeRaw("GET /health HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
    BOOST_TEST(c.read().result_int() == 431);
  }
  {
    HttpClient c(server.port());
    c.writeRaw("BREW /health HTCPCP/1.0\r\n\r\n");
    auto res = c.read();
    BOOST_TEST(res.result_int() == 400);
    BOOST_TEST(res.body().find("\"code\":\"bad_http\"") != std::string::npos);
  }
  {
    // A client that stops in the middle of its body is told, then let go.
    HttpClient c(server.port());
    c.writeRaw("POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"use\":");
    auto res = c.read();
    BOOST_TEST(res.result_int() == 408);
    BOOST_TEST(c.closedByServer());
  }
  {
    // A client that connects and says nothing is let go, without an answer.
    HttpClient c(server.port());
    BOOST_TEST(c.closedByServer());
  }
  // After all that, the service still answers, and counts each timeout by its kind.
  HttpClient c(server.port());
  BOOST_TEST(c.get("/health").result_int() == 200);
  std::string metrics = c.get("/metrics").body();
  BOOST_TEST(metrics.find("refrain_timeouts_total{kind=\"read\"} 1\n") != std::string::npos);
  BOOST_TEST(metrics.find("refrain_timeouts_total{kind=\"idle\"} 0\n") == std::string::npos);
  BOOST_TEST(metrics.find("refrain_timeouts_total{kind=\"write\"} 0\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(connections_past_the_limit_are_refused_with_503) {
  Served s("connections");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--max-connections", "2"});
  HttpClient a(server.port()), b(server.port());
  BOOST_TEST(a.get("/health").result_int() == 200);
  BOOST_TEST(b.get("/health").result_int() == 200);
  HttpClient c(server.port());
  auto res = c.read();
  BOOST_TEST(res.result_int() == 503);
  BOOST_TEST(res.body().find("too_many_connections") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ready_tells_the_truth_about_the_bundle) {
  TempDir dir("ready");
  fs::path bundle = dir.path / "policies.rfb";
  ServerProcess server(kRefrain, {"--bundle", bundle.string()});
  HttpClient c(server.port());
  BOOST_TEST(c.get("/health").result_int() == 200);
  auto res = c.get("/ready");
  BOOST_TEST(res.result_int() == 503);
  BOOST_TEST(res.body() == "{\"status\":\"not_ready\",\"reason\":\"no bundle is loaded: " + bundle.string() +
                               ": cannot read it: No such file or directory\"}\n");
  BOOST_TEST(c.post("/v1/decide", "{}").result_int() == 503);
  std::string bytes = testing::examplesBundleBytes();
  replaceFile(bundle, bytes);
  server.waitForEvent("bundle_loaded");
  res = c.get("/ready");
  BOOST_TEST(res.result_int() == 200);
  BOOST_TEST(res.body() == "{\"status\":\"ready\",\"bundle\":\"" + std::string(refrain::Bundle::load(bytes).hash()) + "\"}\n");
}

BOOST_AUTO_TEST_CASE(bundle_info_names_policies_and_the_log_mode) {
  Served s("info");
  TempDir logs("info-log");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--decision-log", logs.path.string(),
                                  "--decision-log-sync", "batch", "--decision-log-batch-ms", "5"});
  HttpClient c(server.port());
  auto res = c.get("/v1/bundle");
  BOOST_TEST(res.result_int() == 200);
  std::string described = s.bundle.describe();
  BOOST_TEST(res.body().rfind(described.substr(0, described.size() - 1), 0) == 0u);
  BOOST_TEST(res.body().find(",\"decision_log\":{\"dir\":\"" + logs.path.string() + "\",\"sync\":\"batch\",\"batch_ms\":5}}\n") !=
             std::string::npos);
  BOOST_TEST(res.body().find("\"name\":\"northwind-ai\",\"role\":\"label\",\"party\":\"northwind\",\"effective\":\"2026-07-01T00:00:00Z\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(reload_by_watch_signal_and_authenticated_post) {
  Served s("reload");
  // The served path is a symlink into another folder: writes there are not
  // seen by the watcher (it watches the symlink's folder), so SIGHUP is.
  fs::create_directories(s.dir.path / "real");
  fs::path real = s.dir.path / "real" / "policies.rfb";
  writeFile(real, s.bytes);
  fs::path link = s.dir.path / "served.rfb";
  fs::create_symlink(real, link);
  writeFile(s.dir.path / "token", "0123456789abcdef-secret\n");
  ServerProcess server(kRefrain, {"--bundle", link.string(), "--admin-token-file", (s.dir.path / "token").string()});
  HttpClient c(server.port());
  std::string other = testing::examplesBundleBytes("platform.refrain");
  std::string otherHash(refrain::Bundle::load(other).hash());
  auto servedBy = [&] { return testing::header(c.post("/v1/decide", exampleRequests()[0]), "X-Refrain-Bundle"); };

  replaceFile(real, other);
  server.signal(SIGHUP);
  BOOST_TEST(server.waitForEvent("bundle_loaded").find(" by=SIGHUP") != std::string::npos);
  BOOST_TEST(servedBy() == otherHash);

  auto res = c.request(http::verb::post, "/v1/bundle/reload", "", "Bearer wrong-token-0000000");
  BOOST_TEST(res.result_int() == 401);
  BOOST_TEST(testing::header(res, "WWW-Authenticate") == "Bearer");
  BOOST_TEST(c.request(http::verb::post, "/v1/bundle/reload").result_int() == 401);

  replaceFile(real, other.substr(0, other.size() / 2));
  res = c.request(http::verb::post, "/v1/bundle/reload", "", "Bearer 0123456789abcdef-secret");
  BOOST_TEST(res.result_int() == 422);
  BOOST_TEST(res.body().find("\"code\":\"bundle_refused\"") != std::string::npos);
  BOOST_TEST(res.body().find("the bundle before keeps serving") != std::string::npos);
  BOOST_TEST(c.get("/ready").result_int() == 200);
  BOOST_TEST(servedBy() == otherHash);

  // A bundle of a newer format: whole and hashed, and still refused.
  std::string newer = other;
  const int current = static_cast<unsigned char>(other[4]);  // the format version's low byte
  newer[4] = static_cast<char>(current + 1);
  replaceFile(real, newer);
  res = c.request(http::verb::post, "/v1/bundle/reload", "", "Bearer 0123456789abcdef-secret");
  BOOST_TEST(res.result_int() == 422);
  BOOST_TEST(res.body().find("bundle format version " + std::to_string(current + 1) +
                             " is newer than this runtime supports (" + std::to_string(current) + ")") !=
             std::string::npos);
  BOOST_TEST(servedBy() == otherHash);

  // The watcher: the symlink itself replaced by rename.
  fs::path link2 = s.dir.path / "served.rfb.new";
  writeFile(s.dir.path / "real" / "second.rfb", s.bytes);
  fs::create_symlink(s.dir.path / "real" / "second.rfb", link2);
  fs::rename(link2, link);
  BOOST_TEST(server.waitForEvent("bundle_loaded").find(" by=watch") != std::string::npos);
  BOOST_TEST(servedBy() == std::string(s.bundle.hash()));

  res = c.request(http::verb::post, "/v1/bundle/reload", "", "Bearer 0123456789abcdef-secret");
  BOOST_TEST(res.result_int() == 200);
  BOOST_TEST(res.body().find("\"hash\":\"" + std::string(s.bundle.hash()) + "\"") != std::string::npos);
  std::string metrics = c.get("/metrics").body();
  BOOST_TEST(metrics.find("refrain_bundle_reloads_total 2\n") != std::string::npos);
  BOOST_TEST(metrics.find("refrain_bundle_reload_failures_total 2\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bundles_replaced_100_times_under_load) {
  Served a("hammer");
  std::string bBytes = testing::examplesBundleBytes("platform.refrain");
  refrain::Bundle b = refrain::Bundle::load(bBytes);
  std::map<std::string, const refrain::Bundle*> byHash = {{std::string(a.bundle.hash()), &a.bundle},
                                                          {std::string(b.hash()), &b}};
  ServerProcess server(kRefrain, {"--bundle", a.bundlePath.string(), "--threads", "2"});
  std::vector<std::string> requests = exampleRequests();
  std::atomic<bool> done{false};
  std::atomic<long> answered{0}, wrong{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t)
    clients.emplace_back([&, t] {
      try {
        HttpClient c(server.port());
        for (size_t i = t; !done.load(); ++i) {
          const std::string& request = requests[i % requests.size()];
          auto res = c.post("/v1/decide", request);
          if (res.result_int() != 200) {
            ++failed;
            continue;
          }
          auto it = byHash.find(testing::header(res, "X-Refrain-Bundle"));
          if (it == byHash.end() || it->second->decide(request).json != res.body()) ++wrong;
          ++answered;
        }
      } catch (const std::exception&) {
        ++failed;  // the connection broke: it must not
      }
    });
  std::string damaged = bBytes;
  damaged[damaged.size() / 2] ^= 0x55;
  bool servingA = true;
  int loaded = 0, refused = 0;
  for (int i = 0; i < 100; ++i) {
    // Every fourth file is bad (damaged or truncated); the good ones alternate.
    if (i % 4 == 3) {
      replaceFile(a.bundlePath, i % 8 == 3 ? damaged : bBytes.substr(0, bBytes.size() - 7));
      server.waitForEvent("bundle_refused");
      ++refused;
    } else {
      replaceFile(a.bundlePath, servingA ? bBytes : a.bytes);
      servingA = !servingA;
      server.waitForEvent("bundle_loaded");
      ++loaded;
    }
  }
  done = true;
  for (std::thread& t : clients) t.join();
  BOOST_TEST(loaded == 75);
  BOOST_TEST(refused == 25);
  BOOST_TEST(failed.load() == 0);
  BOOST_TEST(wrong.load() == 0);
  BOOST_TEST(answered.load() > 100);
}

BOOST_AUTO_TEST_CASE(every_decision_answered_under_always_survives_kill_9_once) {
  Served s("kill9");
  fs::path logs = s.dir.path / "log";
  std::vector<std::string> requests = exampleRequests();
  std::set<std::string> answeredIds;
  std::mutex idsMutex;
  {
    ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--threads", "2", "--decision-log",
                                    logs.string(), "--decision-log-sync", "always", "--decision-log-file-bytes", "65536"});
    std::atomic<long> answered{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t)
      clients.emplace_back([&, t] {
        try {
          HttpClient c(server.port());
          for (size_t i = t;; ++i) {
            // Batches too: each of their decisions is logged before it is sent.
            bool batch = i % 5 == 0;
            auto res = batch ? c.post("/v1/decide/batch", requests[i % requests.size()] + "\n" + requests[(i + 1) % requests.size()])
                             : c.post("/v1/decide", requests[i % requests.size()]);
            if (res.result_int() != 200) continue;
            if (!batch) {
              std::lock_guard<std::mutex> lock(idsMutex);
              answeredIds.insert(testing::header(res, "X-Refrain-Decision-Id"));
            }
            ++answered;
          }
        } catch (const std::exception&) {
          // The server was killed under us: the connection broke.
        }
      });
    // Kill it mid-flight once it has answered a few hundred.
    while (answered.load() < 300) std::this_thread::yield();
    int status = server.stop(SIGKILL);
    BOOST_TEST(WIFSIGNALED(status));
    for (std::thread& t : clients) t.join();
  }
  // Restarted, it repairs a torn tail (if the kill left one) and goes on in a new file.
  {
    ServerProcess again(kRefrain, {"--bundle", s.bundlePath.string(), "--decision-log", logs.string()});
    HttpClient c(again.port());
    BOOST_TEST(c.post("/v1/decide", requests[0]).result_int() == 200);
  }
  std::map<std::string, int> seen;
  for (const std::string& line : logLines(logs)) {
    settle::DecisionLogRecord r;
    std::string error;
    BOOST_TEST_REQUIRE(settle::readDecisionLogLine(line, &r, &error), error + " in: " + line.substr(0, 200));
    BOOST_TEST(r.bundle == std::string(s.bundle.hash()));
    BOOST_TEST(r.decision + "\n" == s.line(r.request));
    ++seen[r.id];
  }
  long missing = 0, repeated = 0;
  for (const std::string& id : answeredIds) missing += seen.count(id) == 0;
  for (const auto& [id, n] : seen) repeated += n > 1;
  BOOST_TEST(answeredIds.size() >= 200u);
  BOOST_TEST(missing == 0);
  BOOST_TEST(repeated == 0);
  BOOST_TEST(fs::exists(logs / "decisions-00000001.jsonl"));
}

BOOST_AUTO_TEST_CASE(a_full_disk_stops_answers_with_503_never_unlogged) {
  Served s("full");
  fs::path logs = s.dir.path / "log";
  // RLIMIT_FSIZE makes writes past 20,000 bytes fail as on a full disk.
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--decision-log", logs.string()}, 20000);
  HttpClient c(server.port());
  std::vector<std::string> requests = exampleRequests();
  std::set<std::string> answeredIds;
  testing::Response last;
  for (size_t i = 0; i < 200; ++i) {
    last = c.post("/v1/decide", requests[i % requests.size()]);
    if (last.result_int() != 200) break;
    answeredIds.insert(testing::header(last, "X-Refrain-Decision-Id"));
  }
  BOOST_TEST(last.result_int() == 503);
  BOOST_TEST(last.body() ==
             "{\"error\":{\"code\":\"decision_log\",\"message\":\"the decision could not be logged, so it is not given: "
             "decision log " + logs.string() + "/decisions-00000001.jsonl: File too large\"}}\n");
  auto ready = c.get("/ready");
  BOOST_TEST(ready.result_int() == 503);
  BOOST_TEST(ready.body().find("the decision log cannot be written") != std::string::npos);
  BOOST_TEST(c.get("/metrics").body().find("refrain_decision_log_write_failures_total 1\n") != std::string::npos);
  server.stop();
  // Every answered decision is in the log, and the log ends with a whole line.
  std::set<std::string> logged;
  for (const std::string& line : logLines(logs)) {
    settle::DecisionLogRecord r;
    std::string error;
    BOOST_TEST_REQUIRE(settle::readDecisionLogLine(line, &r, &error), error);
    logged.insert(r.id);
  }
  BOOST_TEST(logged == answeredIds);
  BOOST_TEST(answeredIds.size() > 3u);
}

BOOST_AUTO_TEST_CASE(with_trust_only_bundles_signed_by_a_trusted_key_load) {
  TempDir dir("signed");
  std::string examples = kSource + "/examples/";
  auto run = [&](const std::string& args) {
    std::string command = kRefrain + " " + args + " 2>/dev/null";
    return std::system(command.c_str());
  };
  BOOST_TEST_REQUIRE(run("keygen " + (dir.path / "label").string()) == 0);
  BOOST_TEST_REQUIRE(run("keygen " + (dir.path / "stranger").string()) == 0);
  BOOST_TEST(run("keygen " + (dir.path / "label").string()) != 0);  // never overwrites
  BOOST_TEST(((fs::status(dir.path / "label.key").permissions() & fs::perms::group_read) == fs::perms::none));
  std::string sources = examples + "policies/*.refrain --catalog " + examples + "catalog/works.jsonl";
  fs::path served = dir.path / "policies.rfb";
  fs::path unsignedPath = dir.path / "unsigned.rfb", byStranger = dir.path / "stranger.rfb";
  BOOST_TEST_REQUIRE(run("build " + sources + " -o " + served.string() + " --sign " + (dir.path / "label.key").string()) == 0);
  BOOST_TEST_REQUIRE(run("build " + sources + " -o " + unsignedPath.string()) == 0);
  BOOST_TEST_REQUIRE(run("build " + sources + " -o " + byStranger.string() + " --sign " + (dir.path / "stranger.key").string()) == 0);
  std::string signedBytes = readAll(served), unsignedBytes = readAll(unsignedPath);
  // Signed, the bundle is the same bundle: same hash, same decisions.
  BOOST_TEST(signedBytes.size() == unsignedBytes.size() + 104);
  BOOST_TEST(signedBytes.substr(104) == unsignedBytes);
  refrain::Bundle plain = refrain::Bundle::load(unsignedBytes);
  BOOST_TEST(std::string(refrain::Bundle::load(signedBytes).hash()) == std::string(plain.hash()));

  ServerProcess server(kRefrain, {"--bundle", served.string(), "--trust", (dir.path / "label.pub").string()});
  HttpClient c(server.port());
  auto res = c.post("/v1/decide", exampleRequests()[0]);
  BOOST_TEST(res.body() == plain.decide(exampleRequests()[0]).json);
  BOOST_TEST(testing::header(res, "X-Refrain-Bundle") == std::string(plain.hash()));

  fs::rename(unsignedPath, served);
  BOOST_TEST(server.waitForEvent("bundle_refused").find("bundle is not signed, and --trust wants a signature") !=
             std::string::npos);
  fs::rename(byStranger, served);
  BOOST_TEST(server.waitForEvent("bundle_refused").find(", which --trust does not name") != std::string::npos);
  std::string forged = signedBytes;
  forged[forged.size() - 1] ^= 1;  // the bundle changed after signing
  replaceFile(served, forged);
  std::string event = server.waitForEvent("bundle_refused");
  BOOST_TEST(event.find("bundle's signature does not match its contents") != std::string::npos, event);
  BOOST_TEST(c.get("/ready").result_int() == 200);
  BOOST_TEST(testing::header(c.post("/v1/decide", exampleRequests()[0]), "X-Refrain-Bundle") == std::string(plain.hash()));
}

BOOST_AUTO_TEST_CASE(a_client_that_expects_100_continue_is_told_to_go_on) {
  Served s("continue");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string()});
  HttpClient c(server.port());
  std::string request = exampleRequests()[0];
  c.writeRaw("POST /v1/decide HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " +
             std::to_string(request.size()) + "\r\n\r\n");
  BOOST_TEST(c.read().result_int() == 100);
  c.writeRaw(request);
  auto res = c.read();
  BOOST_TEST(res.result_int() == 200);
  BOOST_TEST(res.body() == s.indented(request));
}

BOOST_AUTO_TEST_CASE(head_is_get_without_the_body) {
  Served s("head");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string()});
  HttpClient c(server.port());
  for (const char* target : {"/health", "/ready", "/v1/bundle"}) {
    std::string body = c.get(target).body();
    c.writeRaw(std::string("HEAD ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    auto head = c.readHead();
    BOOST_TEST(head.result_int() == 200, target);
    BOOST_TEST(testing::header(head, "Content-Length") == std::to_string(body.size()), target);
    BOOST_TEST(head.body().empty(), target);
  }
  // The connection is still in step: the next answer is the next request's.
  BOOST_TEST(c.get("/health").body() == "{\"status\":\"alive\"}\n");
}

BOOST_AUTO_TEST_CASE(a_client_that_does_not_read_its_answers_is_let_go_at_the_write_timeout) {
  Served s("write-timeout");
  // The read timeout is an hour: the connection's one clock must be set
  // anew for the shorter write timeout (it once waited for the read's).
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--write-timeout-ms", "300", "--read-timeout-ms", "3600000"});
  const auto started = std::chrono::steady_clock::now();
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket sock(io);
  sock.open(net::ip::tcp::v4());
  sock.set_option(net::socket_base::receive_buffer_size(4096));
  sock.connect({net::ip::make_address("127.0.0.1"), server.port()});
  std::string lines;
  for (const std::string& request : exampleRequests()) lines += request + "\n";
  net::write(sock, net::buffer(std::string(
                        "POST /v1/decide/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000000\r\n\r\n")));
  // Requests go on and on while nothing is read: the server's answers fill
  // the socket, it stops reading, and this write blocks until the server
  // gives up on the client and closes.
  boost::system::error_code ec;
  while (!ec) net::write(sock, net::buffer(lines), ec);
  BOOST_TEST((ec == net::error::connection_reset || ec == net::error::broken_pipe), ec.message());
  BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::minutes(5)),
             "let go by the read timeout, not the 300 ms write timeout");
  HttpClient c(server.port());
  BOOST_TEST(c.get("/metrics").body().find("refrain_timeouts_total{kind=\"write\"} 1\n") != std::string::npos);
  BOOST_TEST(c.get("/health").result_int() == 200);
}

// Half of a batch's body, sent: the server answers its first line, so it is
// inside the request when the test acts. Returns the rest of the body.
std::string startHalfABatch(HttpClient& client, const Served& s, uint64_t extraLength = 0) {
  const std::vector<std::string>& requests = exampleRequests();
  std::string first = requests[0] + "\n", rest;
  for (size_t i = 1; i < requests.size(); ++i) rest += requests[i] + "\n";
  client.writeRaw("POST /v1/decide/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                  std::to_string(first.size() + rest.size() + extraLength) + "\r\n\r\n" + first);
  BOOST_TEST_REQUIRE(client.readBodyUntil('\n') == s.line(requests[0]));
  return rest;
}

bool exitedZero(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

BOOST_AUTO_TEST_CASE(sigterm_lets_requests_under_way_finish_and_closes_idle_connections) {
  Served s("drain");
  TempDir logs("drain-log");
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--decision-log", logs.path.string()});
  HttpClient idle(server.port());
  BOOST_TEST(idle.get("/health").result_int() == 200);  // kept alive, then idle
  HttpClient busy(server.port());
  std::string rest = startHalfABatch(busy, s);

  server.signal(SIGTERM);
  BOOST_TEST(server.waitForEvent("stopping").find("signal=SIGTERM open_connections=2") != std::string::npos);
  BOOST_TEST(idle.closedByServer());
  BOOST_CHECK_THROW(HttpClient late(server.port()), boost::system::system_error);  // no new connections

  busy.writeRaw(rest);
  auto res = busy.finishReading();
  std::string expected;
  for (const std::string& request : exampleRequests()) expected += s.line(request);
  BOOST_TEST(res.result_int() == 200);
  BOOST_TEST(res.body() == expected);
  BOOST_TEST(busy.closedByServer());
  server.waitForEvent("stopped");
  BOOST_TEST(exitedZero(server.wait()));
  BOOST_TEST(logLines(logs.path).size() == exampleRequests().size());  // every answered decision, logged
}

BOOST_AUTO_TEST_CASE(a_drain_ends_at_its_timeout_or_at_a_second_signal) {
  Served s("drain-timeout");
  {
    ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--drain-timeout-ms", "200"});
    HttpClient stalled(server.port());
    startHalfABatch(stalled, s, 1000);  // the body's last 1,000 bytes never come
    server.signal(SIGTERM);
    BOOST_TEST(server.waitForEvent("drain_timeout").find("open_connections=1") != std::string::npos);
    BOOST_TEST(exitedZero(server.wait()));
  }
  ServerProcess server(kRefrain, {"--bundle", s.bundlePath.string(), "--drain-timeout-ms", "3600000"});
  HttpClient stalled(server.port());
  startHalfABatch(stalled, s, 1000);
  server.signal(SIGTERM);
  server.waitForEvent("stopping");
  server.signal(SIGTERM);
  BOOST_TEST(server.waitForEvent("stopping").find("signal=SIGTERM drain=cut_short") != std::string::npos);
  BOOST_TEST(exitedZero(server.wait()));
}

// Every case file's requests over HTTP, one server for all: each case's
// bundle is swapped in by an authenticated POST /v1/bundle/reload, and each
// decision must be the case file's expected text, byte for byte.
BOOST_AUTO_TEST_CASE(every_case_file_over_http_equals_its_expected_decisions) {
  TempDir dir("cases");
  fs::path bundle = dir.path / "case.rfb";
  writeFile(dir.path / "token", "case-files-token-0123456789\n");
  writeFile(bundle, testing::examplesBundleBytes());
  ServerProcess server(kRefrain, {"--bundle", bundle.string(), "--admin-token-file", (dir.path / "token").string()});
  HttpClient c(server.port());
  std::vector<fs::path> cases;
  for (const auto& e : fs::recursive_directory_iterator(kSource + "/tests/cases"))
    if (e.path().extension() == ".case") cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  size_t decided = 0, files = 0;
  for (const fs::path& path : cases) {
    std::string text, error;
    refrain::testing::CaseFile file;
    BOOST_REQUIRE(refrain::testing::readText(path, &text));
    BOOST_REQUIRE_MESSAGE(refrain::testing::parseCase(text, &file, &error), path.string() + ": " + error);
    bool hasRequests = std::any_of(file.sections.begin(), file.sections.end(),
                                   [](const refrain::testing::Section& s) { return s.kind == "request"; });
    if (!hasRequests) continue;
    compiler::CompileResult r = refrain::testing::compileCase(file);
    BOOST_REQUIRE_MESSAGE(r.ok, path.string() + " does not compile");
    replaceFile(bundle, std::string(r.bundle.begin(), r.bundle.end()));
    auto reloaded = c.request(http::verb::post, "/v1/bundle/reload", "", "Bearer case-files-token-0123456789");
    BOOST_REQUIRE_MESSAGE(reloaded.result_int() == 200, path.string() + ": " + reloaded.body());
    std::string hash(refrain::Bundle::load(std::string(r.bundle.begin(), r.bundle.end())).hash());
    ++files;
    for (size_t i = 0; i + 1 < file.sections.size(); ++i) {
      if (file.sections[i].kind != "request") continue;
      auto res = c.post("/v1/decide", file.sections[i].text());
      BOOST_TEST(res.result_int() == 200);
      BOOST_TEST(testing::header(res, "X-Refrain-Bundle") == hash);
      BOOST_TEST(res.body() == file.sections[i + 1].text(), path.string() << ":" << file.sections[i].line);
      ++decided;
    }
  }
  BOOST_TEST(files >= 100u);
  BOOST_TEST(decided >= 400u);
  BOOST_TEST_MESSAGE(files << " case files, " << decided << " decisions over HTTP");
}
