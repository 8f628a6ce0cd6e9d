// RequestKey: the name of one HTTP request when the URL alone does not name it — a form POST,
// whose answer depends on its body (Hanweb's dataproxy.jsp: the same URL lists another column for
// another columnid in the body). The key is the URL with `__wb_method=POST&<body>` appended, the
// convention of pywb and warcio for POST requests, so the frontier's seen set, the archive's URL
// index and (with the body decoded as warcio does) the CDXJ keys all name a POST the same way.
// A GET's key is its URL.
#pragma once

#include <string>
#include <string_view>

namespace xxgk {

inline std::string RequestKey(std::string_view url, std::string_view form_body) {
  std::string key(url);
  if (form_body.empty()) return key;
  const size_t q = key.find('?');
  key += (q != std::string::npos && q > 0) ? "&" : "?";
  key += "__wb_method=POST&";
  key += form_body;
  return key;
}

}  // namespace xxgk
