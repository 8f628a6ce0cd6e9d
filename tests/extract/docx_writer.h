// DOCX writer (tests and fuzz targets only): a minimal Word 2007+ file in memory — an in-memory
// zip (libzip) holding [Content_Types].xml and word/document.xml — so DOCX tests can state the
// document XML they mean, and the DOCX fuzz target can put its input where the XML walker reads it.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xxgk::testing {

// The modification time every entry of MakeZip's zips carries (2020-01-01 00:00:00 UTC), so the
// same files always make the same bytes: the portal simulator's ETags hash its bodies, and a zip
// stamped with the time it was made would look changed to every conditional request.
inline constexpr long kZipEntryTime = 1577836800;

// An in-memory zip of `files` (name, content), each compressed with deflate at `level`
// (0: stored), each entry stamped kZipEntryTime. Aborts on a libzip failure (a broken test
// set-up, not a finding).
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& files, int level = 6);

// word/document.xml with `body` (w:p, w:tbl, …) inside w:body, in the main Word namespace.
std::string DocumentXml(std::string_view body);

// A DOCX whose word/document.xml is `document_xml` as given.
std::string DocxFromDocumentXml(std::string document_xml, int level = 6);

// A DOCX whose body is `body`: DocxFromDocumentXml(DocumentXml(body)).
std::string Docx(std::string_view body);

// A w:p holding `text` in one run (escaped), and a w:tc holding such a paragraph, with extra
// cell properties `props` (w:gridSpan, w:vMerge) in its w:tcPr.
std::string DocxParagraph(std::string_view text);
std::string DocxCell(std::string_view text, std::string_view props = "");

// A report text as a DOCX body: runs of lines holding tabs become a w:tbl (one w:tc per
// tab-separated cell); other lines become paragraphs. With `merge`, a row's empty tail becomes
// the gridSpan of its last filled cell and empty first-column cells below a filled one become
// vMerge continuations (as Word writes them).
std::string ReportTextToDocxBody(std::string_view text, bool merge);

}  // namespace xxgk::testing
