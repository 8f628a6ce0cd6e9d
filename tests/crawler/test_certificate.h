// A throwaway TLS identity for tests: a self-signed certificate (its own CA) for the given DNS
// names, with a fresh EC P-256 key, made with the OpenSSL API in memory. Nothing is read from or
// committed to the repository; a test writes the certificate (never the key) to a temp file when
// a client needs it as its CA file.
// Thread safety: each call is independent.
#pragma once

#include <string>
#include <vector>

#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {

// Valid from an hour ago for a day; subjectAltName lists `dns_names`; basicConstraints CA:TRUE,
// so the certificate verifies when a client is given it as its CA. Throws on an OpenSSL error.
TestTls MakeSelfSignedCertificate(const std::vector<std::string>& dns_names);

// Writes `tls`'s certificate alone (never its key) to <temp dir>/<stem>_<pid>.pem, for a client's
// CA file, and returns the path. The caller removes it.
std::string WriteCaFile(const TestTls& tls, const std::string& stem);

}  // namespace xxgk::crawl::testing
