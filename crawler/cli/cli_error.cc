// The command line's error lines. See cli_error.h.
#include "crawler/cli/cli_error.h"

#include <cstring>
#include <iostream>

namespace xxgk::cli {
namespace {

std::string& CommandName() {
  static std::string name;
  return name;
}

}  // namespace

void SetCommandName(std::string_view name) { CommandName() = std::string(name); }

std::ostream& ErrorLine() {
  std::cerr << "xxgk: ";
  if (!CommandName().empty()) std::cerr << CommandName() << ": ";
  return std::cerr;
}

std::string SystemReason(int errnum) { return std::strerror(errnum); }

}  // namespace xxgk::cli
