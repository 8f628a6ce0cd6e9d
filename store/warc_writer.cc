// WARC 1.1 records and gzip members, by hand (see warc_writer.h for why).
#include "store/warc_writer.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "base/temp_file.h"

namespace xxgk::store {
namespace {

std::string Sha1(std::string_view bytes) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string OneLine(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

std::string Base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::string WarcSha1(std::string_view bytes) { return "sha1:" + Base32(Sha1(bytes)); }

std::string WarcRecordId(std::string_view name) {
  std::string h = Sha1(name);
  h[6] = static_cast<char>((h[6] & 0x0F) | 0x50);  // version 5
  h[8] = static_cast<char>((h[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "<urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    const auto b = static_cast<unsigned char>(h[i]);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out + ">";
}

std::string SerializeWarcRecord(const WarcRecord& record) {
  std::string out = "WARC/1.1\r\n";
  for (const auto& [name, value] : record.fields) {
    out += OneLine(name) + ": " + OneLine(value) + "\r\n";
  }
  out += "Content-Length: " + std::to_string(record.block.size()) + "\r\n\r\n";
  out += record.block;
  out += "\r\n\r\n";
  return out;
}

std::string GzipMember(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

WarcWriter::~WarcWriter() {
  if (file_) std::fclose(file_);
}

Status WarcWriter::Open(const std::string& path, bool exclusive, bool* exists) {
  path_ = path;
  file_ = std::fopen(path.c_str(), exclusive ? "wbx" : "wb");  // "x": O_EXCL (C11, glibc)
  if (exists) *exists = !file_ && errno == EEXIST;
  if (!file_) return Status::Error(path + ": " + std::strerror(errno));
  size_ = 0;
  return Status::Ok();
}

Status WarcWriter::OpenTemporaryFor(const std::string& final_path, std::string* tmp) {
  file_ = OpenTemporaryBeside(final_path, tmp);
  if (!file_) return Status::Error(final_path + ": " + std::strerror(errno));
  path_ = *tmp;
  size_ = 0;
  return Status::Ok();
}

Status WarcWriter::Write(const WarcRecord& record, uint64_t* offset, uint64_t* length) {
  if (!file_) return Status::Error("WARC file not open");
  const std::string member = GzipMember(SerializeWarcRecord(record));
  if (member.empty()) return Status::Error(path_ + ": gzip failed");
  if (std::fwrite(member.data(), 1, member.size(), file_) != member.size()) {
    return Status::Error(path_ + ": " + std::strerror(errno));
  }
  if (offset) *offset = size_;
  if (length) *length = member.size();
  size_ += member.size();
  return Status::Ok();
}

Status WarcWriter::Close() {
  if (!file_) return Status::Ok();
  const bool ok = std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
  const int saved = errno;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!ok || !closed) return Status::Error(path_ + ": " + std::strerror(ok ? errno : saved));
  return Status::Ok();
}

}  // namespace xxgk::store
