// See test_certificate.h.
#include "tests/crawler/test_certificate.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace xxgk::crawl::testing {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate: ") + what + " failed");
}

void AddExtension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  Owned<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  Check(extension != nullptr, "X509V3_EXT_conf_nid");
  Check(X509_add_ext(certificate, extension.get(), -1) == 1, "X509_add_ext");
}

std::string ReadAll(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

TestTls MakeSelfSignedCertificate(const std::vector<std::string>& dns_names) {
  Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
  Check(key != nullptr, "EVP_EC_gen");
  Owned<X509> certificate(X509_new());
  Check(certificate != nullptr, "X509_new");
  X509* x = certificate.get();
  Check(X509_set_version(x, 2) == 1, "X509_set_version");  // v3
  unsigned char serial[8];
  Check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
  serial[0] &= 0x7f;
  long serial_number = 0;
  for (unsigned char byte : serial) serial_number = (serial_number << 8) | byte;
  Check(ASN1_INTEGER_set(X509_get_serialNumber(x), serial_number) == 1, "serial");
  Check(X509_gmtime_adj(X509_getm_notBefore(x), -3600) != nullptr, "notBefore");
  Check(X509_gmtime_adj(X509_getm_notAfter(x), 86400) != nullptr, "notAfter");
  Check(X509_set_pubkey(x, key.get()) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(x);
  Check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("xxgk test"), -1, -1,
                                   0) == 1,
        "subject");
  Check(X509_set_issuer_name(x, name) == 1, "issuer");
  std::string alt_names;
  for (const std::string& dns : dns_names)
    alt_names += (alt_names.empty() ? "DNS:" : ",DNS:") + dns;
  AddExtension(x, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(x, NID_subject_key_identifier, "hash");
  if (!alt_names.empty()) AddExtension(x, NID_subject_alt_name, alt_names);
  Check(X509_sign(x, key.get(), EVP_sha256()) > 0, "X509_sign");

  Owned<BIO> certificate_pem(BIO_new(BIO_s_mem()));
  Owned<BIO> key_pem(BIO_new(BIO_s_mem()));
  Check(certificate_pem && key_pem, "BIO_new");
  Check(PEM_write_bio_X509(certificate_pem.get(), x) == 1, "PEM_write_bio_X509");
  Check(PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
            1,
        "PEM_write_bio_PrivateKey");
  return TestTls{ReadAll(certificate_pem.get()), ReadAll(key_pem.get())};
}

std::string WriteCaFile(const TestTls& tls, const std::string& stem) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            (stem + "_" + std::to_string(::getpid()) + ".pem"))
                               .string();
  std::ofstream(path) << tls.certificate_pem;
  return path;
}

}  // namespace xxgk::crawl::testing
