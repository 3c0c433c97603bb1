// `refrain serve`: options to ServeOptions; the service is server/.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "server/bundle_signing.h"
#include "server/serve.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain serve --bundle B.rfb [OPTIONS]

Decides requests over HTTP with a bundle, reloading it when the file is
replaced (by rename), on SIGHUP and on an authenticated POST; logs every
decision when asked (docs/server.md).

  --listen HOST:PORT             where to listen (default 127.0.0.1:8181; port 0 picks one)
  --threads N                    threads deciding requests (default 1)
  --max-body BYTES               largest request, and batch line (default 1048576)
  --max-connections N            more are refused with 503 (default 1024)
  --read-timeout-ms MS           a request's arrival, and an idle connection (default 30000)
  --write-timeout-ms MS          each response's departure (default 30000)
  --drain-timeout-ms MS          on SIGTERM, the longest wait for requests under way (default 10000)
  --decision-log DIR             log every decision as JSON Lines in DIR
  --decision-log-sync MODE       always (default): answer once the line is on disk;
                                 batch: fdatasync every --decision-log-batch-ms;
                                 none: leave syncing to the kernel
  --decision-log-batch-ms MS     batch mode's longest time between syncs (default 10)
  --decision-log-file-bytes N    rotate files before they pass N bytes (default 67108864)
  --admin-token-file FILE        turns on POST /v1/bundle/reload for `Authorization: Bearer <token>`
  --trust KEYS.pub               load only bundles signed by a key in KEYS.pub (refrain build --sign)

Stops on SIGINT or SIGTERM: takes no new connections, closes idle ones,
lets requests under way finish (answered with `Connection: close`), then
exits 0; a second signal stops at once. Event lines go to stderr; the line
`... listening address=HOST:PORT ...` says it is accepting connections.
)";

bool number(const Args& args, const std::string& name, uint64_t min, uint64_t max, uint64_t* out) {
  if (!args.has(name)) return true;
  const std::string& text = args.get(name);
  uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 19;
  for (char c : text) ok = ok && c >= '0' && c <= '9';
  if (ok) value = std::stoull(text);
  if (!ok || value < min || value > max) {
    usageError("--" + name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
               ", not `" + text + "`");
    return false;
  }
  *out = value;
  return true;
}

bool listenAt(const std::string& text, server::ServeOptions* o) {
  size_t colon = text.rfind(':');
  std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  bool ok = colon != std::string::npos && colon > 0 && !port.empty() && port.size() <= 5 &&
            port.find_first_not_of("0123456789") == std::string::npos && std::stoul(port) <= 65535;
  if (!ok) return usageError("--listen wants HOST:PORT, such as 127.0.0.1:8181, not `" + text + "`"), false;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  o->host = host;
  o->port = static_cast<unsigned short>(std::stoul(port));
  return true;
}

bool readToken(const std::string& path, std::string* token) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return usageError("cannot read the admin token file " + path), false;
  std::ostringstream all;
  all << in.rdbuf();
  *token = all.str();
  while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
  if (token->size() < 16) return usageError("the admin token in " + path + " is shorter than 16 bytes"), false;
  return true;
}

}  // namespace

int runServe(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2,
                 {"bundle", "listen", "threads", "max-body", "max-connections", "read-timeout-ms", "write-timeout-ms", "drain-timeout-ms",
                  "decision-log", "decision-log-sync", "decision-log-batch-ms", "decision-log-file-bytes",
                  "admin-token-file", "trust"},
                 {"help", "h"}, &args))
    return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (!args.positional.empty()) return usageError("unexpected `" + args.positional[0] + "`; see --help");
  if (!args.has("bundle")) return usageError("give the bundle to serve with --bundle B.rfb");
  server::ServeOptions o;
  o.bundlePath = args.get("bundle");
  if (args.has("listen") && !listenAt(args.get("listen"), &o)) return kExitUsage;
  uint64_t threads = 1, maxBody = o.maxBody, maxConnections = o.maxConnections;
  uint64_t readMs = o.readTimeout.count(), writeMs = o.writeTimeout.count(), drainMs = o.drainTimeout.count();
  if (!number(args, "threads", 1, 256, &threads) || !number(args, "max-body", 1, uint64_t{1} << 30, &maxBody) ||
      !number(args, "max-connections", 1, 1000000, &maxConnections) ||
      !number(args, "read-timeout-ms", 1, 3600000, &readMs) || !number(args, "write-timeout-ms", 1, 3600000, &writeMs) ||
      !number(args, "drain-timeout-ms", 1, 3600000, &drainMs))
    return kExitUsage;
  o.threads = static_cast<int>(threads);
  o.maxBody = maxBody;
  o.maxConnections = maxConnections;
  o.readTimeout = std::chrono::milliseconds(readMs);
  o.writeTimeout = std::chrono::milliseconds(writeMs);
  o.drainTimeout = std::chrono::milliseconds(drainMs);
  bool logOptionGiven = args.has("decision-log-sync") || args.has("decision-log-batch-ms") ||
                        args.has("decision-log-file-bytes");
  if (logOptionGiven && !args.has("decision-log")) return usageError("the --decision-log-* options need --decision-log DIR");
  if (args.has("decision-log")) {
    server::DecisionLogOptions log;
    log.dir = args.get("decision-log");
    if (args.has("decision-log-sync") && !server::parseSyncMode(args.get("decision-log-sync"), &log.sync))
      return usageError("--decision-log-sync is always, batch or none, not `" + args.get("decision-log-sync") + "`");
    uint64_t batchMs = log.batchInterval.count(), fileBytes = log.maxFileBytes;
    if (!number(args, "decision-log-batch-ms", 1, 60000, &batchMs) ||
        !number(args, "decision-log-file-bytes", 4096, uint64_t{1} << 40, &fileBytes))
      return kExitUsage;
    log.batchInterval = std::chrono::milliseconds(batchMs);
    log.maxFileBytes = fileBytes;
    o.log = log;
  }
  if (args.has("admin-token-file") && !readToken(args.get("admin-token-file"), &o.adminToken)) return kExitUsage;
  std::string error;
  if (args.has("trust") && !server::readPublicKeys(args.get("trust"), &o.trustedKeys, &error)) return usageError(error);
  return server::serve(o) == 0 ? kExitOk : kExitFailed;
}

}  // namespace refrain::cli
