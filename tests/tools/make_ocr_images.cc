// make_ocr_images: writes a PDF's pages as the images portals publish instead of text, for the OCR
// benchmark (bench/run_ocr_bench.sh) and for trying the OCR by hand:
//   make_ocr_images PDF OUTBASE [DPI]
// writes OUTBASE.png (all pages stacked into one tall PNG), OUTBASE.jpg (the same, JPEG quality
// 85) and OUTBASE.scan.pdf (an image-only PDF, one picture per page), rendered at DPI (150).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/extract/ocr_images.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_ocr_images PDF OUTBASE [DPI]\n");
    return 2;
  }
  const int dpi = argc > 3 ? std::atoi(argv[3]) : 150;
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "make_ocr_images: cannot read %s\n", argv[1]);
    return 1;
  }
  try {
    using namespace xxgk::testing;
    const auto pages = RenderPdfPages(bytes.str(), dpi);
    const GrayPicture tall = StackPictures(pages);
    const std::string base = argv[2];
    std::ofstream(base + ".png", std::ios::binary) << EncodePng(tall, dpi);
    std::ofstream(base + ".jpg", std::ios::binary) << EncodeJpeg(tall, 85, dpi);
    std::ofstream(base + ".scan.pdf", std::ios::binary) << ImageOnlyPdf(pages, dpi);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_ocr_images: %s\n", e.what());
    return 1;
  }
  return 0;
}
