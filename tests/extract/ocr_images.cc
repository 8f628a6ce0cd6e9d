// OCR test images: PDF pages rendered, PNG/JPEG encoded, image-only PDFs. See ocr_images.h.
#include "tests/extract/ocr_images.h"

#include "tests/extract/pdf_writer.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace xxgk::testing {
namespace {

// The picture as a Leptonica 8-bit image (caller destroys).
PIX* ToPix(const GrayPicture& picture, int dpi) {
  PIX* pix = pixCreate(picture.width, picture.height, 8);
  if (pix == nullptr) throw std::runtime_error("pixCreate failed");
  l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < picture.height; ++y) {
    l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
    for (int x = 0; x < picture.width; ++x) {
      SET_DATA_BYTE(line, x, picture.pixels[static_cast<size_t>(y) * picture.width + x]);
    }
  }
  if (dpi > 0) pixSetResolution(pix, dpi, dpi);
  return pix;
}

std::string Encode(const GrayPicture& picture, int dpi, l_int32 format, int quality) {
  PIX* pix = ToPix(picture, dpi);
  l_uint8* bytes = nullptr;
  size_t size = 0;
  const int failed = format == IFF_JFIF_JPEG ? pixWriteMemJpeg(&bytes, &size, pix, quality, 0)
                                             : pixWriteMem(&bytes, &size, pix, format);
  pixDestroy(&pix);
  if (failed != 0 || bytes == nullptr) throw std::runtime_error("image encoding failed");
  std::string out(reinterpret_cast<const char*>(bytes), size);
  lept_free(bytes);
  return out;
}

std::string Deflate(const std::vector<unsigned char>& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, raw.data(),
                static_cast<uLong>(raw.size()), 6) != Z_OK) {
    throw std::runtime_error("compress2 failed");
  }
  out.resize(size);
  return out;
}

}  // namespace

std::vector<GrayPicture> RenderPdfPages(std::string_view pdf, int dpi) {
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (!doc) throw std::runtime_error("cannot open the PDF");
  poppler::page_renderer renderer;
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  renderer.set_image_format(poppler::image::format_gray8);
  std::vector<GrayPicture> pages;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    const poppler::image image = renderer.render_page(page.get(), dpi, dpi);
    GrayPicture picture;
    picture.width = image.width();
    picture.height = image.height();
    picture.pixels.resize(static_cast<size_t>(picture.width) * picture.height);
    const auto* src = reinterpret_cast<const unsigned char*>(image.const_data());
    for (int y = 0; y < picture.height; ++y) {
      std::copy_n(src + static_cast<size_t>(y) * image.bytes_per_row(), picture.width,
                  picture.pixels.data() + static_cast<size_t>(y) * picture.width);
    }
    pages.push_back(std::move(picture));
  }
  return pages;
}

GrayPicture StackPictures(const std::vector<GrayPicture>& pictures) {
  GrayPicture out;
  for (const GrayPicture& p : pictures) {
    out.width = std::max(out.width, p.width);
    out.height += p.height;
  }
  out.pixels.assign(static_cast<size_t>(out.width) * out.height, 255);
  int top = 0;
  for (const GrayPicture& p : pictures) {
    for (int y = 0; y < p.height; ++y) {
      std::copy_n(p.pixels.data() + static_cast<size_t>(y) * p.width, p.width,
                  out.pixels.data() + static_cast<size_t>(top + y) * out.width);
    }
    top += p.height;
  }
  return out;
}

std::string EncodePng(const GrayPicture& picture, int dpi) {
  return Encode(picture, dpi, IFF_PNG, 0);
}

std::string EncodeJpeg(const GrayPicture& picture, int quality, int dpi) {
  return Encode(picture, dpi, IFF_JFIF_JPEG, quality);
}

std::string ImageOnlyPdf(const std::vector<GrayPicture>& pictures, int dpi) {
  // Objects: 1 catalog, 2 pages, then per page: page, content, image.
  std::vector<std::string> objects;
  std::string kids;
  const size_t n = pictures.size();
  for (size_t i = 0; i < n; ++i) kids += std::to_string(3 + 3 * i) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  for (size_t i = 0; i < n; ++i) {
    const GrayPicture& p = pictures[i];
    const double w = p.width * 72.0 / dpi, h = p.height * 72.0 / dpi;
    const std::string page_num = std::to_string(3 + 3 * i);
    const std::string content_num = std::to_string(4 + 3 * i);
    const std::string image_num = std::to_string(5 + 3 * i);
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(w) + " " +
                      std::to_string(h) + "] /Resources << /XObject << /Im0 " + image_num +
                      " 0 R >> >> /Contents " + content_num + " 0 R >>");
    const std::string content =
        "q " + std::to_string(w) + " 0 0 " + std::to_string(h) + " 0 0 cm /Im0 Do Q";
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
    const std::string data = Deflate(p.pixels);
    objects.push_back("<< /Type /XObject /Subtype /Image /Width " + std::to_string(p.width) +
                      " /Height " + std::to_string(p.height) +
                      " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length " +
                      std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream");
  }
  return AssemblePdf(objects);
}

}  // namespace xxgk::testing
