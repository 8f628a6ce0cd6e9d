// The invariants every bytes → text fuzz target checks on a ToText result (traps when one breaks):
//   - a refusal carries a code and a reason and no text; an unsupported result has no text and an
//     `unsupported_format` warning;
//   - produced text is valid UTF-8, normalised (NormalizeDocumentText is the identity on it: no CR,
//     no trailing space or tab on any line) and holds no NUL.
#pragma once

#include <string>

#include "extract/text/doc_identity.h"
#include "extract/text/document_text.h"

namespace xxgk::fuzzing {

inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

inline void CheckDocumentText(const extract::DocumentText& d) {
  using extract::TextOutcome;
  if (d.outcome == TextOutcome::kRefused) {
    Check(!d.refusal_code.empty() && !d.refusal.empty() && d.text.empty());
    return;
  }
  if (d.outcome == TextOutcome::kUnsupported) {
    Check(d.text.empty() && d.HasWarning("unsupported_format"));
    return;
  }
  Check(!extract::FindInvalidUtf8(d.text).has_value());
  Check(d.text.find('\r') == std::string::npos);
  Check(d.text.find('\0') == std::string::npos);
  Check(extract::NormalizeDocumentText(d.text) == d.text);
}

}  // namespace xxgk::fuzzing
