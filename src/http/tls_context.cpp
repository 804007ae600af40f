#include "http/tls_context.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/context.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/log.h"

namespace cg::http {

namespace {

// OpenSSL's own reasons, oldest first, so the operator sees why a file was refused; empties
// the queue so a later failure does not repeat them.
std::string openssl_errors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    if (!out.empty()) out += "; ";
    out += text;
  }
  return out.empty() ? "no detail from OpenSSL" : out;
}

[[noreturn]] void refuse(const std::string& setting, const std::string& file,
                         const std::string& problem) {
  throw Error(ErrorCode::bad_request, setting + " " + file + ": " + problem);
}

// Checks the file can be opened before OpenSSL is asked, so a missing file gets the plain
// system reason rather than an OpenSSL error code.
void require_readable(const std::string& setting, const std::string& file) {
  std::ifstream in(file);
  if (!in) refuse(setting, file, std::string("cannot read it (") + std::strerror(errno) + ")");
}

// A key with a passphrase would make OpenSSL prompt on the terminal and hang a service start;
// answering "no passphrase" makes reading it fail with a message instead.
int no_passphrase(char*, int, int, void*) { return 0; }

}  // namespace

std::unique_ptr<boost::asio::ssl::context> make_tls_server_context(const std::string& cert_file,
                                                                   const std::string& key_file) {
  if (cert_file.empty() || key_file.empty())
    throw Error(ErrorCode::bad_request,
                std::string(cert_file.empty() ? "tls_key_file" : "tls_cert_file") + " is set but " +
                    (cert_file.empty() ? "tls_cert_file" : "tls_key_file") +
                    " is not: set both to serve HTTPS, or neither to serve plain HTTP");
  require_readable("tls_cert_file", cert_file);
  require_readable("tls_key_file", key_file);

  auto context = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  ERR_clear_error();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1)
    throw Error(ErrorCode::internal,
                "OpenSSL refused the TLS 1.2 cipher list: " + openssl_errors());

  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1)
    refuse("tls_cert_file", cert_file,
           "not a PEM certificate (chain) OpenSSL can use: " + openssl_errors());
  // The key is read apart from the context so that "not a key" and "not this certificate's
  // key" get different messages (OpenSSL reports both as a failure to use the key).
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(key_file.c_str(), "r"), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr,
      EVP_PKEY_free);
  if (!key)
    refuse("tls_key_file", key_file,
           "not a PEM private key without a passphrase: " + openssl_errors());
  if (X509_check_private_key(SSL_CTX_get0_certificate(ctx), key.get()) != 1) {
    ERR_clear_error();
    refuse("tls_key_file", key_file,
           "this key does not belong to the certificate in tls_cert_file " + cert_file);
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1)
    refuse("tls_key_file", key_file, "OpenSSL cannot use this key: " + openssl_errors());

  // An expired certificate still loads (renewal may be on its way) but every browser will
  // refuse it, so say so where the operator looks.
  if (X509* cert = SSL_CTX_get0_certificate(ctx);
      cert && X509_cmp_current_time(X509_get0_notAfter(cert)) < 0)
    log::warn("tls_certificate_expired", {{"tls_cert_file", cert_file}});
  return context;
}

}  // namespace cg::http
