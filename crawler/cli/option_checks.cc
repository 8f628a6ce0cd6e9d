// Option checks with messages for people. See option_checks.h.
#include "crawler/cli/option_checks.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>
#include <string>

namespace xxgk::cli {
namespace {

std::string Number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

bool ParseDouble(const std::string& s, double* out) {
  try {
    size_t used = 0;
    *out = std::stod(s, &used);
    return used == s.size() && std::isfinite(*out);
  } catch (...) {
    return false;
  }
}

bool ParseInteger(const std::string& s, int64_t* out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

CLI::Validator AtLeast(double min) {
  return CLI::Validator(
      [min](std::string& value) -> std::string {
        double v = 0;
        if (ParseDouble(value, &v) && v >= min) return "";
        return "must be a number of at least " + Number(min) + ", not '" + value + "'";
      },
      "NUMBER >= " + Number(min));
}

CLI::Validator Above(double min) {
  return CLI::Validator(
      [min](std::string& value) -> std::string {
        double v = 0;
        if (ParseDouble(value, &v) && v > min) return "";
        return "must be a number greater than " + Number(min) + ", not '" + value + "'";
      },
      "NUMBER > " + Number(min));
}

CLI::Validator Between(int64_t min, int64_t max) {
  return CLI::Validator(
      [min, max](std::string& value) -> std::string {
        int64_t v = 0;
        if (ParseInteger(value, &v) && v >= min && v <= max) return "";
        return "must be a whole number from " + std::to_string(min) + " to " +
               std::to_string(max) + ", not '" + value + "'";
      },
      "INTEGER in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
}

CLI::Validator ByteSize() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        size_t digits = 0;
        while (digits < value.size() && std::isdigit(static_cast<unsigned char>(value[digits])))
          ++digits;
        std::string suffix;
        for (char c : value.substr(digits)) suffix += static_cast<char>(std::toupper(c));
        int shift = -1;
        if (suffix.empty() || suffix == "B") shift = 0;
        if (suffix == "K" || suffix == "KB" || suffix == "KIB") shift = 10;
        if (suffix == "M" || suffix == "MB" || suffix == "MIB") shift = 20;
        if (suffix == "G" || suffix == "GB" || suffix == "GIB") shift = 30;
        uint64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + digits, n);
        if (digits == 0 || ec != std::errc() || shift < 0 || (n >> (63 - shift)) != 0) {
          return "must be a size in bytes, a whole number with an optional K, M or G suffix "
                 "(1024 bytes each step), not '" + value + "'";
        }
        value = std::to_string(n << shift);
        return "";
      },
      "BYTES[K|M|G]");
}

}  // namespace xxgk::cli
