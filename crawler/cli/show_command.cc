// `xxgk show DOC [--archive DIR] [--json | --text | --record]`: one archived document, as a person
// checks a number against where it came from. DOC is the doc_id, the sequence number (7 or 007)
// or the exported file name (007_<doc_id>.txt, store/document_file.h). Prints the document's
// sources (URL or imported file, fetched/imported time, content type, the page that linked it,
// the list title and date, column, seed code), a line of its record (agency, year, template,
// checks, warnings), its text and its record; --json all of it as one object, --text only the
// text (exactly as stored), --record only the record (one compact JSON line).
// The archive is only read. Exit 0; 1 when no such document is archived, its text is damaged or
// (--record) it has no record; 2 when DOC names no document in any of the three forms.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "crawler/cli/archive_options.h"
#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "store/archive.h"
#include "store/document_file.h"
#include "store/source_provenance.h"

namespace xxgk::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ShowOptions {
  ArchiveLocation location;
  std::string document;
  bool json = false, text_only = false, record_only = false;
};

// The document `reference` names; nullopt when the archive holds none.
Status FindDocument(store::Archive& archive, const store::DocumentReference& reference,
                    std::optional<store::StoredDocument>* out) {
  if (!reference.doc_id.empty()) return archive.GetDocument(reference.doc_id, out);
  std::vector<store::StoredDocument> batch;
  uint64_t next = 0;
  if (Status s = archive.ScanDocuments(*reference.seq, 1, &batch, &next); !s.ok()) return s;
  out->reset();
  if (!batch.empty() && batch.front().info.seq == *reference.seq) *out = std::move(batch.front());
  return Status::Ok();
}

Json SourceJson(const store::DocumentSource& s) {
  Json j;
  j["kind"] = s.kind;
  j["origin"] = s.origin;
  j[s.kind == "file" ? "imported_at" : "fetched_at"] = s.seen;
  j["content_type"] = s.content_type;
  j["payload_sha256"] = s.payload_sha256;
  auto put = [&j](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  put("title", s.title);
  put("published", s.published);
  put("page", s.page);
  put("seed_code", s.seed_code);
  put("column", s.column);
  put("list_title", s.list_title);
  put("list_date", s.list_date);
  if (!s.joined.empty()) j["joined"] = s.joined;
  if (s.copy) j["copy"] = true;
  return j;
}

std::string Field(const Json& record, const char* key) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return "?";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// "襄垣县人民政府办公室, 2023, template 2021, published 2024-01-20; checks 40 ok, 0 failed;
// warnings: row_missing, cell_blank"
std::string RecordLine(const Json& record) {
  size_t ok = 0, failed = 0;
  for (const Json& check : record.value("checks", Json::array())) {
    (check.value("ok", false) ? ok : failed) += 1;
  }
  std::string codes;
  for (const Json& warning : record.value("warnings", Json::array())) {
    const std::string code = warning.value("code", "");
    if (!code.empty() && (", " + codes + ",").find(", " + code + ",") == std::string::npos) {
      codes += (codes.empty() ? "" : ", ") + code;
    }
  }
  return Field(record, "agency") + ", " + Field(record, "year") + ", template " +
         Field(record, "template") + ", published " + Field(record, "published") + "; checks " +
         std::to_string(ok) + " ok, " + std::to_string(failed) + " failed; warnings: " +
         (codes.empty() ? "none" : codes);
}

void PrintSource(const store::DocumentSource& s) {
  std::cout << (s.copy ? "copy       " : "source     ") << s.origin << "  ("
            << (s.kind == "file" ? "imported file" : "fetched URL") << ")\n";
  std::cout << "  " << (s.kind == "file" ? "imported " : "fetched  ") << s.seen << ", "
            << s.content_type << "\n";
  if (!s.page.empty()) std::cout << "  linked from " << s.page << "\n";
  if (!s.list_title.empty() || !s.list_date.empty()) {
    std::cout << "  list item  " << s.list_title << (s.list_date.empty() ? "" : "  " + s.list_date)
              << "\n";
  }
  if (!s.column.empty() || !s.seed_code.empty()) {
    std::cout << "  column     " << (s.column.empty() ? "-" : s.column) << "  (seed "
              << (s.seed_code.empty() ? "-" : s.seed_code) << ")\n";
  }
  if (!s.title.empty()) std::cout << "  page title " << s.title << "\n";
  for (const std::string& page : s.joined) std::cout << "  joined     " << page << "\n";
}

int RunShow(const ShowOptions& options) {
  store::DocumentReference reference;
  if (!store::ParseDocumentReference(options.document, &reference)) {
    ErrorLine() << options.document
                << ": names no document: give its doc_id (16 hex digits), its number, or its "
                   "NNN_<doc_id>.txt file name\n";
    return kExitUsage;
  }
  std::string dir;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenArchive(options.location, /*create=*/false, &dir, &exit_code, /*read_only=*/true);
  if (!archive) return exit_code;
  std::optional<store::StoredDocument> doc;
  std::vector<store::DocumentSource> sources;
  std::optional<store::StoredRecord> stored;
  Status s = FindDocument(*archive, reference, &doc);
  if (s.ok() && !doc) {
    // A file name from another archive: its number may name another document here.
    std::optional<store::StoredDocument> numbered;
    if (!reference.doc_id.empty() && reference.seq &&
        FindDocument(*archive, {"", reference.seq}, &numbered).ok() && numbered) {
      ErrorLine() << options.document << ": no such document in " << dir << " (its #"
                  << *reference.seq << " is " << numbered->info.doc_id
                  << ": is the file from another archive?)\n";
      return kExitFailure;
    }
    ErrorLine() << options.document << ": no such document in " << dir
                << (reference.doc_id.empty() ? " (no document has that number)" : "") << "\n";
    return kExitFailure;
  }
  if (s.ok()) s = archive->GetSources(doc->info.doc_id, &sources);
  if (s.ok()) s = archive->GetRecord(doc->info.doc_id, &stored);
  if (!s.ok()) {
    ErrorLine() << options.document << ": " << s.message() << "\n";
    return kExitFailure;
  }
  const store::DocumentInfo& info = doc->info;
  const Json record = stored ? Json::parse(stored->json, nullptr, false) : Json();
  auto damaged_text = [&] {
    ErrorLine() << options.document << ": the stored text is damaged: " << doc->text_error
                << " (run 'xxgk rebuild')\n";
    return kExitFailure;
  };

  if (options.text_only) {
    if (!doc->text_error.empty()) return damaged_text();
    std::cout << doc->text;
    return kExitOk;
  }
  if (options.record_only) {
    if (!stored) {
      ErrorLine() << options.document << ": has no record (run 'xxgk rebuild')\n";
      return kExitFailure;
    }
    std::cout << stored->json << "\n";
    return kExitOk;
  }
  if (options.json) {
    Json j;
    j["doc_id"] = info.doc_id;
    j["seq"] = info.seq;
    j["first_seen"] = info.first_seen;
    j["text_bytes"] = info.text_bytes;
    j["sources"] = Json::array();
    for (const store::DocumentSource& source : sources) j["sources"].push_back(SourceJson(source));
    j["source"] = store::SourceProvenance(sources);
    j["text"] = doc->text_error.empty() ? Json(doc->text) : Json();
    j["record"] = record.is_object() ? record : Json();
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return doc->text_error.empty() ? kExitOk : damaged_text();
  }
  std::cout << "document   #" << info.seq << "  " << info.doc_id << "  (first archived "
            << info.first_seen << ", " << info.text_bytes << " bytes of text)\n";
  for (const store::DocumentSource& source : sources) PrintSource(source);
  std::cout << "record     " << (record.is_object() ? RecordLine(record) : "none") << "\n";
  std::cout << "\n---- text ----\n";
  if (doc->text_error.empty()) {
    std::cout << doc->text << (doc->text.ends_with('\n') ? "" : "\n");
  }
  std::cout << "\n---- record ----\n"
            << (record.is_object()
                    ? record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                    : "none (run 'xxgk rebuild')")
            << "\n";
  return doc->text_error.empty() ? kExitOk : damaged_text();
}

}  // namespace

Command AddShowCommand(CLI::App& parent) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* app = parent.add_subcommand(
      "show",
      "Show one archived document: its sources (URL or imported file, when fetched or imported, "
      "content type, linking page, list title and date, column), its text and its record.");
  app->add_option("DOC", options->document,
                  "the doc_id, the sequence number (7 or 007), or the NNN_<doc_id>.txt file name "
                  "'xxgk export --txt' wrote")
      ->required();
  AddArchiveOptions(app, &options->location);
  CLI::Option* json = app->add_flag("--json", options->json,
                                    "everything as one JSON object (sources, source, text, record)");
  CLI::Option* text = app->add_flag("--text", options->text_only, "only the text, exactly as stored");
  CLI::Option* record =
      app->add_flag("--record", options->record_only, "only the record, one JSON line");
  json->excludes(text)->excludes(record);
  text->excludes(record);
  return Command{app, [options] { return RunShow(*options); }};
}

}  // namespace xxgk::cli
