// `xxgk text FILE`: prints the text the archive would store for one document — HTML (report body
// without the portal's chrome, tables one row per line), plain text in any charset, DOCX, PDF,
// DOC/WPS through LibreOffice (--no-office: not converted; --soffice PATH: which program) — as
// normalised UTF-8. Errors (unreadable, refused, a format not converted yet) are one stderr line
// naming the file, exit 1. Warnings (replaced bytes, a mislabelled charset) go to stderr too, one
// line each, and do not change the exit code.
#include <iostream>
#include <memory>
#include <string>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/ingest/document_input.h"
#include "crawler/cli/input_file.h"

namespace xxgk::cli {
namespace {

struct TextOptions {
  std::string file;
  std::string content_type;
  bool info = false;
  ingest::ConvertOptions convert;
};

int RunText(const TextOptions& options) {
  std::string error;
  std::optional<std::string> bytes =
      ReadInputFile(options.file, &error, options.convert.limits.max_input_bytes);
  std::optional<extract::DocumentText> doc;
  if (bytes) {
    ingest::TextReading reading = ingest::ReadText(
        *bytes, {options.content_type, options.file == "-" ? "" : options.file}, options.convert);
    if (reading.ok()) {
      doc = std::move(reading.doc);
    } else {
      error = std::move(reading.error);
    }
  }
  if (!doc) {
    ErrorLine() << options.file << ": " << error << "\n";
    return kExitFailure;
  }
  for (const auto& w : doc->warnings) {
    if (w.code == "empty_text" && !options.info) continue;
    ErrorLine() << options.file << ": warning: " << w.code << ": " << w.detail << "\n";
  }
  if (options.info) {
    ErrorLine() << options.file << ": format " << extract::FormatName(doc->format)
              << " (by " << extract::EvidenceName(doc->format_evidence) << "), charset "
              << doc->charset << " (by " << extract::CharsetSourceName(doc->charset_source) << ")";
    if (!doc->html_body.empty()) std::cerr << ", body " << doc->html_body;
    if (doc->title) std::cerr << ", title " << *doc->title;
    if (doc->published) std::cerr << ", published " << *doc->published;
    std::cerr << "\n";
  }
  std::cout << doc->text;
  std::cout.flush();
  return kExitOk;
}

}  // namespace

Command AddTextCommand(CLI::App& parent) {
  auto options = std::make_shared<TextOptions>();
  CLI::App* app = parent.add_subcommand(
      "text",
      "Print the text the archive would store for a document (HTML or text in any charset; "
      "the report body of a web page without its navigation, tables one row per line with "
      "tab-separated cells), as normalised UTF-8.");
  app->add_option("FILE", options->file, "the document; '-' reads standard input")->required();
  app->add_option("--content-type", options->content_type,
                  "the Content-Type the document was served with (format and charset hint)");
  app->add_flag("--info", options->info,
                "also print the format, charset, body container, title and publication date "
                "on standard error");
  AddConversionOptions(app, &options->convert);
  return Command{app, [options] { return RunText(*options); }};
}

}  // namespace xxgk::cli
