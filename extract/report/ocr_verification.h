// OCR verification: what the 勾稽 checks (report_checks.h) say about numbers read by OCR.
//
// A number in a report's own text is what the report states; a number read by OCR is what
// Tesseract believes the image shows, and a wrong digit is as bad as an invented one. Tesseract's
// confidence catches most misreadings (those digits are written □ and their cells are null with
// `cell_illegible`), but not all. The tables' arithmetic catches the rest where it applies:
// one misread cell makes every check it is an operand of fail, while each other operand of those
// checks is also an operand of some check that passes (its row's row_total, its column's balance
// and total_vs_results). So, for a record whose text came from OCR:
//   - a cell that is an operand of a failing check and of no passing check is null, with an
//     `ocr_unverified` warning naming the cells and the failed rules; then the checks are run
//     again (the failed ones are now skipped, a null operand skips a rule);
//   - a value that no passing check confirms (all of table 二, which has no check; cells whose
//     checks are skipped for a null operand) is null too, with one `ocr_unverified` warning per
//     table saying how many and naming them: such a value has passed only Tesseract's confidence
//     test, and measured on rendered reports (tests/extract/text/ocr_roundtrip_test.cc) that test
//     let confident misreadings through ("26" read "32" in a row whose blank cell skipped its
//     row_total). Then the checks are run again.
// A passing check whose operands are all 0 confirms nothing: it holds as well for a neighbouring
// row of zeros read in its row's place (two printed rows OCRed into one line, measured at 110 dpi),
// so only a check with some non-zero operand vouches for its cells.
// A report whose own arithmetic is wrong loses the cells of its failing checks too: from an image
// one cannot tell a typist's error from a misreading.
// Thread-safe: pure function of the record.
#pragma once

#include "extract/report/report_record.h"

namespace xxgk::extract {

// REQUIRES: record->checks == RunChecks(*record).
void VerifyOcrTables(ReportRecord* record);

}  // namespace xxgk::extract
