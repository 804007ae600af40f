#include "identity/recovery_codes.h"

#include <algorithm>
#include <cctype>

#include "core/crypto.h"

namespace cg::identity {
namespace {

// No 0/o, 1/l/i: codes are often read off paper and typed in by hand.
// 31 symbols x 12 characters is about 59.5 bits.
constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
constexpr int kGroups = 3;
constexpr int kGroupLength = 4;

std::string new_code() {
  std::string code;
  for (int g = 0; g < kGroups; ++g) {
    if (g > 0) code.push_back('-');
    for (int i = 0; i < kGroupLength; ++i) {
      code.push_back(kAlphabet[crypto::random_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
    }
  }
  return code;
}

}  // namespace

std::vector<std::string> new_recovery_codes(int count) {
  std::vector<std::string> codes;
  while (static_cast<int>(codes.size()) < count) {
    auto code = new_code();
    // A repeat is vanishingly unlikely, but two equal codes would share one stored hash.
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  return codes;
}

std::string normalise_recovery_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || std::isspace(static_cast<unsigned char>(c))) continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string recovery_code_hash(std::string_view code) {
  return crypto::sha256_hex(normalise_recovery_code(code));
}

}  // namespace cg::identity
