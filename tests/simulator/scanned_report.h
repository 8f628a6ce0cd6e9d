// Scanned report (tests only): one report of a simulated county published only as a scan, as
// portals publish a printed, stamped report they scanned — an image-only PDF (ocr_images.h: each
// page of the report's text PDF rendered at 150 dpi, one picture a page, no text layer) served at
// the URL of the text PDF it replaces, so only OCR reads it (SimulatorOptions::image_only_report).
// The report: the first of a department or town (in the ground truth's order) published as a PDF
// only; its copy's format becomes "scan".
// The text PDF is printed in WenQuanYi Zen Hei (fonts-wqy-zenhei, found by name through
// fontconfig): without that font installed poppler draws every CJK character as an empty box, and
// the scan holds only digits.
// Thread-compatible: edits the portal it is given.
#pragma once

#include "tests/simulator/county_plan.h"
#include "tests/simulator/portal_family.h"

namespace xxgk::simulator {

inline constexpr int kScanDpi = 150;
inline constexpr const char* kScanFont = "WenQuanYiZenHei";

// Replaces the text PDF of one report of `portal` (built from `plan`) with its scan. Returns the
// scanned report's page URL, or "" when the county has no PDF-only report of a department or
// town (nothing changed).
std::string PublishOneReportAsScan(const CountyPlan& plan, BuiltPortal* portal);

}  // namespace xxgk::simulator
