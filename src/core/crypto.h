#pragma once
// Small wrappers over libsodium: randomness, hashing and encodings used across the server.
#include <cstdint>
#include <string>
#include <string_view>

namespace cg::crypto {

void init();  // must run once before any other call (idempotent)
std::string random_bytes(size_t n);
std::string random_token(size_t bytes = 32);  // base64url, no padding
std::string sha256_hex(std::string_view data);
std::string hex(std::string_view bytes);
std::string base64url(std::string_view bytes);
std::string base32(std::string_view bytes);
std::string base64(std::string_view bytes);      // RFC 4648 with padding
std::string from_base64(std::string_view text);  // throws std::runtime_error on bad input  // RFC
                                                 // 4648, no padding (TOTP secrets)
bool equal_constant_time(std::string_view a, std::string_view b);
uint32_t random_uniform(uint32_t upper_bound);

}  // namespace cg::crypto
