// Exported document files: the name every stored document is written under,
// `NNN_<doc_id>.txt` (NNN the archive sequence number, zero-padded to at least 3 digits, exactly
// like the seed reports), and an atomic write of such a file into a folder.
// Guarantees: a name is built only from a number and a doc_id that IsDocId accepts, and the write
// never follows a link, so nothing lands outside the folder whatever the archive holds; a file
// appears complete or not at all (written under a temporary name, then renamed).
// Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace xxgk::store {

// 16 lower-case hex digits.
bool IsDocId(std::string_view s);

// "007_d897ee77a401e675.txt". REQUIRES: IsDocId(doc_id).
std::string DocumentFileName(uint64_t seq, std::string_view doc_id);

// Writes `name` inside the open directory `dir_fd`: a temporary ".<name>.tmp" created with
// O_EXCL | O_NOFOLLOW, then renamed over `name`. On error the temporary is removed and the
// Status carries the system's reason (strerror).
Status WriteFileInDirectory(int dir_fd, const std::string& name, std::string_view data);

}  // namespace xxgk::store
