// `refrain serve` as a child process for tests: started on 127.0.0.1 with an
// ephemeral port, ready when it prints its `listening` event line (read from
// its stderr, never waited for with sleeps), stopped by its own PID.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace refrain::testing {

class ServerProcess {
 public:
  // Starts `refrain serve` with `args` (--listen is added); `fileSizeLimit`,
  // when set, is the child's RLIMIT_FSIZE: past it a write fails as on a
  // full disk.
  ServerProcess(const std::string& refrain, std::vector<std::string> args, rlim_t fileSizeLimit = RLIM_INFINITY) {
    int err[2];
    if (pipe(err) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      // The server dies with the test, whatever way the test ends, and
      // leaves the test's stdout alone.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      int devNull = open("/dev/null", O_WRONLY);
      dup2(devNull, 1);
      dup2(err[1], 2);
      close(err[0]);
      close(err[1]);
      if (fileSizeLimit != RLIM_INFINITY) {
        rlimit limit{fileSizeLimit, fileSizeLimit};
        setrlimit(RLIMIT_FSIZE, &limit);
      }
      std::vector<std::string> all = {refrain, "serve", "--listen", "127.0.0.1:0"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (std::string& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(refrain.c_str(), argv.data());
      _exit(127);
    }
    close(err[1]);
    events_ = fdopen(err[0], "r");
    std::string line = waitForEvent("listening");
    size_t at = line.find("address=127.0.0.1:");
    if (at == std::string::npos) throw std::runtime_error("no address in: " + line);
    port_ = static_cast<unsigned short>(std::stoul(line.substr(at + 18)));
  }
  ~ServerProcess() {
    stop(SIGKILL);
    if (events_) fclose(events_);
  }

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Reads event lines until one has `event` as its second word; returns it.
  // Throws if the server's stderr ends first (it exited).
  std::string waitForEvent(const std::string& event) {
    std::string line;
    while (readLine(&line)) {
      seen_.push_back(line);
      size_t space = line.find(' ');
      if (space != std::string::npos && line.compare(space + 1, event.size() + 1, event + " ") == 0) return line;
      if (space != std::string::npos && line.compare(space + 1, std::string::npos, event) == 0) return line;
    }
    std::string all;
    for (const std::string& l : seen_) all += l + "\n";
    throw std::runtime_error("refrain serve ended before `" + event + "`; it said:\n" + all);
  }

  void signal(int sig) { ::kill(pid_, sig); }

  // Waits for the process to end by itself; returns its wait status.
  int wait() {
    if (pid_ <= 0) return status_;
    waitpid(pid_, &status_, 0);
    pid_ = -1;
    return status_;
  }

  // Sends `sig` and waits for the process; returns its wait status.
  int stop(int sig = SIGTERM) {
    if (pid_ <= 0) return status_;
    ::kill(pid_, sig);
    waitpid(pid_, &status_, 0);
    pid_ = -1;
    return status_;
  }

 private:
  bool readLine(std::string* line) {
    line->clear();
    for (int c; (c = fgetc(events_)) != EOF;) {
      if (c == '\n') return true;
      *line += static_cast<char>(c);
    }
    return false;
  }

  pid_t pid_ = -1;
  int status_ = 0;
  FILE* events_ = nullptr;
  unsigned short port_ = 0;
  std::vector<std::string> seen_;
};

}  // namespace refrain::testing
