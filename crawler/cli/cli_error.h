// The one error idiom of the xxgk command line: every line on standard error reads
//   xxgk: <command>: <what>: <why>
// (<what> the file, URL, option or document concerned; <why> the reason, with the system's own
// words — strerror, curl's error text — where there are some). main() names the command once;
// every command writes its lines through ErrorLine(). The exit codes are kExit* in command.h,
// tabled in docs/cli.md. Not thread-safe: call from the main thread.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace xxgk::cli {

// Sets <command> for the lines that follow ("" before a command is known: "xxgk: <what>…").
void SetCommandName(std::string_view name);

// Writes "xxgk: <command>: " to standard error and returns the stream for the rest of the line.
std::ostream& ErrorLine();

// strerror(errnum), for the <why> of a system call that failed.
std::string SystemReason(int errnum);

}  // namespace xxgk::cli
