// Crash safety under the writes people really make (issue #5). Five organisation leads, each
// with their own organisation and connection, change a toolkit answer over the API, upload
// evidence files through the item page form, publish their completed assessment and invite
// people, all at once, while the server is killed with SIGKILL at a random moment, 20 times.
// After every kill the database is held to what the clients saw (crash_workload_check.h) and
// `careguard audit verify` must pass; at the end the server starts and hands back every
// acknowledged file byte for byte. On both databases, through the real binary.
#include "crash_workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "crash_workload_check.h"
#include "flows.h"
#include "harness.h"
#include "store/database.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/content/loader.h"
#include "toolkit/store/assessment_store.h"
#include "toolkit_fill.h"

namespace cg::test {
namespace {

using nlohmann::json;

constexpr int kKills = 20;
constexpr int kWriters = 5;
constexpr int64_t kStaff = 20;
constexpr auto kMaxWait = std::chrono::seconds(10);
constexpr const char* kPassword = "kettle orange bicycle lantern";

// An item of the given answer type that a care home of kStaff people answers.
std::string applicable_item(const toolkit::Framework& f, toolkit::AnswerType type) {
  for (const toolkit::Item* item : f.all_items())
    if (item->answer.type == type && item->answer.format.empty() &&
        toolkit::item_applies(*item, "care_home", kStaff))
      return item->id;
  return "";
}

// Adds the writer's organisation, its lead and the lead's API token with the command line.
// Returns the lead's email.
std::string add_organisation_and_lead(TestServer& server, crash::Writer& w) {
  const std::string ods = "CRW" + std::to_string(w.index);
  auto org = server.cli({"org", "add", "--name", "Crash Care " + std::to_string(w.index), "--type",
                         "care_home", "--ods", ods, "--parent", "QYG", "--staff",
                         std::to_string(kStaff), "--people", "30"});
  EXPECT_EQ(org.exit_code, 0) << org.err;
  w.org_id = std::stoll(last_line(org.out));
  const std::string email = unique_email("crashlead");
  auto user = server.cli({"user", "add", "--email", email, "--name", "Grace Lead", "--org", ods,
                          "--role", "org_lead", "--password-stdin"},
                         std::string(kPassword) + "\n");
  EXPECT_EQ(user.exit_code, 0) << user.err;
  w.totp_secret = enrol_mfa_in_database(server, email);
  auto token = server.cli({"token", "create", "--email", email, "--org", ods, "--name", "crash"});
  EXPECT_EQ(token.exit_code, 0) << token.err;
  w.token = last_line(token.out);
  w.password = kPassword;
  return email;
}

// Completes the writer's assessment so it may be published, and signs the lead in through the
// form (with a code, as a lead must) for the uploads.
void prepare_writer(TestServer& server, const toolkit::Library& library, crash::Writer& w,
                    const std::string& email) {
  Client api = server.client();
  w.assessment_path = fill_assessment_to_met(api, library, w.token, w.org_id, kStaff);
  ASSERT_FALSE(w.assessment_path.empty());
  w.assessment_id = std::stoll(w.assessment_path.substr(w.assessment_path.rfind('/') + 1));
  const json assessment = json::parse(
      api.get(w.assessment_path, {{"Authorization", "Bearer " + w.token}}).body, nullptr, false);
  ASSERT_TRUE(assessment.is_object());
  const toolkit::Framework* f =
      library.find(assessment.value("framework", ""), assessment.value("edition", ""));
  ASSERT_NE(f, nullptr);
  w.edition = f->edition;
  w.answer_item = applicable_item(*f, toolkit::AnswerType::text);
  w.upload_item = applicable_item(*f, toolkit::AnswerType::yes_no);
  ASSERT_FALSE(w.answer_item.empty() || w.upload_item.empty());

  w.browser = std::make_unique<Client>(server.base_url());
  ASSERT_EQ(sign_in_with_code(*w.browser, email, kPassword, w.totp_secret).status, 303);
  auto page = w.browser->get("/orgs/" + std::to_string(w.org_id) + "/toolkit/" +
                             std::to_string(w.assessment_id) + "/items/" + w.upload_item);
  ASSERT_EQ(page.status, 200);
  w.csrf_token = w.browser->csrf_token();
  ASSERT_FALSE(w.csrf_token.empty());
}

using Clock = std::chrono::steady_clock;

// Where the time of the rounds went, for the summary.
struct Timings {
  Clock::duration starting{}, writing{}, checking{};
};

int64_t ms(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// Kills the server while the writers are busy, then holds the database to their ledgers.
void run_round(TestServer& server, std::vector<crash::Writer>& writers, const std::string& run_id,
               bool wait_for_every_kind, std::mt19937& random, Timings& time) {
  auto at = Clock::now();
  if (!server.running()) server.start();
  time.starting += Clock::now() - at;
  at = Clock::now();
  std::atomic<bool> stop{false};
  crash::RoundProgress progress;
  for (crash::Kind k : crash::kAllKinds)
    progress.expected[static_cast<size_t>(k)] = std::any_of(
        writers.begin(), writers.end(), [k](const crash::Writer& w) { return may_write(w, k); });
  std::vector<std::thread> threads;
  const std::string base_url = server.base_url();
  for (auto& w : writers)
    threads.emplace_back([&w, &stop, &progress, &base_url, &run_id, seed = random()] {
      crash::write_until_stopped(w, base_url, stop, progress, run_id, static_cast<uint32_t>(seed));
    });
  // Half the rounds are killed after a plain random 100-400 ms, often while the first
  // publications are still checking the password. The others first wait until every kind of
  // write has gone through once (kMaxWait at most, on a very busy machine), so publications
  // are acknowledged too, then are killed within a random 0-400 ms, amid whatever is in flight.
  if (wait_for_every_kind) {
    const auto give_up = Clock::now() + kMaxWait;
    while (!progress.every_expected_kind_acknowledged() && Clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(
      std::uniform_int_distribution<int>(wait_for_every_kind ? 0 : 100, 400)(random)));
  server.kill_hard();
  stop = true;
  for (auto& t : threads) t.join();
  time.writing += Clock::now() - at;
  at = Clock::now();

  auto db = store::open(server.database_url(), 1);
  db->read([&](store::Connection& c) {
    crash::check_ledgers(c, writers, clock::now());
    crash::check_database(c);
  });
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  time.checking += Clock::now() - at;
}

// After the last kill: the server serves every acknowledged upload byte for byte, and each
// organisation's status is its newest publication.
void check_served(TestServer& server, std::vector<crash::Writer>& writers) {
  server.start();
  EXPECT_EQ(server.client().get("/readyz").status, 200);
  auto db = store::open(server.database_url(), 1);
  for (auto& w : writers) {
    std::map<std::string, int64_t> evidence;
    int64_t newest = 0;
    db->read([&](store::Connection& c) {
      for (const auto& e : toolkit::store::evidence_of(c, w.org_id)) evidence[e.title] = e.id;
      for (const auto& p : toolkit::store::publications_of(c, w.org_id))
        newest = std::max(newest, p.id);
    });
    for (const auto& write : w.writes) {
      if (write.kind != crash::Kind::upload || !write.acknowledged) continue;
      const int64_t id = evidence[crash::upload_name(write.tag)];
      auto file = w.browser->get(server.base_url() + "/orgs/" + std::to_string(w.org_id) +
                                 "/evidence/" + std::to_string(id) + "/file");
      EXPECT_EQ(file.status, 200) << write.tag;
      EXPECT_TRUE(file.body == write.bytes) << write.tag << " came back different";
    }
    auto status = server.client().get("/api/v1/orgs/" + std::to_string(w.org_id) + "/status",
                                      {{"Authorization", "Bearer " + w.token}});
    ASSERT_EQ(status.status, 200) << status.body;
    const json s = json::parse(status.body, nullptr, false);
    const int64_t shown = s.contains("publication_id") && s["publication_id"].is_number_integer()
                              ? s["publication_id"].get<int64_t>()
                              : 0;  // null while nothing is published
    EXPECT_EQ(shown, newest) << status.body;
    if (newest) {
      EXPECT_EQ(s.value("status", ""), "met") << status.body;
    }
  }
}

TEST(CrashWorkloadTest, EveryKindOfAcknowledgedWriteSurvivesSigkill) {
  const auto started = Clock::now();
  const auto library =
      toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks");
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  std::vector<crash::Writer> writers(kWriters);
  std::vector<std::string> emails;
  for (int i = 0; i < kWriters; ++i) {
    writers[i].index = i;
    emails.push_back(add_organisation_and_lead(server, writers[i]));
  }
  ASSERT_FALSE(::testing::Test::HasFailure());
  server.start();
  {
    std::vector<std::thread> setting_up;
    for (int i = 0; i < kWriters; ++i)
      setting_up.emplace_back([&, i] { prepare_writer(server, library, writers[i], emails[i]); });
    for (auto& t : setting_up) t.join();
  }
  ASSERT_FALSE(::testing::Test::HasFailure()) << "setting up the writers";
  const auto prepared = Clock::now();

  std::mt19937 random(20261123);
  const std::string run_id = random_hex(3);
  int kills = 0;
  Timings time;
  for (; kills < kKills && !::testing::Test::HasFailure(); ++kills)
    run_round(server, writers, run_id, kills % 2 == 1, random, time);
  EXPECT_EQ(kills, kKills) << "stopped after the first round that failed";

  for (const auto& w : writers) {
    EXPECT_TRUE(w.refusals.empty()) << w.refusals.size() << " writes by writer " << w.index
                                    << " were refused, the first: " << w.refusals.front();
  }
  check_served(server, writers);

  auto db = store::open(server.database_url(), 1);
  crash::Tally t = db->read([&](store::Connection& c) { return crash::tally(c, writers); });
  std::cout << "crash workload: " << kills << " kills, " << kWriters << " writers; set-up "
            << ms(prepared - started) << " ms, starting " << ms(time.starting) << " ms, writing "
            << ms(time.writing) << " ms, checking " << ms(time.checking) << " ms, total "
            << ms(Clock::now() - started) << " ms\n";
  for (crash::Kind k : crash::kAllKinds) {
    std::cout << "  " << crash::kind_name(k) << ": " << t.acknowledged[k] << " acknowledged, "
              << t.in_flight_found[k] << " in flight and there, " << t.in_flight_absent[k]
              << " in flight and absent\n";
    // Every other round waits for each kind to go through once, unless the machine is too slow.
    if (kills == kKills) {
      EXPECT_GE(t.acknowledged[k], kKills / 2) << crash::kind_name(k) << " writes were made";
    }
  }
}

}  // namespace
}  // namespace cg::test
