#pragma once
// The write workload of the crash-safety test (crash_workload_test.cpp). Each writer is the
// lead of its own organisation, so writers never wait on each other's rows, and keeps a ledger
// of every write it sent: acknowledged (the server answered success) or in flight (the server
// was killed before answering, so the write may or may not have happened). The checks in
// crash_workload_check.h hold the database to that ledger after each kill.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "harness.h"

namespace cg::test::crash {

enum class Kind { answer, upload, publish, invite };
inline constexpr Kind kAllKinds[] = {Kind::answer, Kind::upload, Kind::publish, Kind::invite};
const char* kind_name(Kind kind);

// An organisation may send 50 invitations an hour and keep 500 uploaded files; each writer
// stays under both, so no write is ever refused for them, and writes answers instead.
inline constexpr int kMaxInvitationsPerWriter = 45;
inline constexpr int kMaxUploadsPerWriter = 450;

struct Write {
  Kind kind = Kind::answer;
  std::string tag;             // unique in the whole run; the checks find the write by it
  std::string bytes;           // upload: the file sent
  int64_t publication_id = 0;  // publish: from the server's answer, when acknowledged
  bool acknowledged = false;
  // A write in flight at the kill: whether the first look afterwards found it. Later looks
  // must agree (nothing half-written turns up or goes away on a later restart).
  std::optional<bool> found;
};

// How a write of each kind shows its tag.
std::string answer_text(const std::string& tag);    // the text answer (its note is the tag)
std::string upload_name(const std::string& tag);    // the file name, kept as evidence title
std::string invitee_email(const std::string& tag);  // who is invited

struct Writer {
  int index = 0;
  int64_t org_id = 0;
  std::string password;         // the lead's, which publishing asks for
  std::string totp_secret;      // the lead's two-step secret, for signing in through the form
  std::string token;            // the lead's API token
  std::string assessment_path;  // /api/v1/orgs/ORG/assessments/ID
  int64_t assessment_id = 0;
  std::string edition;
  std::string answer_item;  // a free-text item, rewritten by answer writes
  std::string upload_item;  // the item uploaded files are evidence for
  // The lead signed in through the sign-in form (uploads are a page form). Its session cookie
  // outlives the server: requests name the new port in absolute URLs.
  std::unique_ptr<Client> browser;
  std::string csrf_token;
  std::vector<Write> writes;
  std::vector<std::string> refusals;  // any answer but success: the test fails on these
};

// Writes of each kind acknowledged in the current round, counted by all the writers, so the
// test can let every kind go through (publishing, which checks the password, is slow) before it
// picks the moment to kill.
struct RoundProgress {
  std::array<std::atomic<int>, std::size(kAllKinds)> acknowledged{};
  std::array<bool, std::size(kAllKinds)> expected{};  // kinds some writer may still send
  bool every_expected_kind_acknowledged() const;
};

// Whether the writer may send another write of this kind (see the limits above).
bool may_write(const Writer& w, Kind kind);

// Sends a random mix of writes, one at a time, to the server at `base_url` until `stop` is set
// or a request fails (the server was killed). Only this writer's thread touches `w`.
void write_until_stopped(Writer& w, const std::string& base_url, const std::atomic<bool>& stop,
                         RoundProgress& progress, const std::string& run_id, uint32_t seed);

}  // namespace cg::test::crash
