// ContentDecoder (crawler/fetch/content_decoder.h): gzip and deflate (zlib-wrapped and raw)
// undone into bounded room, a step at a time, exactly as a whole decode would; what it takes of
// its input is taken for good; encodings that were not asked for are refused with their name.
#include "crawler/fetch/content_decoder.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <memory>
#include <random>
#include <string>

#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl {
namespace {

// `data` deflated with zlib's header (windowBits 15) or raw (-15).
std::string Deflate(const std::string& data, int window_bits) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Text(size_t size) {  // compressible, but not trivially
  std::mt19937 random(7);
  std::string text;
  while (text.size() < size) text += "第" + std::to_string(random() % 1000) + "条 公开 ";
  text.resize(size);
  return text;
}

// Decodes `encoded` as the engine does: in chunks of `chunk` bytes, each decoded with at most
// `room` bytes of output per call; a chunk left part-taken is handed over again from where the
// decoder stopped (as after a pause). Returns the output.
std::string DecodeInSteps(ContentDecoder& decoder, const std::string& encoded, size_t chunk,
                          size_t room) {
  std::string out;
  for (size_t at = 0; at < encoded.size(); at += chunk) {
    std::string_view in = std::string_view(encoded).substr(at, chunk);
    bool more = true;
    while (!in.empty() || more) {
      size_t consumed = 0;
      const size_t before = out.size();
      const Status s = decoder.Decode(in, room, &out, &consumed, &more);
      EXPECT_TRUE(s.ok()) << s.message();
      if (!s.ok()) return out;
      EXPECT_LE(out.size() - before, room);  // never more than the room given
      in.remove_prefix(consumed);
      if (!more && !in.empty()) {
        ADD_FAILURE() << "input left and no output waiting";
        return out;
      }
    }
  }
  return out;
}

TEST(ContentDecoder, NoEncodingOrIdentityNeedsNoDecoder) {
  for (const char* value : {"", "identity", " Identity ,"}) {
    std::unique_ptr<ContentDecoder> decoder;
    EXPECT_TRUE(ContentDecoder::For(value, &decoder).ok()) << value;
    EXPECT_EQ(decoder, nullptr) << value;
  }
}

TEST(ContentDecoder, EncodingsNotAskedForAreRefusedByName) {
  for (const char* value : {"br", "zstd", "gzip, br", "gzip, gzip", "compress"}) {
    std::unique_ptr<ContentDecoder> decoder;
    const Status s = ContentDecoder::For(value, &decoder);
    EXPECT_FALSE(s.ok()) << value;
    EXPECT_NE(s.message().find(value), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(kAcceptEncoding), std::string::npos) << s.message();
  }
}

TEST(ContentDecoder, GzipInTinyRoomAndChunksIsTheWholeText) {
  const std::string text = Text(300000);
  const std::string gz = testing::Gzip(text);
  for (const auto& [chunk, room] : {std::pair<size_t, size_t>{gz.size(), 1 << 20},
                                    {1, 7}, {16384, 100}, {3, 65536}}) {
    std::unique_ptr<ContentDecoder> decoder;
    ASSERT_TRUE(ContentDecoder::For("gzip", &decoder).ok());
    EXPECT_TRUE(DecodeInSteps(*decoder, gz, chunk, room) == text) << chunk << " / " << room;
    EXPECT_TRUE(decoder->ended());
  }
  std::unique_ptr<ContentDecoder> x_gzip;
  ASSERT_TRUE(ContentDecoder::For("X-GZIP", &x_gzip).ok());
  EXPECT_TRUE(DecodeInSteps(*x_gzip, gz, 4096, 4096) == text);
}

TEST(ContentDecoder, ABombIsTakenOnlyAsFarAsTheRoomAllows) {
  // 1 KiB of gzip that inflates to 32 MiB: with 64 KiB of room, little of it is taken, and
  // output is waiting — the engine pauses here instead of inflating it all.
  const std::string bomb = testing::Gzip(std::string(size_t{32} << 20, '\0'));
  std::unique_ptr<ContentDecoder> decoder;
  ASSERT_TRUE(ContentDecoder::For("gzip", &decoder).ok());
  std::string out;
  size_t consumed = 0;
  bool more = false;
  ASSERT_TRUE(decoder->Decode(bomb, 65536, &out, &consumed, &more).ok());
  EXPECT_EQ(out.size(), 65536u);
  EXPECT_TRUE(more);
  EXPECT_LT(consumed, bomb.size());
}

TEST(ContentDecoder, DeflateIsReadWithOrWithoutTheZlibHeader) {
  const std::string text = Text(100000);
  for (int bits : {15, -15}) {
    std::unique_ptr<ContentDecoder> decoder;
    ASSERT_TRUE(ContentDecoder::For("deflate", &decoder).ok());
    EXPECT_TRUE(DecodeInSteps(*decoder, Deflate(text, bits), 1000, 5000) == text) << bits;
  }
}

TEST(ContentDecoder, BytesAfterTheEndAreIgnoredAndCorruptBodiesFail) {
  const std::string text = Text(5000);
  std::unique_ptr<ContentDecoder> decoder;
  ASSERT_TRUE(ContentDecoder::For("gzip", &decoder).ok());
  EXPECT_TRUE(DecodeInSteps(*decoder, testing::Gzip(text) + "trailing junk", 100, 1 << 20) == text);

  std::string corrupt = testing::Gzip(text);
  corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x55);
  corrupt[corrupt.size() / 2 + 1] = static_cast<char>(corrupt[corrupt.size() / 2 + 1] ^ 0x55);
  ASSERT_TRUE(ContentDecoder::For("gzip", &decoder).ok());
  std::string out;
  size_t consumed = 0;
  bool more = false;
  // Room for all of it: the decoder reaches the damage, or at the latest the CRC in the trailer.
  Status s = decoder->Decode(corrupt, 1 << 20, &out, &consumed, &more);
  EXPECT_FALSE(s.ok()) << "a corrupt body decoded without an error";
  ASSERT_TRUE(ContentDecoder::For("gzip", &decoder).ok());
  s = decoder->Decode("not gzip at all", 1 << 20, &out, &consumed, &more);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bad gzip body"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace xxgk::crawl
