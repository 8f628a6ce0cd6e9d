// Running the xxgk binary from a gtest as a user would (tests only): a shell command whose
// standard output and error go to files in a test directory, read back with the exit code.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace xxgk::crawl::testing {

struct CliRun {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs `command` with /bin/sh, its output in `dir`/out and `dir`/err.
inline CliRun RunShell(const std::string& command, const std::filesystem::path& dir) {
  const std::string redirected =
      command + " >" + (dir / "out").string() + " 2>" + (dir / "err").string();
  CliRun run;
  const int status = std::system(redirected.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(dir / "out");
  run.err = ReadFile(dir / "err");
  return run;
}

}  // namespace xxgk::crawl::testing
