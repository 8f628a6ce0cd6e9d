// Office conversion: legacy binary Word documents (DOC, and Kingsoft WPS, which is the same OLE2
// format) → DOCX bytes, by running LibreOffice, the maintained reader of those formats:
//   soffice --headless --norestore -env:UserInstallation=file://TMP/profile
//           --convert-to docx --outdir TMP/out TMP/in.doc
// extract/ stays a pure library (no processes); this is the one place xxgk runs a program.
//
// Isolation and limits, per conversion (LibreOffice parses hostile files; a hang or a runaway
// must never stall or sink the caller):
//   - a fresh private temp dir (mkdtemp, mode 0700) holds the input, the output and a profile of
//     its own, so parallel conversions never share a profile or its single-instance pipe; the
//     dir is removed whatever happens;
//   - the child runs in its own process group with stdin from /dev/null, stdout and stderr in a
//     pipe (only the last few KiB are kept, for the error message), every other descriptor
//     closed, RLIMIT_AS (address space) and RLIMIT_FSIZE (largest file written) set;
//   - a wall-clock limit: on expiry the whole process group gets SIGKILL and is reaped; after a
//     normal exit the group is killed too (nothing LibreOffice started outlives the call). The
//     process makes itself the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER, once),
//     so the group's grandchildren are reaped here too, not left as zombies for PID 1;
//   - the DOCX read back is capped at `max_output_bytes`.
// The child is started with fork + execv; between them only async-signal-safe calls (setpgid,
// setrlimit, dup2, close_range, sigprocmask, execv, _exit), everything allocated before fork.
//
// Errors: kNotInstalled (no soffice on PATH or at the configured path: the caller falls back to
// "unsupported format" and keeps the payload), kTimeout, kFailed (exit status or signal, no or
// oversized output, with the tail of soffice's messages), kSystem (temp dir, pipe or fork failed).
// Thread-safe: every call has its own temp dir, pipe and child; no shared state. The caller must
// not reap children with waitpid(-1, …) on another thread meanwhile.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xxgk::ingest {

struct OfficeConvertOptions {
  bool enabled = true;  // false: DOC/WPS stay "unsupported format" (CLI --no-office)
  std::string soffice;  // the program; empty: "soffice" looked up on PATH
  std::chrono::milliseconds time_limit{60000};    // wall clock, per document
  uint64_t max_memory_bytes = uint64_t{2} << 30;  // RLIMIT_AS of the converter
  uint64_t max_file_bytes = uint64_t{256} << 20;  // RLIMIT_FSIZE: largest file it may write
  size_t max_output_bytes = size_t{64} << 20;     // the DOCX read back
  std::string temp_dir;  // where the private dir is made; empty: $TMPDIR, else /tmp
};

enum class OfficeError : uint8_t { kNone, kNotInstalled, kTimeout, kFailed, kSystem };

// "none", "not_installed", "timeout", "failed", "system".
std::string_view OfficeErrorName(OfficeError error);

struct OfficeConversion {
  OfficeError error = OfficeError::kNone;
  std::string message;  // the error, for people (kNone: empty)
  std::string docx;     // kNone: the DOCX bytes
  bool ok() const { return error == OfficeError::kNone; }
};

// The absolute path of the program `configured` names, or of "soffice" on PATH when it is empty;
// nullopt when there is no such executable file.
std::optional<std::string> FindSoffice(std::string_view configured);

// Converts a DOC/WPS payload to DOCX with LibreOffice under `options`' limits.
// REQUIRES: options.enabled (the caller decides whether to convert at all).
OfficeConversion ConvertToDocx(std::string_view bytes, const OfficeConvertOptions& options = {});

}  // namespace xxgk::ingest
