// `xxgk export --warc FILE.warc.gz [--cdxj FILE.cdxj]`: the options and the run, kept apart from
// export_command.cc (which only adds the two options and calls RunWarcExport). The work is in
// store/warc_export.h; this prints the summary and sets the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "crawler/cli/archive_options.h"

namespace xxgk::cli {

struct WarcExportFlags {
  std::string warc_file, cdxj_file;
  bool json = false;  // the summary as one JSON object (export --json)
};

void AddWarcExportOptions(CLI::App* app, WarcExportFlags* flags);
// Writes the WARC (and CDXJ) of the archive at `location`; prints one summary line. Exit code:
// kExitOk, kExitFailure (output not written, or payloads missing/damaged), kExitUsage (--cdxj
// without --warc).
int RunWarcExport(const ArchiveLocation& location, const WarcExportFlags& flags);

}  // namespace xxgk::cli
