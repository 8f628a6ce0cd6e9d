// DOCX writer for tests and fuzz targets: see docx_writer.h.
#include "tests/extract/docx_writer.h"

#include <zip.h>

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

}  // namespace xxgk::testing
