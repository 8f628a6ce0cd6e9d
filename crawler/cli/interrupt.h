// Ctrl-C for the long archive commands: InterruptWatch turns SIGINT and SIGTERM into a flag the
// command's loop polls, so it can stop between documents, remove its temporary files and still
// print its summary (instead of dying mid-write). The previous handlers come back when the watch
// ends. One watch at a time; the flag is async-signal-safe.
#pragma once

#include <csignal>

namespace xxgk::cli {

class InterruptWatch {
 public:
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  // True once SIGINT or SIGTERM arrived.
  bool interrupted() const;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

}  // namespace xxgk::cli
