// Format sniffing: what kind of document a payload is, decided by its content first.
//
//   1. magic bytes: PDF (%PDF- in the first 1 KiB), zip (PK\3\4: DOCX when the archive holds
//      word/document.xml, OFD when it holds OFD.xml, else another zip), OLE2 compound file
//      (D0 CF 11 E0 A1 B1 1A E1: legacy Word/WPS), RTF, images (PNG, JPEG, GIF);
//   2. a leading-markup sniff for HTML (the WHATWG MIME-sniffing tag list, after a BOM and
//      white space; an XML declaration followed by <html> counts too);
//   3. text-like bytes (no control bytes other than white space; UTF-8, GB18030 and UTF-16 with a
//      BOM all qualify) are text, unless the declared Content-Type or else the file extension says
//      HTML;
//   4. bytes that are neither: the declared Content-Type, then the extension, may name a binary
//      format (a damaged PDF is still a PDF to try); otherwise the format is unknown.
// The hints never override decisive content: a file named report.pdf that holds HTML is HTML,
// and text named report.pdf is text (a PDF must start with %PDF-).
//
// Thread-safe: pure functions (libzip is used on a private in-memory source).
#pragma once

#include <cstdint>
#include <string_view>

namespace xxgk::extract {

enum class DocumentFormat : uint8_t {
  kUnknown,  // binary bytes of no known kind
  kText,     // plain text in some charset
  kHtml,
  kPdf,
  kDocx,
  kDoc,  // OLE2 compound file: legacy Word .doc or WPS
  kOfd,  // Chinese fixed-layout format (zip with OFD.xml)
  kZip,  // another zip archive (xlsx, a bundle of attachments, …)
  kRtf,
  kImage,  // PNG, JPEG, GIF or TIFF: a scanned or "一图读懂" report
};

// How the format was decided.
enum class FormatEvidence : uint8_t { kContent, kContentType, kExtension, kNone };

// What the transport or the file system says about a payload. Either may be empty.
struct FormatHints {
  std::string_view content_type;  // e.g. "text/html; charset=gbk"
  std::string_view file_name;     // a path or URL path; only its extension is used
};

struct SniffedFormat {
  DocumentFormat format = DocumentFormat::kUnknown;
  FormatEvidence evidence = FormatEvidence::kNone;
};

SniffedFormat SniffFormat(std::string_view bytes, const FormatHints& hints = {});

// Stable lower-case names: "unknown", "text", "html", "pdf", "docx", "doc", "ofd", "zip", "rtf",
// "image"; and "content", "content_type", "extension", "none".
std::string_view FormatName(DocumentFormat format);
std::string_view EvidenceName(FormatEvidence evidence);

// True when the leading bytes look like HTML markup (step 2 above). Exposed for tests.
bool LooksLikeHtml(std::string_view bytes);

}  // namespace xxgk::extract
