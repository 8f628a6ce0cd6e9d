// Format sniffing by content, then Content-Type, then extension. See format_sniff.h.
#include "extract/text/format_sniff.h"

#include "base/ascii_case.h"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace xxgk::extract {
namespace {

constexpr size_t kTextSampleBytes = 8192;


bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[i]) != AsciiLower(prefix[i])) return false;
  }
  return true;
}

bool FindNoCase(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char a, char b) { return AsciiLower(a) == AsciiLower(b); }) != haystack.end();
}

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// What a zip archive holds, from its central directory (libzip) or, for a truncated archive
// whose directory is missing, from the names in its local file headers.
DocumentFormat ZipKind(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  DocumentFormat kind = DocumentFormat::kZip;
  bool read_directory = false;
  if (source != nullptr) {
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive != nullptr) {
      read_directory = true;
      if (zip_name_locate(archive, "word/document.xml", ZIP_FL_NOCASE) >= 0) {
        kind = DocumentFormat::kDocx;
      } else if (zip_name_locate(archive, "OFD.xml", ZIP_FL_NOCASE) >= 0) {
        kind = DocumentFormat::kOfd;
      }
      zip_discard(archive);  // also frees the source
    } else {
      zip_source_free(source);
    }
  }
  zip_error_fini(&error);
  if (!read_directory) {
    if (bytes.find("word/document.xml") != std::string_view::npos) return DocumentFormat::kDocx;
    if (bytes.find("OFD.xml") != std::string_view::npos) return DocumentFormat::kOfd;
  }
  return kind;
}

// Step 1: magic bytes. Returns kUnknown when none matches.
DocumentFormat FormatByMagic(std::string_view bytes) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return DocumentFormat::kPdf;
  if (bytes.starts_with("PK\x03\x04")) return ZipKind(bytes);
  if (bytes.starts_with("PK\x05\x06")) return DocumentFormat::kZip;  // an empty archive
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return DocumentFormat::kDoc;
  if (bytes.starts_with("{\\rtf")) return DocumentFormat::kRtf;
  if (bytes.starts_with("\x89PNG\r\n\x1A\n") || bytes.starts_with("\xFF\xD8\xFF") ||
      bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a") ||
      bytes.starts_with(std::string_view("II*\0", 4)) || bytes.starts_with(std::string_view("MM\0*", 4))) {
    return DocumentFormat::kImage;
  }
  return DocumentFormat::kUnknown;
}

// Text-like: UTF-16 with a BOM, or no control bytes except white space and ESC (ISO-2022) in
// the first 8 KiB. A single NUL makes bytes binary.
bool LooksLikeText(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return true;
  const std::string_view sample = bytes.substr(0, kTextSampleBytes);
  size_t controls = 0;
  for (char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return false;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) {
      ++controls;
    } else if (c == 0x7F) {
      ++controls;
    }
  }
  return controls * 100 <= sample.size();  // at most 1%: stray bytes in old GBK files
}

DocumentFormat FormatOfMediaType(std::string_view content_type) {
  const std::string type = AsciiLowered(content_type.substr(0, content_type.find(';')));
  const size_t begin = type.find_first_not_of(" \t");
  if (begin == std::string::npos) return DocumentFormat::kUnknown;
  const std::string media = type.substr(begin, type.find_last_not_of(" \t") - begin + 1);
  if (media == "text/html" || media == "application/xhtml+xml") return DocumentFormat::kHtml;
  if (media == "text/plain") return DocumentFormat::kText;
  if (media == "application/pdf" || media == "application/x-pdf") return DocumentFormat::kPdf;
  if (media == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    return DocumentFormat::kDocx;
  }
  if (media == "application/msword" || media == "application/vnd.ms-word" ||
      media == "application/kswps" || media == "application/wps-office.wps" ||
      media == "application/vnd.ms-works") {
    return DocumentFormat::kDoc;
  }
  if (media == "application/ofd") return DocumentFormat::kOfd;
  if (media == "application/zip" || media == "application/x-zip-compressed") {
    return DocumentFormat::kZip;
  }
  if (media == "application/rtf" || media == "text/rtf") return DocumentFormat::kRtf;
  if (media.starts_with("image/")) return DocumentFormat::kImage;
  return DocumentFormat::kUnknown;
}

DocumentFormat FormatOfExtension(std::string_view file_name) {
  file_name = file_name.substr(0, file_name.find_first_of("?#"));
  const size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return DocumentFormat::kUnknown;
  const std::string ext = AsciiLowered(file_name.substr(dot + 1));
  static constexpr std::array<std::string_view, 11> kHtml = {
      "html", "htm", "shtml", "shtm", "xhtml", "jhtml", "jsp", "asp", "aspx", "php", "mht"};
  if (std::find(kHtml.begin(), kHtml.end(), ext) != kHtml.end()) return DocumentFormat::kHtml;
  if (ext == "txt") return DocumentFormat::kText;
  if (ext == "pdf") return DocumentFormat::kPdf;
  if (ext == "docx") return DocumentFormat::kDocx;
  if (ext == "doc" || ext == "wps" || ext == "dot") return DocumentFormat::kDoc;
  if (ext == "ofd") return DocumentFormat::kOfd;
  if (ext == "zip") return DocumentFormat::kZip;
  if (ext == "rtf") return DocumentFormat::kRtf;
  if (ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "gif" || ext == "tif" ||
      ext == "tiff") {
    return DocumentFormat::kImage;
  }
  return DocumentFormat::kUnknown;
}

bool IsBinaryFormat(DocumentFormat f) {
  return f != DocumentFormat::kUnknown && f != DocumentFormat::kText && f != DocumentFormat::kHtml;
}

}  // namespace

bool LooksLikeHtml(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  size_t i = 0;
  while (i < bytes.size() && IsHtmlSpace(bytes[i])) ++i;
  const std::string_view rest = bytes.substr(i);
  if (StartsWithNoCase(rest, "<?xml")) return FindNoCase(rest.substr(0, 1024), "<html");
  if (rest.starts_with("<!--")) return true;
  // The WHATWG MIME Sniffing "text/html" patterns, plus a few tags portals start fragments with.
  static constexpr std::array<std::string_view, 22> kTags = {
      "<!doctype html", "<html", "<head",  "<script", "<iframe", "<h1",      "<div", "<font",
      "<table",         "<a",    "<style", "<title",  "<b",      "<body",    "<br",  "<p",
      "<meta",          "<link", "<span",  "<center", "<form",   "<!doctype"};
  for (std::string_view tag : kTags) {
    if (!StartsWithNoCase(rest, tag)) continue;
    if (tag == "<!doctype") return true;
    if (rest.size() == tag.size()) return false;  // cut off: no tag-terminating byte
    const char next = rest[tag.size()];
    if (IsHtmlSpace(next) || next == '>' || next == '/') return true;
  }
  return false;
}

SniffedFormat SniffFormat(std::string_view bytes, const FormatHints& hints) {
  if (DocumentFormat magic = FormatByMagic(bytes); magic != DocumentFormat::kUnknown) {
    return {magic, FormatEvidence::kContent};
  }
  if (LooksLikeHtml(bytes)) return {DocumentFormat::kHtml, FormatEvidence::kContent};
  const DocumentFormat declared = FormatOfMediaType(hints.content_type);
  const DocumentFormat by_extension = FormatOfExtension(hints.file_name);
  if (LooksLikeText(bytes)) {
    // The content says "text"; the hints may only refine it to HTML (markup after some text).
    if (declared == DocumentFormat::kHtml || declared == DocumentFormat::kText) {
      return {declared, FormatEvidence::kContentType};
    }
    if (by_extension == DocumentFormat::kHtml) {
      return {DocumentFormat::kHtml, FormatEvidence::kExtension};
    }
    return {DocumentFormat::kText, FormatEvidence::kContent};
  }
  // Binary bytes without a known signature: a damaged file of the declared kind, or unknown.
  if (IsBinaryFormat(declared)) return {declared, FormatEvidence::kContentType};
  if (IsBinaryFormat(by_extension)) return {by_extension, FormatEvidence::kExtension};
  return {DocumentFormat::kUnknown, FormatEvidence::kNone};
}

std::string_view FormatName(DocumentFormat format) {
  switch (format) {
    case DocumentFormat::kUnknown:
      return "unknown";
    case DocumentFormat::kText:
      return "text";
    case DocumentFormat::kHtml:
      return "html";
    case DocumentFormat::kPdf:
      return "pdf";
    case DocumentFormat::kDocx:
      return "docx";
    case DocumentFormat::kDoc:
      return "doc";
    case DocumentFormat::kOfd:
      return "ofd";
    case DocumentFormat::kZip:
      return "zip";
    case DocumentFormat::kRtf:
      return "rtf";
    case DocumentFormat::kImage:
      return "image";
  }
  return "unknown";
}

std::string_view EvidenceName(FormatEvidence evidence) {
  switch (evidence) {
    case FormatEvidence::kContent:
      return "content";
    case FormatEvidence::kContentType:
      return "content_type";
    case FormatEvidence::kExtension:
      return "extension";
    case FormatEvidence::kNone:
      return "none";
  }
  return "none";
}

}  // namespace xxgk::extract
