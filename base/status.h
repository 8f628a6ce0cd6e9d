// Status: the result of an operation, success or an error message for people (LevelDB style).
// Errors are values at every library boundary (store, crawler, ingest); callers decide what to do.
// Cheap to copy.
#pragma once

#include <string>
#include <utility>

namespace xxgk {

class Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return message_.empty(); }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  explicit Status(std::string message) : message_(std::move(message)) {
    if (message_.empty()) message_ = "unknown error";
  }
  std::string message_;
};

}  // namespace xxgk
