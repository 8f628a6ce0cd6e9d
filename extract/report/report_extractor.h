// Report extractor: the text of one annual report in, its checked record out.
//
//   text → document identity (doc_id) → folded lines → sections → metadata → template
//        → tables 二 三 四 (labelled / positional reading, displaced-row recovery) → checks
//        → for text read by OCR (its header line, extract/text/ocr_text.h): text_source and
//          ocr_confidence, and the tables verified by their checks (ocr_verification.h)
//
// The extractor never invents a number: whatever it cannot read with certainty is null with a
// warning. It never throws on any valid UTF-8 input and runs in time linear in the input.
// Thread-safe: no shared mutable state; call it from as many threads as you like.
#pragma once

#include <string_view>

#include "extract/report/report_record.h"

namespace xxgk::extract {

// Version of the extraction rules; stored with every record so an archive can tell which records
// an upgrade must rewrite. Bump it whenever a change can alter any record.
// 2: column-true tables (issue 12); 3: OCR text (header, □ cells, verification; issue 15)
inline constexpr int kExtractorVersion = 3;

// REQUIRES: `text` is valid UTF-8 (see FindInvalidUtf8).
ReportRecord ExtractReport(std::string_view text);

}  // namespace xxgk::extract
