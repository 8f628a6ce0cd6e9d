// See content_decoder.h.
#include "crawler/fetch/content_decoder.h"

#include <algorithm>
#include <cstdint>

#include "base/ascii_case.h"

namespace xxgk::crawl {
namespace {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

constexpr size_t kStep = 16 << 10;  // output per inflate call, from a buffer on the stack

}  // namespace

Status ContentDecoder::For(std::string_view content_encoding, std::unique_ptr<ContentDecoder>* out) {
  out->reset();
  std::string_view chosen;
  size_t codings = 0;
  std::string_view rest = content_encoding;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view coding = TrimSpaces(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (coding.empty() || EqualsIgnoringAsciiCase(coding, "identity")) continue;
    chosen = coding;
    ++codings;
  }
  if (codings == 0) return Status::Ok();
  const bool gzip = EqualsIgnoringAsciiCase(chosen, "gzip") || EqualsIgnoringAsciiCase(chosen, "x-gzip");
  if (codings > 1 || (!gzip && !EqualsIgnoringAsciiCase(chosen, "deflate"))) {
    return Status::Error("Content-Encoding '" + std::string(TrimSpaces(content_encoding)) +
                         "' not asked for (Accept-Encoding: " + kAcceptEncoding + ")");
  }
  std::unique_ptr<ContentDecoder> decoder(new ContentDecoder(gzip));
  if (Status s = decoder->Restart(false); !s.ok()) return s;
  *out = std::move(decoder);
  return Status::Ok();
}

ContentDecoder::ContentDecoder(bool gzip) : gzip_(gzip) {}

ContentDecoder::~ContentDecoder() {
  if (open_) inflateEnd(&stream_);
}

Status ContentDecoder::Restart(bool raw) {
  if (open_) inflateEnd(&stream_);
  open_ = false;
  stream_ = z_stream{};
  raw_ = raw;
  // 15 + 16: gzip only; 15: zlib; -15: raw deflate. The largest window, 32 KiB, in every case.
  const int bits = gzip_ ? 15 + 16 : raw ? -15 : 15;
  if (inflateInit2(&stream_, bits) != Z_OK) return Status::Error("zlib: cannot start a decoder");
  open_ = true;
  return Status::Ok();
}

Status ContentDecoder::Decode(std::string_view in, size_t room, std::string* out, size_t* consumed,
                              bool* more) {
  *consumed = 0;
  *more = false;
  if (ended_) {  // bytes after the end of the stream: ignored
    *consumed = in.size();
    return Status::Ok();
  }
  char buffer[kStep];
  while (true) {
    const size_t step = std::min(room, kStep);
    if (step == 0) {
      // No room: say whether output is waiting (input left, or zlib holds some back).
      *more = *consumed < in.size() || stream_.avail_out == 0;
      return Status::Ok();
    }
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + *consumed));
    stream_.avail_in = static_cast<uInt>(std::min<size_t>(in.size() - *consumed, UINT32_MAX));
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(step);
    const uInt before_in = stream_.avail_in;
    const int code = inflate(&stream_, Z_NO_FLUSH);
    const size_t taken = before_in - stream_.avail_in;
    const size_t produced = step - stream_.avail_out;
    if (code == Z_DATA_ERROR && !gzip_ && !raw_ && !started_) {
      // "deflate" sent as raw deflate, without the zlib header RFC 9110 asks for.
      if (Status s = Restart(true); !s.ok()) return s;
      started_ = true;
      continue;
    }
    if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR) {
      return Status::Error(std::string("bad ") + (gzip_ ? "gzip" : "deflate") + " body: " +
                           (stream_.msg != nullptr ? stream_.msg : "zlib error " + std::to_string(code)));
    }
    started_ = started_ || taken > 0;
    *consumed += taken;
    out->append(buffer, produced);
    room -= produced;
    if (code == Z_STREAM_END) {
      ended_ = true;
      *consumed = in.size();
      return Status::Ok();
    }
    // Done with this input when it is all taken and zlib did not fill the buffer (nothing held).
    if (*consumed == in.size() && stream_.avail_out > 0) return Status::Ok();
    if (taken == 0 && produced == 0) return Status::Ok();  // needs more input than there is
  }
}

}  // namespace xxgk::crawl
