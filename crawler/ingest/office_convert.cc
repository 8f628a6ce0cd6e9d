// Office conversion: DOC/WPS → DOCX with LibreOffice, in a limited child. See office_convert.h.
#include "crawler/ingest/office_convert.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <fstream>
#include <system_error>
#include <vector>

namespace xxgk::ingest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr size_t kOutputTailBytes = 4096;  // of soffice's messages, for the error
constexpr int kPollSliceMs = 50;           // how often the child's state is looked at

std::string ErrnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// A private directory, removed with everything in it when this goes out of scope.
class PrivateTempDir {
 public:
  explicit PrivateTempDir(const std::string& parent) {
    std::string root = parent;
    if (root.empty()) {
      const char* tmpdir = std::getenv("TMPDIR");
      root = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
    }
    std::string pattern = (fs::path(root) / "xxgk-office-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;  // mode 0700
  }
  ~PrivateTempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A file:// URL for an absolute path: bytes outside the unreserved set (and '/') %-encoded.
std::string FileUrl(const fs::path& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string url = "file://";
  for (const char c : path.string()) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      url += c;
    } else {
      url += '%';
      url += kHex[u >> 4];
      url += kHex[u & 15];
    }
  }
  return url;
}

bool WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out.flush());
}

// The file's bytes, or nullopt when it is missing or larger than `max_bytes` (`*too_large`).
std::optional<std::string> ReadFileCapped(const fs::path& path, size_t max_bytes, bool* too_large) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return std::nullopt;
  if (size > max_bytes) {
    *too_large = true;
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return std::nullopt;
  return bytes;
}

struct ChildOutcome {
  std::string system_error;  // non-empty: the child could not be started
  bool timed_out = false;
  int status = 0;           // waitpid status
  std::string output_tail;  // last bytes of stdout + stderr
};

// Keeps the last kOutputTailBytes of what the child wrote.
void AppendTail(std::string* tail, const char* data, size_t n) {
  tail->append(data, n);
  if (tail->size() > 2 * kOutputTailBytes) tail->erase(0, tail->size() - kOutputTailBytes);
}

// Reads what the pipe holds now (non-blocking); false at end of file or on an error.
bool DrainPipe(int fd, std::string* tail) {
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      AppendTail(tail, buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

// Child side of fork: only async-signal-safe calls, nothing allocated.
[[noreturn]] void ExecChild(char* const argv[], int devnull, int out_fd, const rlimit& as,
                            const rlimit& fsize, int max_fd) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // the caller dies: so does the converter (its direct child)
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &dfl, nullptr);
  const rlimit no_core{0, 0};
  if (setrlimit(RLIMIT_AS, &as) != 0 || setrlimit(RLIMIT_FSIZE, &fsize) != 0 ||
      setrlimit(RLIMIT_CORE, &no_core) != 0) {
    _exit(126);
  }
  if (dup2(devnull, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
      dup2(out_fd, STDERR_FILENO) < 0) {
    _exit(126);
  }
  for (int fd = 0; fd <= 2; ++fd) fcntl(fd, F_SETFD, 0);  // dup2 onto itself keeps CLOEXEC
  // Every other descriptor (the caller's archive, sockets, …) stays out of the converter.
  if (close_range(3, ~0U, 0) != 0) {
    for (int fd = 3; fd <= max_fd; ++fd) close(fd);
  }
  execv(argv[0], argv);
  _exit(127);
}

// Makes this process the reaper of its orphaned descendants (once, before the first fork): when
// the converter is killed, LibreOffice's own children (soffice.bin under oosplash) are then
// re-parented to us rather than to PID 1, and RunLimited reaps them. Without it, a container
// whose PID 1 does not reap collects a zombie per killed conversion.
void BecomeSubreaper() {
  static std::once_flag once;
  std::call_once(once, [] { prctl(PR_SET_CHILD_SUBREAPER, 1); });
}

// Runs argv[0] (an absolute path) under the limits and the wall-clock budget.
ChildOutcome RunLimited(const std::vector<std::string>& args, const OfficeConvertOptions& options) {
  ChildOutcome outcome;
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const rlimit as{options.max_memory_bytes, options.max_memory_bytes};
  const rlimit fsize{options.max_file_bytes, options.max_file_bytes};
  long open_max = sysconf(_SC_OPEN_MAX);
  if (open_max < 0 || open_max > 65536) open_max = 65536;
  const int max_fd = static_cast<int>(open_max) - 1;

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    outcome.system_error = ErrnoText("pipe");
    return outcome;
  }
  const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) {
    outcome.system_error = ErrnoText("open /dev/null");
    close(fds[0]);
    close(fds[1]);
    return outcome;
  }
  const Clock::time_point deadline = Clock::now() + std::min<std::chrono::milliseconds>(
                                                        options.time_limit, std::chrono::hours(24));
  BecomeSubreaper();
  const pid_t pid = fork();
  if (pid == 0) ExecChild(argv.data(), devnull, fds[1], as, fsize, max_fd);
  close(fds[1]);
  close(devnull);
  if (pid < 0) {
    outcome.system_error = ErrnoText("fork");
    close(fds[0]);
    return outcome;
  }
  setpgid(pid, pid);  // also here: no window in which a kill of the group would miss the child
  fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);

  bool pipe_open = true;
  for (;;) {
    // Exited? (WNOWAIT: the zombie keeps the group id reserved until the group is killed.)
    siginfo_t info;
    std::memset(&info, 0, sizeof info);
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid) {
      break;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      outcome.timed_out = true;
      break;
    }
    const int slice = static_cast<int>(std::min<int64_t>(left.count(), kPollSliceMs));
    pollfd pfd{fds[0], POLLIN, 0};
    const int ready = poll(&pfd, pipe_open ? 1 : 0, slice);
    if (ready > 0 && pipe_open) pipe_open = DrainPipe(fds[0], &outcome.output_tail);
  }
  // Nothing of the converter outlives the call: the whole group goes, then the leader is reaped.
  kill(-pid, SIGKILL);
  while (waitpid(pid, &outcome.status, 0) < 0 && errno == EINTR) {
  }
  // The rest of the group: descendants re-parented to us (BecomeSubreaper) as their parents died.
  // A descendant's children are re-parented when it exits, before we reap it, so this loop ends
  // only when no member of the group is left as our child.
  for (;;) {
    int status = 0;
    if (waitpid(-pid, &status, 0) > 0) continue;
    if (errno == EINTR) continue;
    break;  // ECHILD
  }
  if (pipe_open) DrainPipe(fds[0], &outcome.output_tail);
  close(fds[0]);
  return outcome;
}

// The last lines of soffice's messages, on one line, for an error message.
std::string TailForMessage(const std::string& tail) {
  std::string s =
      tail.size() > kOutputTailBytes ? tail.substr(tail.size() - kOutputTailBytes) : tail;
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  const size_t first = s.find_first_not_of(' ');
  s = first == std::string::npos ? "" : s.substr(first);
  if (s.size() > 600) s = "…" + s.substr(s.size() - 600);
  return s.empty() ? "(no messages)" : s;
}

OfficeConversion Fail(OfficeError error, std::string message) {
  OfficeConversion result;
  result.error = error;
  result.message = std::move(message);
  return result;
}

}  // namespace

std::string_view OfficeErrorName(OfficeError error) {
  switch (error) {
    case OfficeError::kNone:
      return "none";
    case OfficeError::kNotInstalled:
      return "not_installed";
    case OfficeError::kTimeout:
      return "timeout";
    case OfficeError::kFailed:
      return "failed";
    case OfficeError::kSystem:
      return "system";
  }
  return "failed";
}

std::optional<std::string> FindSoffice(std::string_view configured) {
  const std::string name = configured.empty() ? "soffice" : std::string(configured);
  if (name.find('/') != std::string::npos) {
    if (!IsExecutableFile(name)) return std::nullopt;
    std::error_code ec;
    const fs::path absolute = fs::absolute(name, ec);
    return ec ? name : absolute.string();
  }
  const char* path_env = std::getenv("PATH");
  const std::string path = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    const std::string dir = path.substr(start, end - start);
    if (!dir.empty()) {
      const std::string candidate = (fs::path(dir) / name).string();
      if (IsExecutableFile(candidate)) return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

OfficeConversion ConvertToDocx(std::string_view bytes, const OfficeConvertOptions& options) {
  const std::optional<std::string> soffice = FindSoffice(options.soffice);
  if (!soffice) {
    return Fail(OfficeError::kNotInstalled,
                (options.soffice.empty() ? std::string("soffice (LibreOffice) not found on PATH")
                                         : "no executable " + options.soffice) +
                    "; install libreoffice-writer-nogui to convert DOC/WPS");
  }
  PrivateTempDir dir(options.temp_dir);
  if (!dir.ok()) return Fail(OfficeError::kSystem, ErrnoText("cannot create a temp dir"));
  const fs::path input = dir.path() / "in.doc";
  const fs::path out_dir = dir.path() / "out";
  std::error_code ec;
  if (!WriteFile(input, bytes) || !fs::create_directory(out_dir, ec)) {
    return Fail(OfficeError::kSystem, "cannot write the input to " + dir.path().string());
  }
  const std::vector<std::string> args = {*soffice,
                                         "--headless",
                                         "--norestore",
                                         "--nolockcheck",
                                         "-env:UserInstallation=" + FileUrl(dir.path() / "profile"),
                                         "--convert-to",
                                         "docx",
                                         "--outdir",
                                         out_dir.string(),
                                         input.string()};
  const ChildOutcome child = RunLimited(args, options);
  if (!child.system_error.empty()) {
    return Fail(OfficeError::kSystem, "cannot run " + *soffice + ": " + child.system_error);
  }
  if (child.timed_out) {
    return Fail(OfficeError::kTimeout, "soffice did not finish within the limit of " +
                                           std::to_string(options.time_limit.count()) +
                                           " ms; its process group was killed");
  }
  if (WIFSIGNALED(child.status)) {
    return Fail(OfficeError::kFailed, "soffice was killed by signal " +
                                          std::to_string(WTERMSIG(child.status)) + ": " +
                                          TailForMessage(child.output_tail));
  }
  if (!WIFEXITED(child.status) || WEXITSTATUS(child.status) != 0) {
    return Fail(OfficeError::kFailed, "soffice exited with status " +
                                          std::to_string(WEXITSTATUS(child.status)) + ": " +
                                          TailForMessage(child.output_tail));
  }
  bool too_large = false;
  std::optional<std::string> docx =
      ReadFileCapped(out_dir / "in.docx", options.max_output_bytes, &too_large);
  if (too_large) {
    return Fail(OfficeError::kFailed, "the DOCX soffice wrote is over the limit of " +
                                          std::to_string(options.max_output_bytes) + " bytes");
  }
  if (!docx) {
    return Fail(OfficeError::kFailed, "soffice wrote no DOCX (not a document it can read?): " +
                                          TailForMessage(child.output_tail));
  }
  OfficeConversion result;
  result.docx = std::move(*docx);
  return result;
}

}  // namespace xxgk::ingest
