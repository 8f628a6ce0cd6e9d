// Reading an input file named on the command line ("-" is standard input) into memory,
// with an error message that names the file and the reason.
#pragma once

#include <optional>
#include <string>

namespace xxgk::cli {


// Returns the file's bytes, or nullopt with `*error` set ("cannot read: No such file or
// directory", "is a directory").
std::optional<std::string> ReadInputFile(const std::string& path, std::string* error);

}  // namespace xxgk::cli
