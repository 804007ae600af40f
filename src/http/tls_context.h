#pragma once
// The OpenSSL settings for serving HTTPS directly: TLS 1.2 and 1.3 only, forward-secret AEAD
// cipher suites, no compression, no renegotiation. Kept apart from the server so the policy
// can be read in one place and the heavy Asio SSL headers stay in one .cpp.
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace cg::http {

// Cipher suites offered for TLS 1.2, best first (the server's order wins). TLS 1.3 suites are
// OpenSSL's defaults, which are all AEAD with forward secrecy.
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// Builds a server context from a PEM certificate file (the certificate first, then any
// intermediates) and a PEM private key file without a passphrase. Throws cg::Error with a
// message naming the setting and the file when either is missing, unreadable or not PEM, when
// only one of the two is given, or when the key does not belong to the certificate.
std::unique_ptr<boost::asio::ssl::context> make_tls_server_context(const std::string& cert_file,
                                                                   const std::string& key_file);

}  // namespace cg::http
