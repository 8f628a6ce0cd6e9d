// `xxgk harvest` (harvest_command.cc): its registration and the exit code only it has. Kept out
// of command.h so that the other commands do not depend on it.
#pragma once

#include "crawler/cli/command.h"

namespace xxgk::cli {

// Another harvest holds the archive's lock (harvest::HarvestLock); nothing was done.
inline constexpr int kExitBusy = 3;

Command AddHarvestCommand(CLI::App& parent);

}  // namespace xxgk::cli
