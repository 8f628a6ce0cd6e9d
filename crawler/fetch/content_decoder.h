// ContentDecoder: a response body's Content-Encoding (gzip, deflate) undone by the fetch engine
// itself, step by step, into room it was given — so that every decoded byte is asked of the
// budget of bodies in flight (body_budget.h) before it exists.
//
// Why the engine decodes, not libcurl (issue 17): libcurl 7.88 decodes as it reads, and when the
// write callback pauses a transfer (CURL_WRITEFUNC_PAUSE: the budget is out) it goes on decoding
// the rest of what it had read (up to CURLOPT_BUFFERSIZE, then 128 KiB) into its own pause buffer,
// which may grow to 64 MiB before the transfer fails: 128 KiB of gzip can inflate a thousand
// times. So 80 paused transfers of gzip bombs, or of huge highly compressible pages, held up to
// 80 x 64 MiB outside the budget (bench/run_inflight_bench.sh, gzip mode). libcurl took this up
// only in 2025 (curl/curl#16280, #16296: a pause writer before the decoders), long after the
// 7.88 Debian 12 ships. The alternatives: pausing receive from outside the callback still
// decodes what was read; CURLOPT_BUFFERSIZE bounds the
// compressed bytes, not what they inflate to; CURLOPT_MAXFILESIZE counts compressed bytes. With
// CURLOPT_HTTP_CONTENT_DECODING off, libcurl hands over the bytes as sent, a paused transfer
// keeps at most one read of them (the receive buffer, 16 KiB), and the engine inflates only into what the budget
// granted: a refused chunk is paused *part-decoded*, and when libcurl hands it over again (from
// its first byte, as it does after a pause) the part already decoded is skipped
// (Fetcher::OnBody). zlib's state is fixed (about 44 KiB a stream, its 32 KiB window included),
// whatever the server sends.
//
// What is offered: "gzip, deflate" — what zlib decodes, and what portals send. br and zstd are
// no longer asked for: their decoders' windows are the sender's choice (brotli up to 16 MiB,
// zstd up to 128 MiB by default), outside any budget. A response in an encoding that was not
// asked for (or a stack of several) fails as kOther, as libcurl fails an encoding it does not
// know; "identity" is no encoding.
//
// Guarantees: Decode never writes more than `room` bytes; the input it reports consumed is fed
// to zlib for good (decoding it again would repeat output); after the end of the stream, further
// input is ignored (as libcurl does with bytes after a gzip member's trailer); a "deflate" body is
// read as zlib data, or as raw deflate when it does not start with a zlib header (servers send
// both). Errors are the stream's own (a corrupt body).
// Thread safety: one decoder per transfer, used on one thread.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace xxgk::crawl {

// The Accept-Encoding the engine sends: exactly what ContentDecoder undoes.
inline constexpr const char* kAcceptEncoding = "gzip, deflate";

class ContentDecoder {
 public:
  // The decoder for a Content-Encoding header's value: null (and Ok) for none or "identity",
  // an error naming the encoding for one that is not gzip, x-gzip or deflate, or a stack of them.
  static Status For(std::string_view content_encoding, std::unique_ptr<ContentDecoder>* out);
  ~ContentDecoder();
  ContentDecoder(const ContentDecoder&) = delete;
  ContentDecoder& operator=(const ContentDecoder&) = delete;

  // Decodes from `in`, appending at most `room` bytes to `out`. `*consumed`: the bytes of `in`
  // taken (less than all only when `room` ran out). `*more`: output is waiting that did not fit
  // (call again with room, even with no input).
  Status Decode(std::string_view in, size_t room, std::string* out, size_t* consumed, bool* more);
  bool ended() const { return ended_; }

 private:
  explicit ContentDecoder(bool gzip);
  Status Restart(bool raw);

  z_stream stream_{};
  bool gzip_;
  bool started_ = false;  // input seen (a deflate body may still be restarted as raw)
  bool raw_ = false;
  bool ended_ = false;
  bool open_ = false;
};

}  // namespace xxgk::crawl
