// OCR test images (tests only): reports turned into what portals publish when they publish no
// text — page images (PNG), one tall image of all pages ("一图读懂" style), and an image-only PDF
// (a scan: pages that are one picture each, no text layer). Made from the committed real-tool
// fixtures (LibreOffice PDFs of the reports, CJK in WenQuanYi Zen Hei, ruled tables), rendered
// with poppler at a chosen resolution and encoded with Leptonica (PNG) and zlib (the PDF's images).
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::testing {

// A page as 8-bit gray pixels.
struct GrayPicture {
  std::vector<unsigned char> pixels;
  int width = 0, height = 0;
};

// Every page of `pdf` rendered at `dpi`, anti-aliased, gray.
std::vector<GrayPicture> RenderPdfPages(std::string_view pdf, int dpi);

// The pictures stacked top to bottom into one (the width of the widest, white around).
GrayPicture StackPictures(const std::vector<GrayPicture>& pictures);

// A picture as PNG (with its resolution `dpi` in the pHYs chunk, or none when dpi is 0) or JPEG
// (quality 0–100).
std::string EncodePng(const GrayPicture& picture, int dpi);
std::string EncodeJpeg(const GrayPicture& picture, int quality, int dpi);

// A PDF with one page per picture, each page the picture alone (Flate-compressed DeviceGray),
// sized for `dpi`: no text layer at all.
std::string ImageOnlyPdf(const std::vector<GrayPicture>& pictures, int dpi);

}  // namespace xxgk::testing
