// A minimal reader of .warc.gz files for the tests (zlib, member by member): each record's
// offset and length in the file, its WARC fields and its block. Not for production use: it
// trusts Content-Length and keeps whole files in memory.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace xxgk::testing {

struct ReadRecord {
  uint64_t offset = 0, length = 0;  // the gzip member
  std::map<std::string, std::string> fields;  // names as written
  std::string block;
  bool complete = false;  // the member ended right after the record's closing CRLF CRLF
  std::string Field(const std::string& name) const {
    auto it = fields.find(name);
    return it == fields.end() ? "" : it->second;
  }
};

// One gzip member at `offset`: its inflated bytes and the compressed length (0 on error).
inline std::string InflateMember(const std::string& file, uint64_t offset, uint64_t* length) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(file.data() + offset));
  z.avail_in = static_cast<uInt>(file.size() - offset);
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  *length = rc == Z_STREAM_END ? z.total_in : 0;
  inflateEnd(&z);
  return out;
}

inline std::vector<ReadRecord> ReadWarcGz(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string file = ss.str();
  std::vector<ReadRecord> records;
  uint64_t offset = 0;
  while (offset < file.size()) {
    ReadRecord r;
    r.offset = offset;
    const std::string data = InflateMember(file, offset, &r.length);
    if (r.length == 0) break;
    const size_t head_end = data.find("\r\n\r\n");
    if (data.rfind("WARC/1.1\r\n", 0) == 0 && head_end != std::string::npos) {
      std::istringstream head(data.substr(10, head_end - 10 + 2));
      std::string line;
      while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t colon = line.find(": ");
        if (colon != std::string::npos) r.fields[line.substr(0, colon)] = line.substr(colon + 2);
      }
      const size_t size = std::stoull(r.Field("Content-Length").empty() ? "0" : r.Field("Content-Length"));
      r.block = data.substr(head_end + 4, size);
      r.complete = data.size() == head_end + 4 + size + 4 && data.compare(head_end + 4 + size, 4, "\r\n\r\n") == 0;
    }
    records.push_back(std::move(r));
    offset += records.back().length;
  }
  return records;
}

}  // namespace xxgk::testing
