// The isolated conversion (crawler/ingest/isolated_convert.h): PDF read by `xxgk --convert-child`
// gives exactly the in-process text and warnings; a PDF whose one page draws billions of
// operations (forms drawn in forms) is killed at the time limit and kept pending; a converter that
// dies or answers garbage is an error, never the caller's crash.
#include "crawler/ingest/isolated_convert.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "crawler/ingest/document_input.h"
#include "crawler/ingest/document_pipeline.h"
#include "tests/extract/pdf_writer.h"

namespace xxgk::ingest {
namespace {


std::string Stream(const std::string& dict, const std::string& data) {
  return "<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
         "\nendstream";
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// One page with a line of text and a form drawn 100 times, whose form is drawn 100 times, … four
// levels deep, the innermost of 1,000 strokes: 3 × 10^11 operations in a file of 20 KB.
std::string OperatorBombPdf() {
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << "
      "/Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
      Stream("", "BT /F1 12 Tf 72 700 Td (Operator bomb) Tj ET\n/X Do\n"),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  for (int level = 0; level < 4; ++level) {
    const int self = static_cast<int>(objects.size()) + 1;
    objects.push_back(Stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << "
                             "/XObject << /X " + std::to_string(self + 1) + " 0 R >> >>",
                             Repeat("/X Do\n", 100)));
  }
  objects.push_back(Stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
                           Repeat("0 0 m 10 10 l S\n", 1000)));
  return testing::AssemblePdf(objects);
}

ConvertOptions Isolated() {
  ConvertOptions convert;
  convert.isolation.program = XXGK_BINARY;
  return convert;
}

TEST(IsolatedConvert, APdfReadInTheChildGivesTheInProcessText) {
  const std::string pdf = testing::MakeTextPdf("测试县2023年政府信息公开工作年度报告\n一、总体情况\n"
                                               "项目\t数量\n主动公开\t12\n");
  const TextReading inside = ReadText(pdf, {"", "r.pdf"}, ConvertOptions{});
  const TextReading child = ReadText(pdf, {"", "r.pdf"}, Isolated());
  ASSERT_TRUE(inside.ok()) << inside.error;
  ASSERT_TRUE(child.ok()) << child.error;
  EXPECT_EQ(child.doc.text, inside.doc.text);
  EXPECT_NE(child.doc.text.find("主动公开\t12"), std::string::npos) << child.doc.text;
  EXPECT_EQ(child.doc.format, extract::DocumentFormat::kPdf);
  EXPECT_EQ(child.doc.warnings.size(), inside.doc.warnings.size());
}

TEST(IsolatedConvert, ARefusalInTheChildIsTheSameRefusal) {
  const std::string damaged = "%PDF-1.4\n1 0 obj\n";
  const TextReading child = ReadText(damaged, {}, Isolated());
  EXPECT_EQ(child.failure.code, ReadText(damaged, {}, ConvertOptions{}).failure.code);
  EXPECT_EQ(child.failure.code, "pdf_damaged");
}

TEST(IsolatedConvert, AnOperatorBombIsKilledAtTheTimeLimitAndKeptPending) {
  const std::string pdf = OperatorBombPdf();
  ASSERT_LT(pdf.size(), 32768u);
  ConvertOptions convert = Isolated();
  convert.limits.max_time = std::chrono::milliseconds(1000);
  convert.isolation.grace = std::chrono::milliseconds(500);
  const auto start = std::chrono::steady_clock::now();
  const TextReading reading = ReadText(pdf, {"", "bomb.pdf"}, convert);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(reading.failure.code, "conversion_timeout") << reading.error;
  EXPECT_EQ(reading.failure.outcome, extract::TextOutcome::kRefused);
  EXPECT_NE(reading.error.find("killed"), std::string::npos) << reading.error;
  std::printf("operator bomb (%zu bytes): refused after %.2f s\n", pdf.size(), seconds);

  const PreparedDocument prepared =
      PrepareDocument(pdf, {"file", "bomb.pdf", "", "2026-12-03T00:00:00Z"}, true, convert);
  EXPECT_FALSE(prepared.document);
  ASSERT_TRUE(prepared.pending);
  EXPECT_EQ(prepared.pending->code, "conversion_timeout");
  EXPECT_EQ(prepared.pending->payload, pdf);
}

// A stand-in converter: a script that ignores the request.
class FakeConverter : public ::testing::Test {
 protected:
  std::string Write(const std::string& body) {
    path_ = (std::filesystem::temp_directory_path() /
             ("xxgk_fake_converter_" + std::to_string(getpid()) + ".sh"))
                .string();
    std::ofstream(path_) << "#!/bin/sh\n" << body << "\n";
    chmod(path_.c_str(), 0700);
    return path_;
  }
  ~FakeConverter() override {
    if (!path_.empty()) std::filesystem::remove(path_);
  }
  std::string path_;
};

TEST_F(FakeConverter, AConverterThatDiesIsAnErrorWithItsMessages) {
  ConvertOptions convert;
  convert.isolation.program = Write("echo 'reader exploded' >&2; kill -KILL $$");
  const TextReading reading = ReadText(testing::MakeTextPdf("x\n"), {}, convert);
  EXPECT_EQ(reading.failure.code, "conversion_failed");
  EXPECT_NE(reading.error.find("signal 9"), std::string::npos) << reading.error;
  EXPECT_NE(reading.error.find("reader exploded"), std::string::npos) << reading.error;
}

TEST_F(FakeConverter, AGarbledAnswerIsAnError) {
  ConvertOptions convert;
  convert.isolation.program = Write("echo 'xxgk-convert-answer-1'; head -c 3 /dev/zero");
  const TextReading reading = ReadText(testing::MakeTextPdf("x\n"), {}, convert);
  EXPECT_EQ(reading.failure.code, "conversion_failed");
  EXPECT_NE(reading.error.find("unreadable"), std::string::npos) << reading.error;
}

TEST_F(FakeConverter, AMissingConverterIsAnError) {
  ConvertOptions convert;
  convert.isolation.program = "/nonexistent/xxgk";
  const TextReading reading = ReadText(testing::MakeTextPdf("x\n"), {}, convert);
  EXPECT_EQ(reading.failure.code, "conversion_failed");
  EXPECT_NE(reading.error.find("cannot run the converter"), std::string::npos) << reading.error;
}

TEST(IsolatedConvert, OnlyPdfIsIsolated) {
  EXPECT_TRUE(IsIsolated(extract::DocumentFormat::kPdf));
  EXPECT_FALSE(IsIsolated(extract::DocumentFormat::kHtml));
  ConvertOptions convert;
  convert.isolation.program = "/nonexistent/xxgk";  // never run for HTML
  EXPECT_TRUE(ReadText("<html><body><p>一、总体情况</p></body></html>", {}, convert).ok());
}

}  // namespace
}  // namespace xxgk::ingest
