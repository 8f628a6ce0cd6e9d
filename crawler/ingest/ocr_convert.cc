// OCR conversion in a limited child process. See ocr_convert.h.
//
// Why not office_convert's RunLimited: that one execs a program in its own process group and
// keeps only the tail of its output; this child runs a function of this process (no exec, no
// descendants of its own) and its whole output is the result.
#include "crawler/ingest/ocr_convert.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace xxgk::ingest {
namespace {

using Clock = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

constexpr size_t kMaxResultBytes = size_t{64} << 20;
constexpr std::chrono::milliseconds kKillGrace{1000};  // after the child's own deadline

std::string ErrnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

extract::OcrLimits LimitsOf(const OcrConvertOptions& options) {
  extract::OcrLimits limits;
  limits.tessdata = options.tessdata;
  limits.pdf_dpi = options.pdf_dpi;
  limits.min_digit_confidence = options.min_digit_confidence;
  limits.deadline = extract::DeadlineAfter(options.time_limit);
  return limits;
}

// The child's result on the pipe: "ok PAGES WORDS UNSURE CONFIDENCE\nTEXT" or
// "refused CODE\nMESSAGE".
std::string Serialize(const extract::OcrText& ocr) {
  if (!ocr.refusal_code.empty()) return "refused " + ocr.refusal_code + "\n" + ocr.refusal;
  char head[128];
  std::snprintf(head, sizeof head, "ok %zu %zu %zu %.3f\n", ocr.pages, ocr.words, ocr.unsure_digits,
                ocr.mean_confidence);
  return head + ocr.text;
}

bool Parse(const std::string& out, extract::OcrText* ocr) {
  const size_t eol = out.find('\n');
  if (eol == std::string::npos) return false;
  const std::string head = out.substr(0, eol);
  if (head.starts_with("refused ")) {
    ocr->refusal_code = head.substr(8);
    ocr->refusal = out.substr(eol + 1);
    return !ocr->refusal_code.empty();
  }
  double confidence = 0;
  if (std::sscanf(head.c_str(), "ok %zu %zu %zu %lf", &ocr->pages, &ocr->words, &ocr->unsure_digits,
                  &confidence) != 4) {
    return false;
  }
  ocr->mean_confidence = confidence;
  ocr->text = out.substr(eol + 1);
  return true;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

[[noreturn]] void RunChild(std::string_view bytes, OcrSource source, const OcrConvertOptions& options,
                           int out_fd) {
  const rlim_t cpu = static_cast<rlim_t>(std::max<uint64_t>(options.max_cpu_seconds, 1));
  const rlimit cpu_limit{cpu, cpu + 1};
  setrlimit(RLIMIT_CPU, &cpu_limit);
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (!kAddressSanitizer) {
    const rlimit as{options.max_memory_bytes, options.max_memory_bytes};
    setrlimit(RLIMIT_AS, &as);
  }
  const int devnull = open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
  }
  int status = 0;
  try {
    const extract::OcrLimits limits = LimitsOf(options);
    const extract::OcrText ocr = source == OcrSource::kImage ? extract::OcrImage(bytes, limits)
                                                             : extract::OcrPdf(bytes, limits);
    status = WriteAll(out_fd, Serialize(ocr)) ? 0 : 3;
  } catch (const std::bad_alloc&) {
    status = 4;  // over the memory limit
  } catch (...) {
    status = 5;
  }
  _exit(status);
}

std::string SignalText(int sig, const OcrConvertOptions& options) {
  if (sig == SIGXCPU) {
    return "over the CPU time limit of " + std::to_string(options.max_cpu_seconds) + " s";
  }
  const char* name = strsignal(sig);
  return std::string("killed by signal ") + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
}

OcrConversion Fail(OcrError error, std::string message) {
  OcrConversion result;
  result.error = error;
  result.message = std::move(message);
  return result;
}

}  // namespace

std::string_view OcrErrorName(OcrError error) {
  switch (error) {
    case OcrError::kNone: return "none";
    case OcrError::kUnavailable: return "unavailable";
    case OcrError::kTimeout: return "timeout";
    case OcrError::kFailed: return "failed";
    case OcrError::kSystem: return "system";
  }
  return "failed";
}

std::string OcrUnavailableReason(const OcrConvertOptions& options) {
  if (!options.enabled) return "OCR is turned off (--no-ocr)";
  extract::OcrLimits limits;
  limits.tessdata = options.tessdata;
  const std::string problem = extract::OcrDataProblem(limits);
  return problem.empty() ? "" : "OCR unavailable: " + problem;
}

OcrConversion OcrInChild(std::string_view bytes, OcrSource source, const OcrConvertOptions& options) {
  if (std::string reason = OcrUnavailableReason(options); !reason.empty()) {
    return Fail(OcrError::kUnavailable, std::move(reason));
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Fail(OcrError::kSystem, ErrnoText("pipe"));
  const auto budget = std::min<std::chrono::milliseconds>(options.time_limit, std::chrono::hours(24));
  const Clock::time_point kill_at = Clock::now() + budget + kKillGrace;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    RunChild(bytes, source, options, fds[1]);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return Fail(OcrError::kSystem, ErrnoText("fork"));
  }
  std::string out;
  bool timed_out = false, too_long = false;
  char buf[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // EOF: the child is done (or died)
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxResultBytes) {
      too_long = true;
      break;
    }
  }
  close(fds[0]);
  if (timed_out || too_long) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string limit = std::to_string(options.time_limit.count()) + " ms";
  if (timed_out) return Fail(OcrError::kTimeout, "OCR took longer than " + limit + "; killed");
  if (too_long) return Fail(OcrError::kFailed, "OCR produced more than 64 MiB of text");
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return Fail(sig == SIGXCPU ? OcrError::kTimeout : OcrError::kFailed, "OCR " + SignalText(sig, options));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return Fail(OcrError::kFailed,
                code == 4 ? "OCR ran out of memory (limit " +
                                std::to_string(options.max_memory_bytes >> 20) + " MiB)"
                          : "OCR child exited with status " + std::to_string(code));
  }
  OcrConversion result;
  if (!Parse(out, &result.text)) return Fail(OcrError::kFailed, "OCR child gave no readable result");
  const std::string& code = result.text.refusal_code;
  if (code.empty()) return result;
  if (code == "time_limit") {
    return Fail(OcrError::kTimeout, "OCR took longer than " + limit + ": " + result.text.refusal);
  }
  if (code == "ocr_unavailable") return Fail(OcrError::kUnavailable, "OCR unavailable: " + result.text.refusal);
  return Fail(OcrError::kFailed, code + ": " + result.text.refusal);
}

}  // namespace xxgk::ingest
