// Isolated conversion: the request and answer encoding, the parent (spawn, wait, kill, decode)
// and the child (limit itself, convert, encode). See isolated_convert.h.
#include "crawler/ingest/isolated_convert.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

extern char** environ;

namespace xxgk::ingest {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kRequestMagic = "xxgk-convert-request-2\n";
constexpr std::string_view kAnswerMagic = "xxgk-convert-answer-1\n";
constexpr std::string_view kOcrAnswerMagic = "xxgk-ocr-answer-1\n";
constexpr size_t kMaxOcrAnswerBytes = size_t{64} << 20;

// What the child is asked to do (the request's first number).
constexpr uint64_t kToText = 0;
constexpr uint64_t kOcrImage = 1;
constexpr uint64_t kOcrPdf = 2;
constexpr size_t kErrorTailBytes = 600;

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

// ---- encoding: fixed-width little-endian numbers and length-prefixed strings ------------------

class Writer {
 public:
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  void Raw(std::string_view s) { out_.append(s); }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Raw(std::string_view expected) {
    if (in_.substr(0, expected.size()) != expected) return Fail();
    in_.remove_prefix(expected.size());
    return true;
  }
  bool U64(uint64_t* v) {
    if (in_.size() < 8) return Fail();
    *v = 0;
    for (int i = 0; i < 8; ++i) *v |= uint64_t{static_cast<unsigned char>(in_[i])} << (8 * i);
    in_.remove_prefix(8);
    return true;
  }
  bool Str(std::string_view* s) {
    uint64_t n = 0;
    if (!U64(&n) || n > in_.size()) return Fail();
    *s = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool Str(std::string* s) {
    std::string_view v;
    if (!Str(&v)) return false;
    s->assign(v);
    return true;
  }
  bool ok() const { return ok_; }

 private:
  bool Fail() {
    ok_ = false;
    return false;
  }
  std::string_view in_;
  bool ok_ = true;
};

// The limits that reach the child: the general ones and the PDF reader's.
void WriteLimits(Writer* w, const extract::DocumentLimits& limits) {
  w->U64(limits.max_input_bytes);
  w->U64(static_cast<uint64_t>(limits.max_time.count()));
  w->U64(limits.max_memory_bytes);
  w->U64(limits.pdf.max_pages);
  w->U64(limits.pdf.max_text_bytes);
  uint64_t gap = 0;
  static_assert(sizeof gap == sizeof limits.pdf.column_gap);
  std::memcpy(&gap, &limits.pdf.column_gap, sizeof gap);
  w->U64(gap);
}

bool ReadLimits(Reader* r, extract::DocumentLimits* limits) {
  uint64_t input = 0, time = 0, memory = 0, pages = 0, text = 0, gap = 0;
  if (!r->U64(&input) || !r->U64(&time) || !r->U64(&memory) || !r->U64(&pages) ||
      !r->U64(&text) || !r->U64(&gap)) {
    return false;
  }
  limits->max_input_bytes = input;
  limits->max_time = std::chrono::milliseconds(static_cast<int64_t>(time));
  limits->max_memory_bytes = memory;
  limits->pdf.max_pages = pages;
  limits->pdf.max_text_bytes = text;
  std::memcpy(&limits->pdf.column_gap, &gap, sizeof gap);
  return true;
}

std::string EncodeAnswer(const extract::DocumentText& d) {
  Writer w;
  w.Raw(kAnswerMagic);
  w.U64(static_cast<uint64_t>(d.outcome));
  w.Str(d.refusal_code);
  w.Str(d.refusal);
  w.Str(d.text);
  w.U64(static_cast<uint64_t>(d.format));
  w.U64(static_cast<uint64_t>(d.format_evidence));
  w.Str(d.charset);
  w.U64(static_cast<uint64_t>(d.charset_source));
  w.U64(d.invalid_sequences);
  w.Str(d.html_body);
  w.U64(d.warnings.size());
  for (const extract::DocumentWarning& warning : d.warnings) {
    w.Str(warning.code);
    w.Str(warning.detail);
  }
  w.U64(d.title.has_value());
  w.Str(d.title.value_or(""));
  w.U64(d.published.has_value());
  w.Str(d.published.value_or(""));
  return std::move(w.out());
}

std::optional<extract::DocumentText> DecodeAnswer(std::string_view bytes) {
  Reader r(bytes);
  extract::DocumentText d;
  uint64_t outcome = 0, format = 0, evidence = 0, source = 0, warnings = 0, has_title = 0,
           has_published = 0;
  std::string title, published;
  uint64_t invalid = 0;
  if (!(r.Raw(kAnswerMagic) && r.U64(&outcome) && r.Str(&d.refusal_code) && r.Str(&d.refusal) &&
        r.Str(&d.text) && r.U64(&format) && r.U64(&evidence) && r.Str(&d.charset) &&
        r.U64(&source) && r.U64(&invalid) && r.Str(&d.html_body) && r.U64(&warnings)) ||
      outcome > 2 || warnings > bytes.size()) {
    return std::nullopt;
  }
  d.invalid_sequences = static_cast<size_t>(invalid);
  for (uint64_t i = 0; i < warnings; ++i) {
    extract::DocumentWarning warning;
    if (!(r.Str(&warning.code) && r.Str(&warning.detail))) return std::nullopt;
    d.warnings.push_back(std::move(warning));
  }
  if (!(r.U64(&has_title) && r.Str(&title) && r.U64(&has_published) && r.Str(&published))) {
    return std::nullopt;
  }
  d.outcome = static_cast<extract::TextOutcome>(outcome);
  d.format = static_cast<extract::DocumentFormat>(format);
  d.format_evidence = static_cast<extract::FormatEvidence>(evidence);
  d.charset_source = static_cast<extract::CharsetSource>(source);
  if (has_title != 0) d.title = std::move(title);
  if (has_published != 0) d.published = std::move(published);
  return d;
}

void WriteOcrOptions(Writer* w, const OcrOptions& ocr) {
  w->Str(ocr.tessdata);
  w->U64(static_cast<uint64_t>(ocr.time_limit.count()));
  w->U64(static_cast<uint64_t>(ocr.pdf_dpi));
  w->U64(static_cast<uint64_t>(ocr.min_digit_confidence));
}

bool ReadOcrOptions(Reader* r, OcrOptions* ocr) {
  uint64_t time = 0, dpi = 0, confidence = 0;
  if (!(r->Str(&ocr->tessdata) && r->U64(&time) && r->U64(&dpi) && r->U64(&confidence)) ||
      dpi > 2400 || confidence > 100) {
    return false;
  }
  ocr->time_limit = std::chrono::milliseconds(static_cast<int64_t>(time));
  ocr->pdf_dpi = static_cast<int>(dpi);
  ocr->min_digit_confidence = static_cast<int>(confidence);
  return true;
}

std::string EncodeOcrAnswer(const extract::OcrText& t) {
  Writer w;
  w.Raw(kOcrAnswerMagic);
  w.Str(t.refusal_code);
  w.Str(t.refusal);
  w.Str(t.text);
  w.U64(t.pages);
  w.U64(t.words);
  w.U64(t.unsure_digits);
  uint64_t confidence = 0;
  static_assert(sizeof confidence == sizeof t.mean_confidence);
  std::memcpy(&confidence, &t.mean_confidence, sizeof confidence);
  w.U64(confidence);
  return std::move(w.out());
}

std::optional<extract::OcrText> DecodeOcrAnswer(std::string_view bytes) {
  Reader r(bytes);
  extract::OcrText t;
  uint64_t pages = 0, words = 0, unsure = 0, confidence = 0;
  if (!(r.Raw(kOcrAnswerMagic) && r.Str(&t.refusal_code) && r.Str(&t.refusal) && r.Str(&t.text) &&
        r.U64(&pages) && r.U64(&words) && r.U64(&unsure) && r.U64(&confidence))) {
    return std::nullopt;
  }
  t.pages = static_cast<size_t>(pages);
  t.words = static_cast<size_t>(words);
  t.unsure_digits = static_cast<size_t>(unsure);
  std::memcpy(&t.mean_confidence, &confidence, sizeof confidence);
  return t;
}

// The OCR itself, in whichever process runs it.
extract::OcrText RunOcr(std::string_view bytes, OcrSource source, const OcrOptions& ocr) {
  extract::OcrLimits limits;
  limits.tessdata = ocr.tessdata;
  limits.pdf_dpi = ocr.pdf_dpi;
  limits.min_digit_confidence = ocr.min_digit_confidence;
  limits.deadline = extract::DeadlineAfter(ocr.time_limit);
  try {
    return source == OcrSource::kImage ? extract::OcrImage(bytes, limits)
                                       : extract::OcrPdf(bytes, limits);
  } catch (const std::bad_alloc&) {
    extract::OcrText refused;
    refused.refusal_code = "ocr_too_large";
    refused.refusal = "OCR ran out of memory";
    return refused;
  }
}

// ---- memory files --------------------------------------------------------------------------

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The whole content of `fd` from offset 0, at most `max_bytes` (nullopt when larger or unreadable).
std::optional<std::string> ReadAllFrom(int fd, size_t max_bytes) {
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < 0 || static_cast<uint64_t>(st.st_size) > max_bytes) {
    return std::nullopt;
  }
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    done += static_cast<size_t>(n);
  }
  return bytes;
}

std::string Tail(int fd) {
  std::string all = ReadAllFrom(fd, size_t{16} << 20).value_or("");
  if (all.size() > kErrorTailBytes) all = "…" + all.substr(all.size() - kErrorTailBytes);
  for (char& c : all) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!all.empty() && all.back() == ' ') all.pop_back();
  return all.empty() ? "(no messages)" : all;
}

extract::DocumentText Refused(extract::DocumentFormat format, std::string code,
                              std::string reason) {
  extract::DocumentText d;
  d.outcome = extract::TextOutcome::kRefused;
  d.format = format;
  d.format_evidence = extract::FormatEvidence::kContent;
  d.refusal_code = std::move(code);
  d.refusal = std::move(reason);
  return d;
}

// Waits for `pid` until `deadline`; true when it exited (not reaped).
bool WaitUntil(pid_t pid, Clock::time_point deadline) {
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  for (;;) {
    siginfo_t info;
    std::memset(&info, 0, sizeof info);
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid) {
      if (pidfd >= 0) close(pidfd);
      return true;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    const int slice = static_cast<int>(std::min<int64_t>(left.count(), pidfd >= 0 ? 1000 : 5));
    if (pidfd >= 0) {
      pollfd pfd{pidfd, POLLIN, 0};
      poll(&pfd, 1, slice);
    } else {
      usleep(static_cast<useconds_t>(slice) * 1000);
    }
  }
  if (pidfd >= 0) close(pidfd);
  return false;
}

// The child's outcome: `code` empty and `answer` its output, or a refusal code and message.
struct ChildRun {
  std::string code;
  std::string message;
  std::string answer;
};

// Runs `options.program --convert-child` on `*request` (emptied), kills it `grace` after
// `time_limit`, and reads an answer of at most `max_answer` bytes.
ChildRun RunConverter(std::string* request, std::chrono::milliseconds time_limit,
                      size_t max_answer, const IsolationOptions& options) {
  ChildRun run;
  const Fd in(memfd_create("xxgk-convert-in", MFD_CLOEXEC));
  const Fd out(memfd_create("xxgk-convert-out", MFD_CLOEXEC));
  const Fd err(memfd_create("xxgk-convert-err", MFD_CLOEXEC));
  if (in.get() < 0 || out.get() < 0 || err.get() < 0 || !WriteAll(in.get(), *request) ||
      lseek(in.get(), 0, SEEK_SET) != 0) {
    run.code = "conversion_failed";
    run.message = std::string("cannot prepare the converter's input: ") + std::strerror(errno);
    return run;
  }
  request->clear();
  request->shrink_to_fit();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.get(), STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  std::string program = options.program;
  std::string flag = "--convert-child";
  char* argv[] = {program.data(), flag.data(), nullptr};
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) {
    run.code = "conversion_failed";
    run.message = "cannot run the converter " + program + ": " + std::strerror(spawned);
    return run;
  }
  const auto budget =
      std::min<std::chrono::milliseconds>(time_limit, std::chrono::hours(24)) + options.grace;
  const bool exited = WaitUntil(pid, Clock::now() + budget);
  kill(-pid, SIGKILL);  // the group: nothing the converter started outlives the call
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!exited) {
    run.code = "conversion_timeout";
    run.message = "the conversion did not end within the limit of " +
                  std::to_string(time_limit.count()) + " ms (+" +
                  std::to_string(options.grace.count()) + " ms); the converter process was killed";
  } else if (WIFSIGNALED(status)) {
    run.code = "conversion_failed";
    run.message = "the converter process died of signal " + std::to_string(WTERMSIG(status)) +
                  " (a crash or a memory limit in the reader): " + Tail(err.get());
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    run.code = "conversion_failed";
    run.message = "the converter process exited with status " +
                  std::to_string(WEXITSTATUS(status)) + ": " + Tail(err.get());
  } else if (std::optional<std::string> answer = ReadAllFrom(out.get(), max_answer)) {
    run.answer = std::move(*answer);
  } else {
    run.code = "conversion_failed";
    run.message = "the converter's answer is unreadable";
  }
  return run;
}

}  // namespace

std::string ThisExecutable() {
  std::vector<char> buffer(4096);
  const ssize_t n = readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
  if (n <= 0) return "";
  return std::string(buffer.data(), static_cast<size_t>(n));
}

bool IsIsolated(extract::DocumentFormat format) { return format == extract::DocumentFormat::kPdf; }

extract::DocumentText ToTextIsolated(std::string_view bytes, const extract::DocumentHints& hints,
                                     const extract::DocumentLimits& limits,
                                     const IsolationOptions& options) {
  const extract::DocumentFormat format = extract::DocumentFormat::kPdf;
  if (bytes.size() > limits.max_input_bytes) return extract::ToText(bytes, hints, limits);
  Writer request;
  request.Raw(kRequestMagic);
  request.U64(kToText);
  WriteLimits(&request, limits);
  request.Str(hints.content_type);
  request.Str(hints.file_name);
  request.Str(bytes);
  ChildRun run = RunConverter(&request.out(), limits.max_time,
                              2 * limits.max_input_bytes + limits.pdf.max_text_bytes + (1 << 20),
                              options);
  if (!run.code.empty()) return Refused(format, std::move(run.code), std::move(run.message));
  std::optional<extract::DocumentText> doc = DecodeAnswer(run.answer);
  if (!doc) return Refused(format, "conversion_failed", "the converter's answer is unreadable");
  return std::move(*doc);
}

extract::OcrText OcrIsolated(std::string_view bytes, OcrSource source, const OcrOptions& ocr,
                             const extract::DocumentLimits& limits,
                             const IsolationOptions& options) {
  if (options.program.empty()) return RunOcr(bytes, source, ocr);
  Writer request;
  request.Raw(kRequestMagic);
  request.U64(source == OcrSource::kImage ? kOcrImage : kOcrPdf);
  WriteLimits(&request, limits);
  WriteOcrOptions(&request, ocr);
  request.Str(bytes);
  ChildRun run = RunConverter(&request.out(), ocr.time_limit, kMaxOcrAnswerBytes, options);
  extract::OcrText text;
  if (run.code.empty()) {
    if (std::optional<extract::OcrText> decoded = DecodeOcrAnswer(run.answer)) return *decoded;
    run.code = "conversion_failed";
    run.message = "the converter's answer is unreadable";
  }
  text.refusal_code = std::move(run.code);
  text.refusal = std::move(run.message);
  return text;
}

int ServeIsolatedConversion() {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // the caller dies: so does the conversion
  const std::optional<std::string> request = ReadAllFrom(STDIN_FILENO, size_t{1} << 31);
  if (!request) {
    std::fputs("xxgk --convert-child: cannot read the request on stdin (a memory file)\n", stderr);
    return 2;
  }
  Reader r(*request);
  uint64_t kind = 0;
  extract::DocumentLimits limits;
  OcrOptions ocr;
  std::string_view content_type, file_name, bytes;
  bool ok = r.Raw(kRequestMagic) && r.U64(&kind) && ReadLimits(&r, &limits);
  if (ok && kind == kToText) {
    ok = r.Str(&content_type) && r.Str(&file_name) && r.Str(&bytes);
  } else if (ok && (kind == kOcrImage || kind == kOcrPdf)) {
    ok = ReadOcrOptions(&r, &ocr) && r.Str(&bytes);
  } else {
    ok = false;
  }
  if (!ok) {
    std::fputs("xxgk --convert-child: malformed request (this is xxgk's internal converter)\n",
               stderr);
    return 2;
  }
  if (!kAddressSanitizer && limits.max_memory_bytes > 0) {
    const rlim_t cap = static_cast<rlim_t>(limits.max_memory_bytes + kIsolationBaseBytes +
                                           request->size());
    const rlimit as{cap, cap};
    setrlimit(RLIMIT_AS, &as);
  }
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  // The answer's memory file is kept aside; whatever a library prints on stdout goes to stderr.
  const int answer_fd = dup(STDOUT_FILENO);
  if (answer_fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::fputs("xxgk --convert-child: cannot set up its output\n", stderr);
    return 2;
  }
  const std::string answer =
      kind == kToText
          ? EncodeAnswer(
                extract::ToText(bytes, extract::DocumentHints{content_type, file_name}, limits))
          : EncodeOcrAnswer(
                RunOcr(bytes, kind == kOcrImage ? OcrSource::kImage : OcrSource::kPdf, ocr));
  std::fflush(stdout);
  if (!WriteAll(answer_fd, answer)) {
    std::fputs("xxgk --convert-child: cannot write the answer\n", stderr);
    return 2;
  }
  return 0;
}

}  // namespace xxgk::ingest
