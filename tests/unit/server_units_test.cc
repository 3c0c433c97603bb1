// The service's parts that need no network: the batch body's line splitter,
// the decision summary the metrics count, the one-line form of a decision,
// the decision log's lines, its files, rotation, repair and failures.
#define BOOST_TEST_MODULE server_units
#include <boost/test/unit_test.hpp>
#include <re2/re2.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "refrain/refrain.hpp"
#include "server/clock_text.h"
#include "server/decision_log.h"
#include "server/decision_summary.h"
#include "server/line_splitter.h"
#include "server/routes.h"
#include "settle/decision_log_line.h"
#include "tests/unit/examples.h"

namespace fs = std::filesystem;
using namespace refrain;

namespace {

struct Collected {
  std::vector<std::string> lines;
  std::vector<size_t> lengths;
  std::vector<bool> tooLong;
};

Collected split(const std::vector<std::string>& pieces, size_t maxLine) {
  Collected c;
  server::LineSplitter s(maxLine);
  auto on = [&](const server::Line& l) {
    c.lines.emplace_back(l.text);
    c.lengths.push_back(l.length);
    c.tooLong.push_back(l.tooLong);
  };
  for (const std::string& p : pieces) s.feed(p, on);
  s.finish(on);
  return c;
}

refrain::Bundle examplesBundle() { return refrain::Bundle::load(testing::examplesBundleBytes()); }

// Waits for a DecisionLog's answers.
struct Answers {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> errors;  // "" for done
  server::DecisionLog::Done done() {
    return [this](const std::string* error) {
      std::lock_guard<std::mutex> lock(m);
      errors.push_back(error ? *error : "");
      cv.notify_all();
    };
  }
  void waitFor(size_t n) {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return errors.size() >= n; });
  }
};

fs::path freshDir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("refrain-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(p);
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(lines_split_across_pieces_as_the_cli_reads_them) {
  Collected c = split({"{\"a\":1}\n  \n{\"b\"", ":2}\r\n\n", "{\"c\":3}"}, 100);
  BOOST_TEST(c.lines == (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}\r", "{\"c\":3}"}), boost::test_tools::per_element());
  BOOST_TEST(c.lengths == (std::vector<size_t>{7, 8, 7}), boost::test_tools::per_element());
  // Byte by byte gives the same lines.
  std::string whole = "{\"a\":1}\n  \n{\"b\":2}\r\n\n{\"c\":3}";
  std::vector<std::string> bytes;
  for (char ch : whole) bytes.emplace_back(1, ch);
  BOOST_TEST(split(bytes, 100).lines == c.lines, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_line_past_the_limit_keeps_its_first_bytes_and_its_length) {
  std::string longLine(25, 'x');
  Collected c = split({"{}\n" + longLine.substr(0, 10), longLine.substr(10) + "\n{}", "\n"}, 8);
  BOOST_TEST(c.lines == (std::vector<std::string>{"{}", "xxxxxxxxx", "{}"}), boost::test_tools::per_element());
  BOOST_TEST(c.lengths == (std::vector<size_t>{2, 25, 2}), boost::test_tools::per_element());
  BOOST_TEST(c.tooLong == (std::vector<bool>{false, true, false}), boost::test_tools::per_element());
  // Exactly the limit is not too long; a long blank line is.
  BOOST_TEST(split({"12345678"}, 8).tooLong == std::vector<bool>{false}, boost::test_tools::per_element());
  BOOST_TEST(split({std::string(9, ' ')}, 8).tooLong == std::vector<bool>{true}, boost::test_tools::per_element());
  BOOST_TEST(split({"\n\n", "  \n"}, 8).lines.empty());
}

BOOST_AUTO_TEST_CASE(summaries_and_one_line_forms_agree_with_a_json_parser) {
  refrain::Bundle bundle = examplesBundle();
  refrain::Scratch scratch;
  size_t errors = 0;
  for (const std::string& request : testing::exampleRequests()) {
    std::string indented(bundle.decideView(request, scratch).json);
    std::string line(bundle.decideLineView(request, scratch).json);
    BOOST_TEST(server::compactJson(indented) + "\n" == line);
    nlohmann::json parsed = nlohmann::json::parse(line);
    server::DecisionSummary s = server::summarizeDecision(line);
    BOOST_TEST(s.allowed == (parsed["decision"] == "allow"));
    BOOST_TEST(std::string(s.use) == parsed.value("use", ""));
    std::vector<std::string> codes, expected;
    s.forEachErrorCode([&](std::string_view code) { codes.emplace_back(code); });
    for (const auto& e : parsed["errors"]) expected.push_back(e["code"]);
    BOOST_TEST(codes == expected, boost::test_tools::per_element());
    errors += codes.size();
  }
  BOOST_TEST(errors >= 4u);  // the examples have errors to count
}

BOOST_AUTO_TEST_CASE(log_lines_read_back_exactly) {
  std::string decision = R"({"decision":"deny","use":"ai","errors":[]})";
  for (std::string request : {std::string("{\"use\": \"ai\"}\n"), std::string("\xff\xfe{}", 4), std::string("caf\xc3\xa9")}) {
    std::string line;
    settle::appendDecisionLogLine({"id-1", "2026-12-07T00:00:00.000Z", "abc", request, decision}, &line);
    BOOST_TEST(line.back() == '\n');
    BOOST_TEST(line.find('\n') == line.size() - 1);
    settle::DecisionLogRecord r;
    std::string error;
    BOOST_TEST_REQUIRE(settle::readDecisionLogLine(line.substr(0, line.size() - 1), &r, &error), error);
    BOOST_TEST(r.request == request);
    BOOST_TEST(r.decision == decision);
    BOOST_TEST(r.id == "id-1");
    BOOST_TEST(r.requestLength == request.size());
    BOOST_TEST((line.find("request_base64") != std::string::npos) == !settle::isUtf8(request));
  }
  std::string cut;
  settle::appendDecisionLogLine({"id-2", "t", "h", "{\"use", decision, 5000}, &cut);
  BOOST_TEST(cut.find(",\"request_length\":5000,") != std::string::npos);
  settle::DecisionLogRecord r;
  std::string error;
  BOOST_TEST(settle::readDecisionLogLine(cut.substr(0, cut.size() - 1), &r, &error));
  BOOST_TEST(r.requestLength == 5000u);
  BOOST_TEST(!settle::readDecisionLogLine("{\"id\":\"x\"}", &r, &error));
  BOOST_TEST(error == "no string `time`");
}

BOOST_AUTO_TEST_CASE(utf8_is_checked_strictly) {
  BOOST_TEST(settle::isUtf8("plain"));
  BOOST_TEST(settle::isUtf8("\xe2\x82\xac"));           // €
  BOOST_TEST(settle::isUtf8("\xf0\x9f\x8e\xb5"));       // 🎵
  BOOST_TEST(!settle::isUtf8("\xe2\x82"));              // cut short
  BOOST_TEST(!settle::isUtf8("\xc0\xaf"));              // overlong
  BOOST_TEST(!settle::isUtf8("\xed\xa0\x80"));          // a surrogate
  BOOST_TEST(!settle::isUtf8("\xf4\x90\x80\x80"));      // past U+10FFFF
  // Past the eight-byte ASCII stride: a bad byte at each place in a long text is found.
  const std::string ascii(40, 'a');
  for (size_t at = 0; at <= ascii.size(); ++at) {
    std::string good = ascii, bad = ascii;
    good.insert(at, "\xe2\x82\xac");
    bad.insert(at, "\xc0\xaf");
    BOOST_TEST(settle::isUtf8(good), "at " << at);
    BOOST_TEST(!settle::isUtf8(bad), "at " << at);
  }
}

BOOST_AUTO_TEST_CASE(server_time_is_rfc3339_in_milliseconds_and_follows_the_clock) {
  const RE2 form(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  std::string before = server::nowRfc3339();
  std::string later;
  // Past at least one millisecond and one second boundary, the cached second included.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1100);
  while (std::chrono::steady_clock::now() < until) {
    later = server::nowRfc3339();
    BOOST_TEST_REQUIRE(RE2::FullMatch(later, form), later);
  }
  BOOST_TEST(RE2::FullMatch(before, form), before);
  BOOST_TEST(later > before);  // the text sorts as the time does
  BOOST_TEST(later.substr(0, 19) != before.substr(0, 19));
}

BOOST_AUTO_TEST_CASE(the_log_rotates_between_entries_and_answers_each) {
  fs::path dir = freshDir("rotate");
  server::DecisionLogOptions o;
  o.dir = dir.string();
  o.maxFileBytes = 4096;
  std::string error;
  Answers answers;
  {
    auto log = server::DecisionLog::open(o, &error);
    BOOST_TEST_REQUIRE(bool(log), error);
    std::string line(999, 'a');
    line += '\n';
    for (int i = 0; i < 10; ++i) log->append(line, 1, answers.done());
    answers.waitFor(10);
    BOOST_TEST(log->stats().linesWritten == 10u);
    BOOST_TEST(log->stats().bytesWritten == 10000u);
    BOOST_TEST(log->stats().fsyncs >= 1u);
  }
  BOOST_TEST(answers.errors == std::vector<std::string>(10, ""), boost::test_tools::per_element());
  // Four lines of 1000 bytes make 4000 bytes; a fifth would pass 4096.
  BOOST_TEST(fs::file_size(dir / "decisions-00000001.jsonl") == 4000u);
  BOOST_TEST(fs::file_size(dir / "decisions-00000002.jsonl") == 4000u);
  BOOST_TEST(fs::file_size(dir / "decisions-00000003.jsonl") == 2000u);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(batch_mode_answers_before_syncing_then_syncs_unasked_after_its_interval) {
  fs::path dir = freshDir("batch-sync");
  server::DecisionLogOptions o;
  o.dir = dir.string();
  o.sync = server::SyncMode::kBatch;
  o.batchInterval = std::chrono::milliseconds(500);
  std::string error;
  auto log = server::DecisionLog::open(o, &error);
  BOOST_TEST_REQUIRE(bool(log), error);
  const auto opened = std::chrono::steady_clock::now();
  std::atomic<uint64_t> fsyncsWhenAnswered{99};
  Answers answers;
  auto done = answers.done();
  log->append("{\"n\":1}\n", 1, [&](const std::string* e) {
    fsyncsWhenAnswered = log->stats().fsyncs;
    done(e);
  });
  answers.waitFor(1);
  BOOST_TEST(answers.errors[0] == "");
  BOOST_TEST(fsyncsWhenAnswered.load() == 0u);  // answered once written, before any sync
  BOOST_TEST(testing::readAll(dir / "decisions-00000001.jsonl") == "{\"n\":1}\n");
  // Nothing more is appended: the writer syncs by itself once the interval
  // since the last sync (here, the opening) has passed, and not before.
  const auto giveUp = opened + std::chrono::seconds(30);
  while (log->stats().fsyncs == 0 && std::chrono::steady_clock::now() < giveUp)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  BOOST_TEST(log->stats().fsyncs == 1u);
  BOOST_TEST((std::chrono::steady_clock::now() - opened >= o.batchInterval));
  log.reset();
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_torn_last_line_is_cut_and_a_new_file_begun) {
  fs::path dir = freshDir("repair");
  fs::create_directories(dir);
  std::ofstream(dir / "decisions-00000007.jsonl", std::ios::binary) << "{\"whole\":1}\n{\"torn";
  server::DecisionLogOptions o;
  o.dir = dir.string();
  std::string error;
  {
    auto log = server::DecisionLog::open(o, &error);
    BOOST_TEST_REQUIRE(bool(log), error);
    BOOST_TEST(log->repairNote() ==
               "decisions-00000007.jsonl: dropped the 6 bytes of a line a crash left unfinished (never acknowledged)");
  }
  BOOST_TEST(testing::readAll(dir / "decisions-00000007.jsonl") == "{\"whole\":1}\n");
  BOOST_TEST(fs::exists(dir / "decisions-00000008.jsonl"));
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_folder_that_cannot_be_used_is_refused_with_the_reason) {
  server::DecisionLogOptions o;
  o.dir = "/proc/refrain-no-such-folder";
  std::string error;
  BOOST_TEST(!server::DecisionLog::open(o, &error));
  BOOST_TEST(error.rfind("/proc/refrain-no-such-folder: ", 0) == 0u, error);
}

BOOST_AUTO_TEST_CASE(sync_modes_have_names) {
  server::SyncMode m;
  BOOST_TEST(server::parseSyncMode("batch", &m));
  BOOST_TEST((m == server::SyncMode::kBatch));
  BOOST_TEST(std::string(server::syncModeName(server::SyncMode::kNone)) == "none");
  BOOST_TEST(!server::parseSyncMode("sometimes", &m));
}

BOOST_AUTO_TEST_CASE(metrics_count_outcomes_uses_and_error_codes) {
  server::Metrics m;
  std::set<std::string, std::less<>> known = {"ai", "ai.train", "ai.train.generative"};
  auto uses = [&](std::string_view use) { return known.count(use) > 0; };
  m.countDecision(R"({"decision":"allow","use":"ai.train.generative","work":"W","errors":[]})", uses, 30000);
  m.countDecision(R"({"decision":"deny","use":"ai.nonsense","errors":[{"code":"unknown_use","message":"x"}]})", uses,
                  2000000);
  m.countDecision(R"({"decision":"deny","use":"ai","errors":[{"code":"missing_field","message":"{\"code\":\"no\"}"},{"code":"Odd-Code","message":""}]})",
                  uses, 700);
  m.countResponse(200);
  m.countResponse(200);
  m.countResponse(413);
  std::string text = m.render(server::DecisionLogStats{}, true);
  for (const char* line :
       {"refrain_decisions_total{outcome=\"allow\"} 1\n", "refrain_decisions_total{outcome=\"deny\"} 2\n",
        "refrain_decisions_by_use_total{use=\"ai\"} 1\n", "refrain_decisions_by_use_total{use=\"ai.train.generative\"} 1\n",
        "refrain_decisions_by_use_total{use=\"other\"} 1\n", "refrain_decision_errors_total{code=\"unknown_use\"} 1\n",
        "refrain_decision_errors_total{code=\"missing_field\"} 1\n", "refrain_decision_errors_total{code=\"other\"} 1\n",
        "refrain_http_responses_total{status=\"200\"} 2\n", "refrain_http_responses_total{status=\"413\"} 1\n",
        "refrain_decision_seconds_bucket{le=\"0.000025\"} 1\n", "refrain_decision_seconds_bucket{le=\"0.000050\"} 2\n",
        "refrain_decision_seconds_bucket{le=\"1.000000\"} 3\n", "refrain_decision_seconds_bucket{le=\"+Inf\"} 3\n",
        "refrain_decision_seconds_sum 0.002030700\n", "refrain_decision_seconds_count 3\n", "refrain_bundle_loaded 1\n"})
    BOOST_TEST(text.find(line) != std::string::npos, line);
  BOOST_TEST(text.find("refrain_decision_log_") == std::string::npos);  // no log, no log metrics
}

BOOST_AUTO_TEST_CASE(a_signed_bundle_loads_as_its_bundle_and_a_broken_envelope_says_why) {
  // A signature made up of zeros: the runtime does not check signatures.
  std::string header("RFS\0\1\0\0\0", 8);
  header += std::string(96, '\0');
  compiler::CompileResult r = compiler::compile(compiler::CompileInput{{{"a.refrain", "policy \"p\" by artist \"a\" {\n  allow ai\n}\n"}}, {}});
  BOOST_TEST_REQUIRE(r.ok);
  std::string bare(r.bundle.begin(), r.bundle.end());
  refrain::Bundle wrapped = refrain::Bundle::load(header + bare);
  BOOST_TEST(std::string(wrapped.hash()) == std::string(refrain::Bundle::load(bare).hash()));
  auto refusal = [](const std::string& bytes) {
    try {
      refrain::Bundle::load(bytes);
    } catch (const refrain::LoadError& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  BOOST_TEST(refusal(header.substr(0, 50)) ==
             "signed bundle is truncated: 50 bytes, less than its 104-byte signature envelope");
  std::string version2 = header;
  version2[4] = 2;
  BOOST_TEST(refusal(version2 + bare) == "signed bundle has envelope version 2, not 1; update the runtime");
  BOOST_TEST(refusal(header) == "bundle is truncated: 0 bytes, less than its 40-byte header");
}

BOOST_AUTO_TEST_CASE(indented_decisions_summarise_as_their_one_line_forms) {
  refrain::Bundle bundle = examplesBundle();
  refrain::Scratch scratch;
  for (const std::string& request : testing::exampleRequests()) {
    std::string indented(bundle.decideView(request, scratch).json);
    std::string line(bundle.decideLineView(request, scratch).json);
    server::DecisionSummary a = server::summarizeDecision(indented), b = server::summarizeDecision(line);
    BOOST_TEST(a.allowed == b.allowed);
    BOOST_TEST(a.use == b.use);
    std::vector<std::string> codesA, codesB;
    a.forEachErrorCode([&](std::string_view c) { codesA.emplace_back(c); });
    b.forEachErrorCode([&](std::string_view c) { codesB.emplace_back(c); });
    BOOST_TEST(codesA == codesB, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(a_full_queue_makes_writers_wait_and_drops_nothing) {
  fs::path dir = freshDir("backpressure");
  server::DecisionLogOptions o;
  o.dir = dir.string();
  o.maxQueueBytes = 64;  // one entry or two: appenders wait for the writer nearly every time
  std::string error;
  Answers answers;
  {
    auto log = server::DecisionLog::open(o, &error);
    BOOST_TEST_REQUIRE(bool(log), error);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 500; ++i)
          log->append("{\"thread\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}\n", 1, answers.done());
      });
    for (std::thread& t : threads) t.join();
    answers.waitFor(2000);
    BOOST_TEST(log->stats().queueDepth == 0u);
  }
  BOOST_TEST(std::count(answers.errors.begin(), answers.errors.end(), "") == 2000);
  std::string text = testing::readAll(dir / "decisions-00000001.jsonl");
  BOOST_TEST(std::count(text.begin(), text.end(), '\n') == 2000);
  // Each thread's lines are in its order.
  for (int t = 0; t < 4; ++t) {
    size_t at = 0;
    for (int i = 0; i < 500; ++i) {
      at = text.find("{\"thread\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}\n", at);
      BOOST_TEST_REQUIRE(at != std::string::npos);
    }
  }
  fs::remove_all(dir);
}
