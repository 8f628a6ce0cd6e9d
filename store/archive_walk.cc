// WalkArchive: tables read in child processes, damage skipped and reported. See archive_walk.h.
#include "store/archive_walk.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <algorithm>
#include <cstring>
#include <memory>

namespace xxgk::store {
namespace {

// Frames from the child: type, key length, value length, key, value.
enum Frame : char { kOpened = 'R', kEntry = 'E', kDone = 'D', kFailed = 'X', kOpenFailed = 'O' };
struct FrameHeader {
  char type;
  uint32_t key_bytes;
  uint32_t value_bytes;
} __attribute__((packed));

bool WriteAll(int fd, const FrameHeader& h, std::string_view a, std::string_view b) {
  iovec parts[3] = {{const_cast<FrameHeader*>(&h), sizeof h},
                    {const_cast<char*>(a.data()), a.size()},
                    {const_cast<char*>(b.data()), b.size()}};
  int first = 0;
  while (first < 3) {
    const ssize_t n = ::writev(fd, parts + first, 3 - first);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    size_t left = static_cast<size_t>(n);
    while (first < 3 && left >= parts[first].iov_len) left -= parts[first++].iov_len;
    if (first < 3) {
      parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + left;
      parts[first].iov_len -= left;
    }
  }
  return true;
}

bool WriteBytes(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Key frames of a walk without values are batched (one write per 64 KiB, not one per key: a
// walk of 100,000 documents sends about 500,000 keys), in a buffer of the child process that a
// fault or the parent's stop signal flushes before the process ends (write(2) is
// async-signal-safe): the parent still receives every key read before a crash or a hang.
// `ready` bytes are whole frames; the main path publishes them after copying, so a signal
// handler never sends half a frame. The stop signal is blocked while the main path writes.
constexpr size_t kBatchBytes = size_t{1} << 16;
char batch_bytes[kBatchBytes];
std::atomic<size_t> batch_ready{0};
int batch_fd = -1;
constexpr int kStopSignal = SIGUSR1;  // the parent's "you hang: send what you have and end"
static_assert(std::atomic<size_t>::is_always_lock_free);

void WriteBatchFromHandler() {
  const size_t ready = batch_ready.load(std::memory_order_acquire);
  for (size_t sent = 0; sent < ready;) {
    const ssize_t n = ::write(batch_fd, batch_bytes + sent, ready - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  batch_ready.store(0, std::memory_order_release);
}

// A fault: the batch sent, then the signal delivered again with its default action (SA_RESETHAND:
// the faulting instruction runs again, or abort() raises again), so the parent sees the child
// killed by it as before.
void OnFault(int sig) {
  WriteBatchFromHandler();
  ::raise(sig);  // for a signal sent rather than caused (SA_NODEFER: delivered at once)
}
void OnStop(int) {
  WriteBatchFromHandler();
  _exit(4);
}

void FlushBatch(int fd) {
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, kStopSignal);
  ::pthread_sigmask(SIG_BLOCK, &stop, &old);
  const size_t ready = batch_ready.load(std::memory_order_relaxed);
  const bool ok = ready == 0 || WriteBytes(fd, {batch_bytes, ready});
  batch_ready.store(0, std::memory_order_release);
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (!ok) _exit(3);
}

void Send(int fd, Frame type, std::string_view key, std::string_view value = {}) {
  FlushBatch(fd);  // frames stay in order
  const FrameHeader h{type, static_cast<uint32_t>(key.size()), static_cast<uint32_t>(value.size())};
  if (!WriteAll(fd, h, key, value)) _exit(3);
}

// A key frame (no value) into the batch. The batch is also sent when it is 100 ms old, so that
// a slow but healthy reader (large values, a loaded machine) is never silent for long.
void Batch(int fd, std::string_view key) {
  using Clock = std::chrono::steady_clock;
  static Clock::time_point sent = Clock::now();
  static unsigned keys = 0;
  const FrameHeader h{kEntry, static_cast<uint32_t>(key.size()), 0};
  if (batch_ready.load(std::memory_order_relaxed) + sizeof h + key.size() > kBatchBytes ||
      (++keys % 64 == 0 && Clock::now() - sent > std::chrono::milliseconds(100))) {
    FlushBatch(fd);
    sent = Clock::now();
  }
  const size_t at = batch_ready.load(std::memory_order_relaxed);
  std::memcpy(batch_bytes + at, &h, sizeof h);
  std::memcpy(batch_bytes + at + sizeof h, key.data(), key.size());
  batch_ready.store(at + sizeof h + key.size(), std::memory_order_release);
}

// The child: one table from `from`, every entry sent as it is read (with values: unbuffered;
// keys alone: batched, flushed on a fault or stop — either way what the parent receives was read
// before any crash).
[[noreturn]] void WalkInChild(const std::string& dir, Table table, const std::string& from,
                              bool with_values, int fd) {
  // A fault is reported to the parent as the signal that killed this process: no handler of
  // the parent's (a sanitizer's, a fuzzer's) runs here, only ours, which sends the batch and
  // restores the default action.
  batch_fd = fd;
  batch_ready.store(0);
  struct sigaction fault {};
  fault.sa_handler = OnFault;
  fault.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset(&fault.sa_mask);
  for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) ::sigaction(sig, &fault, nullptr);
  struct sigaction stop {};
  stop.sa_handler = OnStop;
  sigemptyset(&stop.sa_mask);
  ::sigaction(kStopSignal, &stop, nullptr);
  std::unique_ptr<ArchiveEnv> env;
  Status s = ArchiveEnv::Open(dir, ArchiveOptions{.create = false, .read_only = true}, &env);
  if (!s.ok()) {
    Send(fd, kOpenFailed, s.message());
    _exit(0);
  }
  Send(fd, kOpened, {});
  std::string previous;
  bool first = true;
  volatile unsigned char sink = 0;
  s = env->Read([&](const ReadTxn& txn) {
    Status order = Status::Ok();
    Status walk = txn.ForEachFrom(table, from, [&](std::string_view key, std::string_view value) {
      if ((!first && key <= previous) || key < from) {
        order = Status::Error("keys out of order after " + PrintableKey(previous));
        return false;
      }
      first = false;
      previous.assign(key);
      if (with_values) {
        Send(fd, kEntry, key, value);
      } else {
        unsigned char sum = 0;  // every byte read: a wild overflow page faults here, not later
        for (const char c : value) sum = static_cast<unsigned char>(sum + c);
        sink = static_cast<unsigned char>(sink + sum);
        Batch(fd, key);
      }
      return true;
    });
    return walk.ok() ? order : walk;
  });
  if (s.ok()) {
    Send(fd, kDone, {});
  } else {
    Send(fd, kFailed, s.message());
  }
  _exit(0);
}

struct ChildRun {
  uint64_t received = 0;
  std::string first_key, last_key;
  bool opened = false;  // the archive opened (the failure, if any, is in this table)
  bool done = false;
  std::string open_error;
  std::string why;  // why it stopped short (when !done and open_error empty)
};

std::string DescribeStatus(int status) {
  if (WIFSIGNALED(status)) {
    return "the reader was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  if (WIFEXITED(status)) return "the reader exited with status " + std::to_string(WEXITSTATUS(status));
  return "the reader stopped";
}

// Runs one child from `from`, passing what it reads to `visit`; with `peek` only the first entry
// is taken (not visited) and the child stopped: "can a walk start here?".
Status RunChild(const std::string& dir, Table table, const std::string& from,
                const WalkOptions& options,
                const std::function<Status(std::string_view, std::string_view)>& visit,
                ChildRun* run, bool peek = false) {
  const bool with_values = options.with_values && !peek;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::Error(std::string("pipe: ") + std::strerror(errno));
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::Error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    WalkInChild(dir, table, from, with_values, fds[1]);
  }
  ::close(fds[1]);
  std::string buffer;
  Status visit_status = Status::Ok();
  bool stalled = false, ended = false;
  char chunk[1 << 16];
  while (!ended) {
    pollfd p{fds[0], POLLIN, 0};
    // A stalled child is asked to send the keys it batched and end; it gets 2 s more for that.
    const int ready = ::poll(&p, 1, stalled ? std::min(options.stall_ms, 2000) : options.stall_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      if (stalled) break;
      stalled = true;
      ::kill(pid, kStopSignal);
      continue;
    }
    const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t at = 0;
    while (buffer.size() - at >= sizeof(FrameHeader)) {
      FrameHeader h;
      std::memcpy(&h, buffer.data() + at, sizeof h);
      const size_t whole = sizeof h + h.key_bytes + h.value_bytes;
      if (buffer.size() - at < whole) break;
      const std::string_view key(buffer.data() + at + sizeof h, h.key_bytes);
      const std::string_view value(buffer.data() + at + sizeof h + h.key_bytes, h.value_bytes);
      at += whole;
      if (h.type == kOpened) {
        run->opened = true;
      } else if (h.type == kEntry) {
        if (run->received > 0 && key <= run->last_key) {
          run->why = "keys out of order after " + PrintableKey(run->last_key);
          ended = true;
          break;
        }
        if (run->received++ == 0) run->first_key.assign(key);
        run->last_key.assign(key);
        if (peek) {
          ended = true;
          break;
        }
        visit_status = visit(key, value);
        if (!visit_status.ok()) {
          ended = true;
          break;
        }
      } else {
        if (h.type == kDone) run->done = true;
        if (h.type == kFailed) run->why.assign(key);
        if (h.type == kOpenFailed) run->open_error.assign(key);
        ended = true;
        break;
      }
    }
    buffer.erase(0, at);
  }
  ::close(fds[0]);
  if (stalled || ended) ::kill(pid, SIGKILL);  // a finished child exits by itself; harmless
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!visit_status.ok()) return visit_status;
  if (!run->done && run->why.empty() && run->open_error.empty()) {
    run->why = stalled ? "the reader made no progress for " + std::to_string(options.stall_ms / 1000) + " s (a loop in damaged pages?)"
                       : DescribeStatus(status);
  }
  return Status::Ok();
}

// Start keys past `key`, nearest first: past each of its prefixes, longest first, then every
// first byte above (several damaged pages in a row).
std::vector<std::string> SkipCandidates(const std::string& key) {
  std::vector<std::string> out;
  for (size_t length = key.size(); length > 1; --length) {
    std::string prefix = key.substr(0, length);
    if (static_cast<unsigned char>(prefix.back()) == 0xff) continue;
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    out.push_back(std::move(prefix));
  }
  const int first = key.empty() ? 0 : static_cast<unsigned char>(key[0]);
  for (int b = first + 1; b < 256; ++b) out.emplace_back(1, static_cast<char>(b));
  return out;
}


// Whether a walk can start at `start` (it reads an entry, or finds the table's end there).
Status CanStart(const std::string& dir, Table table, const std::string& start,
                const WalkOptions& options, WalkReport* report, bool* ok) {
  ChildRun probe;
  ++report->children;
  Status s = RunChild(dir, table, start, options,
                      [](std::string_view, std::string_view) { return Status::Ok(); }, &probe,
                      /*peek=*/true);
  *ok = probe.received > 0 || probe.done;
  return s;
}

// Byte strings of one length as big-endian numbers: the midpoint of a and b (a < b).
std::string Midpoint(const std::string& a, const std::string& b) {
  std::string sum(a.size() + 1, '\0');
  unsigned carry = 0;
  for (size_t i = a.size(); i-- > 0;) {
    const unsigned v = static_cast<unsigned char>(a[i]) + static_cast<unsigned char>(b[i]) + carry;
    sum[i + 1] = static_cast<char>(v & 0xff);
    carry = v >> 8;
  }
  sum[0] = static_cast<char>(carry);
  std::string half(a.size(), '\0');
  unsigned rest = static_cast<unsigned char>(sum[0]);
  for (size_t i = 0; i < a.size(); ++i) {
    const unsigned v = (rest << 8) | static_cast<unsigned char>(sum[i + 1]);
    half[i] = static_cast<char>(v >> 1);
    rest = v & 1;
  }
  return half;
}

// The nearest start after `failed` (which read nothing) from which a walk reads: first past the
// prefixes of `last` (the last key read), longest first, then bisected down between `failed` and
// that start, so that a damaged page costs only the keys it holds.
Status FindResume(const std::string& dir, Table table, const std::string& failed,
                  const std::string& last, const WalkOptions& options, WalkReport* report,
                  std::string* resume, bool* found) {
  *found = false;
  std::string good;
  for (const std::string& candidate : SkipCandidates(last)) {
    if (candidate <= failed) continue;
    bool ok = false;
    if (Status s = CanStart(dir, table, candidate, options, report, &ok); !s.ok()) return s;
    if (ok) {
      good = candidate;
      *found = true;
      break;
    }
  }
  if (!*found) return Status::Ok();
  const size_t width = std::max(failed.size(), good.size());
  std::string lo = failed + std::string(width - failed.size(), '\0');
  std::string hi = good + std::string(width - good.size(), '\0');
  for (size_t step = 0; step < 8 * width + 8; ++step) {
    const std::string mid = Midpoint(lo, hi);
    if (mid <= lo || mid >= hi) break;
    bool ok = false;
    if (Status s = CanStart(dir, table, mid, options, report, &ok); !s.ok()) return s;
    (ok ? hi : lo) = mid;
  }
  // Padded to one width, a key shorter than it (the key at the boundary itself) lies between lo
  // and hi: hi without its padding starts at it.
  std::string shorter = hi;
  while (!shorter.empty() && shorter.back() == '\0') shorter.pop_back();
  bool ok = false;
  if (shorter > lo && shorter < hi) {
    if (Status s = CanStart(dir, table, shorter, options, report, &ok); !s.ok()) return s;
  }
  *resume = ok ? shorter : hi;
  return Status::Ok();
}

}  // namespace

std::string PrintableKey(std::string_view key) {
  bool printable = !key.empty();
  for (const char c : key) printable = printable && c >= 0x21 && c <= 0x7e;
  if (printable) return std::string(key);
  static const char kHex[] = "0123456789abcdef";
  std::string out = "0x";
  for (const char c : key) {
    out += kHex[static_cast<unsigned char>(c) >> 4];
    out += kHex[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

std::string DescribeDamage(const DamagedRange& range) {
  return std::string("table ") + kTableNames[static_cast<size_t>(range.table)] +
         ": unreadable " +
         (range.after.empty() ? std::string("from its start") : "after key " + PrintableKey(range.after)) +
         (range.until.empty() ? std::string(" to its end") : " up to key " + PrintableKey(range.until)) +
         ": " + range.why;
}

Status WalkArchive(const std::string& dir, const WalkOptions& options,
                   const std::function<Status(Table, std::string_view, std::string_view)>& visit,
                   WalkReport* report) {
  *report = WalkReport{};
  for (size_t t = 0; t < kTableCount; ++t) {
    const Table table = static_cast<Table>(t);
    auto visit_table = [&](std::string_view key, std::string_view value) {
      ++report->entries[t];
      return visit(table, key, value);
    };
    std::string from;  // where the next child starts
    std::string last;  // the last key received in this table
    bool any = false;
    while (true) {
      ChildRun run;
      ++report->children;
      if (Status s = RunChild(dir, table, from, options, visit_table, &run); !s.ok()) return s;
      if (!run.open_error.empty() || !run.opened) {
        // Refused, or the child died or hung before the archive was open (its meta pages or
        // table list are damaged): nothing of it can be read.
        report->open_error = !run.open_error.empty()
                                 ? run.open_error
                                 : dir + ": cannot open the archive: " + run.why +
                                       " (data.mdb is damaged where its tables are listed)";
        return Status::Ok();
      }
      if (run.received > 0) {
        last = run.last_key;
        any = true;
      }
      if (run.done) break;
      if (run.received > 0) {  // read up to a point: resume just past it
        from = last + '\0';
        continue;
      }
      if (!options.skip_damage) {
        report->damaged.push_back({table, any ? last : std::string(), std::string(), run.why});
        break;
      }
      // Nothing readable from `from`: find the nearest start past it that reads, then walk on
      // from there; what lies between is the damaged range.
      std::string resume;
      bool found = false;
      if (Status f = FindResume(dir, table, from, any ? last : std::string(), options, report, &resume, &found);
          !f.ok()) {
        return f;
      }
      if (!found) {
        report->damaged.push_back({table, any ? last : std::string(), std::string(), run.why});
        break;
      }
      ChildRun next;
      ++report->children;
      if (Status r = RunChild(dir, table, resume, options, visit_table, &next); !r.ok()) return r;
      report->damaged.push_back({table, any ? last : std::string(), next.first_key, run.why});
      if (next.received > 0) {
        last = next.last_key;
        any = true;
      }
      if (next.done) break;
      from = (next.received > 0 ? last : resume) + '\0';
    }
  }
  return Status::Ok();
}

}  // namespace xxgk::store
