// Exported document files: the name every stored document is written under (and how a person
// names one document back: doc_id, number or file name),
// `NNN_<doc_id>.txt` (NNN the archive sequence number, zero-padded to at least 3 digits, exactly
// like the seed reports), and an atomic write of such a file into a folder.
// Guarantees: a name is built only from a number and a doc_id that IsDocId accepts, and the write
// never follows a link, so nothing lands outside the folder whatever the archive holds; a file
// appears complete or not at all (written under a temporary name, then renamed).
// Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace xxgk::store {

// 16 lower-case hex digits.
bool IsDocId(std::string_view s);

// "007_d897ee77a401e675.txt". REQUIRES: IsDocId(doc_id).
std::string DocumentFileName(uint64_t seq, std::string_view doc_id);

// How a person names one stored document: its doc_id ("d897ee77a401e675"), its sequence number
// ("7" or "007"), or the name it is exported under ("007_d897ee77a401e675.txt", a leading folder
// path allowed). A file name gives both; the doc_id is then the document's identity and the
// number only a hint.
struct DocumentReference {
  std::string doc_id;            // empty when only a number was given
  std::optional<uint64_t> seq;   // absent when only a doc_id was given
};
// False when `text` is none of the three forms.
bool ParseDocumentReference(std::string_view text, DocumentReference* out);

// Writes `name` inside the open directory `dir_fd`: a temporary ".<name>.tmp" created with
// O_EXCL | O_NOFOLLOW, then renamed over `name`. On error the temporary is removed and the
// Status carries the system's reason (strerror).
Status WriteFileInDirectory(int dir_fd, const std::string& name, std::string_view data);

}  // namespace xxgk::store
