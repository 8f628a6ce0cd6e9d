// DOC/WPS through LibreOffice (crawler/ingest/office_convert.h and ReadText): the sample's
// .doc gives the record of its text (skipped when soffice is not installed); fake converters —
// shell scripts given as the configured soffice — pin the limits down without LibreOffice: a hang
// is killed at the time limit with its whole process group and the temp dir removed, an exit
// status is an error with the converter's messages, a missing converter leaves the document
// "unsupported format", and the child runs with the memory limit, /dev/null as stdin and none of
// the caller's descriptors.
#include "crawler/ingest/office_convert.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <thread>

#include "crawler/ingest/document_input.h"
#include "crawler/ingest/document_pipeline.h"
#include "tests/extract/docx_writer.h"
#include "extract/text/doc_identity.h"
#include "extract/report/report_extractor.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::ingest {
namespace {

namespace fs = std::filesystem;
using extract::DocumentFormat;
using extract::DocumentText;
using extract::TextOutcome;
using testing::ComparableRecord;
using testing::ReadAll;

const fs::path kSampleDoc =
    fs::path(XXGK_SOURCE_DIR) / "tests/extract/formats/doc/004_5d91dc09e275c8dc.doc";
const fs::path kSampleText = fs::path(XXGK_SOURCE_DIR) / "seeds/reports/004_5d91dc09e275c8dc.txt";

// A fresh directory for one test, removed afterwards.
class OfficeConvertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "xxgk-office-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    temp_ = dir_ / "tmp";
    fs::create_directory(temp_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // An executable shell script standing in for soffice.
  std::string FakeSoffice(const std::string& body) {
    const fs::path path = dir_ / "fake-soffice";
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  OfficeConvertOptions Options(const std::string& soffice) const {
    OfficeConvertOptions options;
    options.soffice = soffice;
    options.temp_dir = temp_.string();
    return options;
  }

  bool TempIsEmpty() const { return fs::is_empty(temp_); }

  fs::path dir_;
  fs::path temp_;  // where the conversions make their private dirs
};

// Processes whose process group is `pgid`, from /proc: live ones, or with `zombies` also those
// that died and were not reaped.
int Members(pid_t pgid, bool zombies = false) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string stat = ReadAll(entry.path() / "stat");
    const size_t paren = stat.rfind(')');
    if (paren == std::string::npos) continue;
    char state = 0;
    int ppid = 0, pgrp = 0;
    if (std::sscanf(stat.c_str() + paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3) continue;
    if (pgrp == pgid && (zombies || (state != 'Z' && state != 'X'))) ++n;
  }
  return n;
}

// A minimal DOCX with two paragraphs.
std::string MakeDocx() {
  return testing::Docx("<w:p><w:r><w:t>Converted</w:t></w:r></w:p>"
                       "<w:p><w:r><w:t>report</w:t></w:r></w:p>");
}

// Any OLE2 compound file sniffs as DOC; the fakes never read it.
const std::string kOle2 =
    std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0');

TEST_F(OfficeConvertTest, SampleDocGivesTheRecordOfItsText) {
  if (!FindSoffice(""))
    GTEST_SKIP() << "soffice not installed (apt-get install libreoffice-writer-nogui)";
  const std::string doc_bytes = ReadAll(kSampleDoc);
  ASSERT_FALSE(doc_bytes.empty()) << kSampleDoc;
  OfficeConvertOptions options = Options("");
  options.time_limit = std::chrono::minutes(5);  // a loaded CI machine; the default is 60 s
  const DocumentText doc =
      ReadText(doc_bytes, {"", "report.doc"}, ConvertOptions{{}, options, {}, {}}).doc;
  ASSERT_EQ(doc.outcome, TextOutcome::kText) << doc.refusal_code << ": " << doc.refusal;
  EXPECT_EQ(doc.format, DocumentFormat::kDoc);
  EXPECT_TRUE(doc.HasWarning("converted_by_libreoffice"));
  const std::string text = extract::NormalizeDocumentText(ReadAll(kSampleText));
  EXPECT_EQ(ComparableRecord(extract::ExtractReport(doc.text)),
            ComparableRecord(extract::ExtractReport(text)))
      << doc.text;
  EXPECT_TRUE(TempIsEmpty());
}

// Random bytes behind an OLE2 header (issue 17): LibreOffice "converts" them, reading the file as
// UTF-16 text, into a DOCX of noise that used to be archived as a document. Through the real
// converter (skipped without soffice), the payload is kept pending, refused `implausible_text`.
std::string RandomOle2(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes = kOle2.substr(0, 8);
  while (bytes.size() < size) bytes += static_cast<char>(random() & 0xFF);
  return bytes;
}

TEST_F(OfficeConvertTest, RandomBytesBehindAnOle2HeaderAreKeptPendingNotArchived) {
  if (!FindSoffice(""))
    GTEST_SKIP() << "soffice not installed (apt-get install libreoffice-writer-nogui)";
  ConvertOptions convert{{}, Options(""), {}, {}};
  convert.office.time_limit = std::chrono::minutes(5);  // a loaded CI machine
  const std::string bytes = RandomOle2(40000, 17);
  const PreparedDocument p = PrepareDocument(bytes, {"file", "random.doc", "", ""}, false, convert);
  ASSERT_FALSE(p.document) << "archived: " << p.document->text.substr(0, 300);
  ASSERT_TRUE(p.pending) << p.error;
  EXPECT_EQ(p.pending->code, "implausible_text") << p.pending->reason;
  EXPECT_EQ(p.pending->outcome, "refused");
  EXPECT_EQ(p.pending->format, "doc");
  EXPECT_NE(p.pending->reason.find("unreadable"), std::string::npos) << p.pending->reason;
  EXPECT_EQ(p.pending->payload, bytes);
  EXPECT_TRUE(TempIsEmpty());
}

// The same through a fake converter that writes the noise LibreOffice writes (runs everywhere):
// the DOC path's text is checked, and the real sample beside it still converts.
TEST_F(OfficeConvertTest, ANoiseDocxFromTheConverterIsRefusedAsImplausibleText) {
  const fs::path noise = dir_ / "noise.docx";
  std::ofstream(noise, std::ios::binary)
      << testing::Docx(testing::DocxParagraph(testing::RandomUtf16Noise(20000, 17)));
  const fs::path plain = dir_ / "plain.docx";
  std::ofstream(plain, std::ios::binary) << MakeDocx();
  for (const auto& [docx, plausible] : {std::pair{noise, false}, std::pair{plain, true}}) {
    const std::string soffice =
        FakeSoffice("while [ $# -gt 1 ]; do [ \"$1\" = --outdir ] && out=$2; shift; done\n"
                    "cp '" + docx.string() + "' \"$out/in.docx\"");
    const TextReading reading =
        ReadText(kOle2, {"", "a.doc"}, ConvertOptions{{}, Options(soffice), {}, {}});
    if (plausible) {
      EXPECT_TRUE(reading.ok()) << reading.error;
      EXPECT_EQ(reading.doc.text, "Converted\nreport\n");
      continue;
    }
    EXPECT_FALSE(reading.ok());
    EXPECT_EQ(reading.failure.code, "implausible_text");
    EXPECT_EQ(reading.failure.outcome, TextOutcome::kRefused);
    EXPECT_EQ(reading.failure.format, "doc");
    EXPECT_EQ(reading.doc.outcome, TextOutcome::kRefused);
    EXPECT_TRUE(reading.doc.text.empty());
    EXPECT_NE(reading.error.find("refused (implausible_text): the converted text is not plausibly "
                                 "a document"),
              std::string::npos)
        << reading.error;
  }
}

TEST_F(OfficeConvertTest, HangingConverterIsKilledWithItsGroupAtTheTimeLimit) {
  // The script records its pid (its process group: the converter leads its own group), starts a
  // grandchild that would outlive it, and waits forever.
  const fs::path pid_file = dir_ / "pid";
  OfficeConvertOptions options =
      Options(FakeSoffice("echo $$ > '" + pid_file.string() + "'\nsleep 300 &\nsleep 300\n"));
  options.time_limit = std::chrono::seconds(1);
  const OfficeConversion result = ConvertToDocx(kOle2, options);
  EXPECT_EQ(result.error, OfficeError::kTimeout);
  EXPECT_NE(result.message.find("1000 ms"), std::string::npos) << result.message;
  EXPECT_TRUE(TempIsEmpty());

  const pid_t pgid = static_cast<pid_t>(std::stol(ReadAll(pid_file)));
  // The whole group is gone when the call returns: killed and reaped, the grandchild included
  // (re-parented to this process, which reaps it), so not even a zombie is left.
  EXPECT_EQ(Members(pgid, /*zombies=*/true), 0) << "processes of group " << pgid << " left";

  // Through ReadText: refused with a clear code, nothing half-processed.
  const DocumentText doc = ReadText(kOle2, {}, ConvertOptions{{}, options, {}, {}}).doc;
  EXPECT_EQ(doc.outcome, TextOutcome::kRefused);
  EXPECT_EQ(doc.refusal_code, "office_timeout");
  EXPECT_NE(doc.refusal.find("timeout"), std::string::npos) << doc.refusal;
  EXPECT_EQ(doc.text, "");
}

TEST_F(OfficeConvertTest, ConverterExitStatusIsAnErrorWithItsMessages) {
  const OfficeConvertOptions options =
      Options(FakeSoffice("echo 'Error: source file could not be loaded' >&2\nexit 1"));
  const OfficeConversion result = ConvertToDocx(kOle2, options);
  EXPECT_EQ(result.error, OfficeError::kFailed);
  EXPECT_NE(result.message.find("status 1"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("could not be loaded"), std::string::npos) << result.message;
  EXPECT_TRUE(TempIsEmpty());

  const TextReading reading = ReadText(kOle2, {"", "a.doc"}, ConvertOptions{{}, options, {}, {}});
  EXPECT_FALSE(reading.ok());
  const std::string& error = reading.error;
  const TextFailure& failure = reading.failure;
  EXPECT_EQ(failure.code, "office_failed");
  EXPECT_NE(error.find("could not be loaded"), std::string::npos) << error;
}

TEST_F(OfficeConvertTest, ConverterThatWritesNothingIsAnError) {
  const OfficeConversion result = ConvertToDocx(kOle2, Options(FakeSoffice("exit 0")));
  EXPECT_EQ(result.error, OfficeError::kFailed);
  EXPECT_NE(result.message.find("no DOCX"), std::string::npos) << result.message;
}

TEST_F(OfficeConvertTest, OversizedOutputIsAnError) {
  OfficeConvertOptions options =
      Options(FakeSoffice("while [ $# -gt 1 ]; do [ \"$1\" = --outdir ] && out=$2; shift; done\n"
                          "head -c 5000 /dev/zero > \"$out/in.docx\""));
  options.max_output_bytes = 4096;
  const OfficeConversion result = ConvertToDocx(kOle2, options);
  EXPECT_EQ(result.error, OfficeError::kFailed);
  EXPECT_NE(result.message.find("over the limit of 4096"), std::string::npos) << result.message;
}

TEST_F(OfficeConvertTest, MissingConverterLeavesTheDocumentUnsupported) {
  const OfficeConvertOptions options = Options((dir_ / "no-such-soffice").string());
  const OfficeConversion result = ConvertToDocx(kOle2, options);
  EXPECT_EQ(result.error, OfficeError::kNotInstalled);

  const DocumentText doc = ReadText(kOle2, {}, ConvertOptions{{}, options, {}, {}}).doc;
  EXPECT_EQ(doc.outcome, TextOutcome::kUnsupported);
  EXPECT_EQ(doc.format, DocumentFormat::kDoc);
  EXPECT_TRUE(doc.HasWarning("unsupported_format"));

  const TextReading reading = ReadText(kOle2, {"", "a.doc"}, ConvertOptions{{}, options, {}, {}});
  EXPECT_FALSE(reading.ok());
  const std::string& error = reading.error;
  const TextFailure& failure = reading.failure;
  EXPECT_EQ(failure.code, "unsupported_format");
  EXPECT_NE(error.find("unsupported format doc"), std::string::npos) << error;
}

TEST_F(OfficeConvertTest, ConversionTurnedOffLeavesTheDocumentUnsupported) {
  const fs::path ran = dir_ / "ran";
  OfficeConvertOptions options = Options(FakeSoffice("touch '" + ran.string() + "'"));
  options.enabled = false;
  const DocumentText doc = ReadText(kOle2, {}, ConvertOptions{{}, options, {}, {}}).doc;
  EXPECT_EQ(doc.outcome, TextOutcome::kUnsupported);
  EXPECT_TRUE(doc.HasWarning("unsupported_format"));
  EXPECT_FALSE(fs::exists(ran));
}

TEST_F(OfficeConvertTest, ConverterRunsUnderLimitsWithoutTheCallersDescriptors) {
  // A descriptor the caller left inheritable must not reach the converter.
  const int leaked = open("/dev/null", O_RDONLY);  // no O_CLOEXEC on purpose
  ASSERT_GE(leaked, 3);
  const fs::path docx = dir_ / "made.docx";
  std::ofstream(docx, std::ios::binary) << MakeDocx();
  const fs::path report = dir_ / "report";
  OfficeConvertOptions options =
      Options(FakeSoffice("r='" + report.string() +
                          "'\n"
                          "ulimit -v > \"$r\"\n"
                          "readlink /proc/$$/fd/0 >> \"$r\"\n"
                          "if [ -e /proc/$$/fd/" +
                          std::to_string(leaked) +
                          " ]; then echo leaked >> \"$r\"; "
                          "else echo closed >> \"$r\"; fi\n"
                          "echo \"$@\" >> \"$r\"\n"
                          "while [ $# -gt 1 ]; do [ \"$1\" = --outdir ] && out=$2; shift; done\n"
                          "cp '" +
                          docx.string() + "' \"$out/in.docx\""));
  options.max_memory_bytes = uint64_t{1} << 30;
  const DocumentText doc = ReadText(kOle2, {}, ConvertOptions{{}, options, {}, {}}).doc;
  close(leaked);
  ASSERT_EQ(doc.outcome, TextOutcome::kText) << doc.refusal;
  EXPECT_EQ(doc.text, "Converted\nreport\n");
  EXPECT_EQ(doc.format, DocumentFormat::kDoc);
  EXPECT_TRUE(doc.HasWarning("converted_by_libreoffice"));

  std::ifstream in(report);
  std::string memory_kib, stdin_target, descriptor, args;
  std::getline(in, memory_kib);
  std::getline(in, stdin_target);
  std::getline(in, descriptor);
  std::getline(in, args);
  EXPECT_EQ(memory_kib, std::to_string((uint64_t{1} << 30) / 1024));
  EXPECT_EQ(stdin_target, "/dev/null");
  EXPECT_EQ(descriptor, "closed");
  EXPECT_NE(args.find("--headless"), std::string::npos) << args;
  EXPECT_NE(args.find("-env:UserInstallation=file://" + temp_.string()), std::string::npos) << args;
  EXPECT_NE(args.find("--convert-to docx"), std::string::npos) << args;
  EXPECT_TRUE(TempIsEmpty());
}

TEST(FindSoffice, ConfiguredPathMustBeAnExecutableFile) {
  EXPECT_FALSE(FindSoffice("/nonexistent/soffice"));
  EXPECT_FALSE(FindSoffice("/etc/passwd"));  // not executable
  EXPECT_EQ(FindSoffice("/bin/sh").value_or(""), "/bin/sh");
  EXPECT_TRUE(FindSoffice("sh").has_value());  // looked up on PATH
}

}  // namespace
}  // namespace xxgk::ingest
