// The entry of xxgk-readers.so (reader_module.h): the table of the real readers. Built with
// hidden visibility: this function is all the module exports.
#include "extract/text/reader_module.h"

namespace {

const xxgk::extract::ReaderTable kTable = [] {
  xxgk::extract::ReaderTable table = xxgk::extract::ExpectedReaderLayout();
  table.pdf_to_text = &xxgk::extract::PdfToText;
  table.ocr_image = &xxgk::extract::OcrImage;
  table.ocr_pdf = &xxgk::extract::OcrPdf;
  return table;
}();

}  // namespace

extern "C" __attribute__((visibility("default"))) const xxgk::extract::ReaderTable*
xxgk_reader_table() {
  return &kTable;
}
