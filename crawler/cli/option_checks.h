// Checks for option values that say what is wanted in words people read, instead of CLI11's
// range messages (which print the limits of a double: "not in range 0.000000 to 1797693…").
//   AtLeast(0)   a number ≥ 0          ("--delay: must be a number of at least 0, not '-1'")
//   Above(0)     a number > 0
//   Between(a,b) an integer from a to b
//   ByteSize()   a size in bytes with an optional suffix (1024, 64K, 1M, 2G; K = 1024 bytes,
//                KB too; case-insensitive), turned into the number of bytes; Between then bounds it.
// Thread-safe: the validators hold no state.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

namespace xxgk::cli {

CLI::Validator AtLeast(double min);
CLI::Validator Above(double min);
CLI::Validator Between(int64_t min, int64_t max);
CLI::Validator ByteSize();

}  // namespace xxgk::cli
