#pragma once
// One-time recovery codes that let a person sign in when they lose their authenticator app.
// Only their hashes are stored.
#include <string>
#include <string_view>
#include <vector>

namespace cg::identity {

// count distinct codes like "k7q2-m9xd-4hfp" (about 60 bits each).
std::vector<std::string> new_recovery_codes(int count = 10);
// Lower case without spaces or hyphens, so "K7Q2 M9XD 4HFP" matches "k7q2-m9xd-4hfp".
std::string normalise_recovery_code(std::string_view code);
// sha256_hex of the normalised code. Codes are random, so a fast hash is enough.
std::string recovery_code_hash(std::string_view code);

}  // namespace cg::identity
