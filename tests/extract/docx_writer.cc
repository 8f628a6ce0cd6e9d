// DOCX writer for tests and fuzz targets: see docx_writer.h.
#include "tests/extract/docx_writer.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace xxgk::testing {
namespace {

constexpr const char* kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "docx_writer: %s failed\n", what);
  std::abort();
}


std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

}  // namespace

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& files, int level) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) Fail("zip_source_buffer_create");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) Fail("zip_open_from_source");
  for (const auto& [name, content] : files) {
    zip_source_t* s = zip_source_buffer(archive, content.data(), content.size(), 0);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), s, ZIP_FL_OVERWRITE);
    if (index < 0) Fail("zip_file_add");
    if (zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), kZipEntryTime, 0) != 0) {
      Fail("zip_file_set_mtime");
    }
    const zip_int32_t method = level == 0 ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    if (zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), method,
                                 static_cast<zip_uint32_t>(level)) != 0) {
      Fail("zip_set_file_compression");
    }
  }
  if (zip_close(archive) != 0) Fail("zip_close");
  std::string out;
  if (zip_source_open(buffer) != 0) Fail("zip_source_open");
  zip_source_seek(buffer, 0, SEEK_END);
  out.resize(static_cast<size_t>(zip_source_tell(buffer)));
  zip_source_seek(buffer, 0, SEEK_SET);
  if (zip_source_read(buffer, out.data(), out.size()) != static_cast<zip_int64_t>(out.size())) {
    Fail("zip_source_read");
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

std::string DocumentXml(std::string_view body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
         "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
         "<w:body>" +
         std::string(body) +
         "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>";
}

std::string DocxFromDocumentXml(std::string document_xml, int level) {
  return MakeZip({{"[Content_Types].xml", kContentTypes},
                  {"word/document.xml", std::move(document_xml)}},
                 level);
}

std::string Docx(std::string_view body) { return DocxFromDocumentXml(DocumentXml(body)); }

std::string DocxParagraph(std::string_view text) {
  return "<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"FangSong\"/>"
         "</w:rPr><w:t xml:space=\"preserve\">" +
         Escape(text) + "</w:t></w:r></w:p>";
}

std::string DocxCell(std::string_view text, std::string_view props) {
  return "<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/>" + std::string(props) +
         "</w:tcPr>" + DocxParagraph(text) + "</w:tc>";
}

std::string ReportTextToDocxBody(std::string_view text, bool merge) {
  const std::vector<std::string> lines = Split(text, '\n');
  std::string body;
  for (size_t i = 0; i < lines.size();) {
    if (lines[i].find('\t') == std::string::npos) {
      body += DocxParagraph(lines[i]);
      ++i;
      continue;
    }
    std::vector<std::vector<std::string>> rows;
    size_t width = 0;
    for (; i < lines.size() && lines[i].find('\t') != std::string::npos; ++i) {
      rows.push_back(Split(lines[i], '\t'));
      width = std::max(width, rows.back().size());
    }
    body += "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>";
    for (size_t r = 0; r < rows.size(); ++r) {
      const auto& row = rows[r];
      size_t last_filled = 0;
      for (size_t c = 0; c < row.size(); ++c) {
        if (!row[c].empty()) last_filled = c;
      }
      body += "<w:tr>";
      for (size_t c = 0; c < row.size(); ++c) {
        std::string props;
        size_t span = 1;
        if (merge && c == last_filled && !row[c].empty()) span = width - c;
        if (span > 1) props += "<w:gridSpan w:val=\"" + std::to_string(span) + "\"/>";
        if (merge && c == 0) {
          const bool starts = !row[0].empty() && r + 1 < rows.size() && rows[r + 1].size() > 1 &&
                              rows[r + 1][0].empty();
          bool continues = false;
          if (row[0].empty() && r > 0) {
            size_t above = r;
            while (above > 0 && rows[above - 1][0].empty() && rows[above - 1].size() > 1) --above;
            continues = above > 0 && !rows[above - 1][0].empty() && row.size() > 1;
          }
          if (starts) props += "<w:vMerge w:val=\"restart\"/>";
          if (continues) props += "<w:vMerge/>";
        }
        body += DocxCell(row[c], props);
        if (span > 1) break;
      }
      body += "</w:tr>";
    }
    body += "</w:tbl>";
  }
  return body;
}

}  // namespace xxgk::testing
