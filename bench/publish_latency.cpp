// Publishing latency for a fully answered 75-item toolkit assessment, in process, against a
// fresh temporary database: SQLite always, and PostgreSQL when CAREGUARD_BENCH_POSTGRES_URL
// names a server this program may create (and drop) databases on.
//
// For each database and each of two set-ups it runs `--repeats` times (default 3): create and
// migrate a fresh database, create the organisations and an organisation lead the way
// tests/store/toolkit_store_test.cpp does, answer every item of the care toolkit 2026-27 with
// toolkit::save_answer (evidence items with toolkit::add_evidence), save an action plan for
// every gap, publish once untimed (warm-up), then time toolkit::publish `--iterations` times
// (default 50) and report p50 and p99 (nearest rank: with 50 samples, p99 is the slowest).
//
//   full      the lead's password hash has the production Argon2id cost, so each publish
//             includes the deliberately slow password re-check;
//   snapshot  the lead was created after identity::set_password_hash_cost_for_tests(true), so
//             the re-check costs a minimal-cost Argon2id verify and what remains is the snapshot:
//             load_assessment + the decision + building the JSON + the insert transaction.
//
// It also times identity::verify_password alone at both costs, for reference. Never a test:
// it prints numbers (and, with --markdown FILE, a Markdown table), and exits non-zero only when
// the set-up or a publish fails.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/error.h"
#include "core/log.h"
#include "identity/passwords.h"
#include "identity/service.h"
#include "identity/store/people_store.h"
#include "store/database.h"
#include "store/migrations.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"

namespace {

using namespace cg;
using Clock = std::chrono::steady_clock;

// A fixed moment (2026-11-22 12:00 UTC, while the 2026-27 edition is open), so the answers,
// dates and the decision are the same whatever the machine's clock says.
constexpr int64_t kNow = 1795348800;
constexpr const char* kPassword = "bench kettle orange bicycle";

identity::Actor system_actor() {
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

double percentile(std::vector<double> v, double p) {  // nearest rank
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  rank = std::clamp<size_t>(rank, 1, v.size());
  return v[rank - 1];
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// ---- databases -----------------------------------------------------------------------------

std::string with_database(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto q = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (q == std::string::npos ? "" : url.substr(q));
}

void pg_admin(const std::string& admin_url, const std::string& sql) {
  PGconn* c = PQconnectdb(admin_url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string err = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach PostgreSQL at CAREGUARD_BENCH_POSTGRES_URL: " + err);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string err = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + err);
}

struct TempDatabase {
  std::string url;
  std::string admin_url;      // PostgreSQL only
  std::filesystem::path dir;  // SQLite only

  TempDatabase(const std::string& backend, const std::string& pg_admin_url) {
    const std::string name = "cg_bench_" + crypto::hex(crypto::random_bytes(6));
    if (backend == "postgres") {
      admin_url = pg_admin_url;
      pg_admin(admin_url, "CREATE DATABASE " + name);
      url = with_database(admin_url, name);
    } else {
      dir = std::filesystem::temp_directory_path() / name;
      std::filesystem::create_directories(dir);
      url = "sqlite:" + (dir / "bench.db").string();
    }
  }
  ~TempDatabase() {
    try {
      if (!admin_url.empty()) {
        pg_admin(admin_url,
                 "DROP DATABASE IF EXISTS " + url.substr(url.rfind('/') + 1) + " WITH (FORCE)");
      } else if (!dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
      }
    } catch (const std::exception& e) {
      std::cerr << "publish_latency: could not remove the temporary database: " << e.what() << "\n";
    }
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
};

// ---- the assessment ------------------------------------------------------------------------

// A valid answer for every answer type. The first yes/no item mandatory for Approaching
// Standards is answered "no", so the assessment is Not Met with a plan: a status that may be
// published any number of times (Approaching Standards may be published once per edition).
toolkit::RawAnswer answer_for(const toolkit::Item& item, const std::string& today, bool say_no) {
  using toolkit::AnswerType;
  const auto& spec = item.answer;
  toolkit::RawAnswer raw;
  switch (spec.type) {
    case AnswerType::yes_no:
      raw.value = say_no ? "no" : "yes";
      break;
    case AnswerType::yes_no_detail:
      raw.value = "yes";
      if (spec.detail_when == "yes") raw.detail = "Written down in the office folder for the bench";
      break;
    case AnswerType::text:
      raw.value = spec.format == "ico_number" ? "ZA123456" : "Bench answer for item " + item.id;
      break;
    case AnswerType::number:
      raw.value = spec.max ? std::to_string(static_cast<int64_t>(*spec.max) - 3) : "97";
      break;
    case AnswerType::date:
      raw.value = today;
      break;
    case AnswerType::single_choice:
      raw.value = spec.choices.at(0).id;
      break;
    case AnswerType::multi_choice:
      for (size_t i = 0; i < spec.choices.size() && i < 2; ++i)
        raw.values.push_back(spec.choices[i].id);
      break;
    case AnswerType::confirm:
      raw.value = "confirmed";
      break;
    case AnswerType::evidence:
      break;  // answered by adding evidence
  }
  return raw;
}

struct Setup {
  int64_t org = 0;
  int64_t assessment = 0;
  identity::Actor actor;
  size_t items = 0;
  size_t plan_entries = 0;
  std::string edition;
};

Setup prepare(store::Database& db, const toolkit::Library& library, bool minimal_cost) {
  Setup s;
  const auto sys = system_actor();
  auto national =
      identity::create_org(db, sys, 0, {"National", "national", "X26", "", "", ""}, kNow);
  auto region =
      identity::create_org(db, sys, national.id, {"NW", "region", "Y62", "", "", ""}, kNow);
  auto ics = identity::create_org(db, sys, region.id, {"ICS", "ics", "QYG", "", "", ""}, kNow);
  s.org = identity::create_org(db, sys, ics.id,
                               {"Sunnyside Care Group", "care_home", "AB1C2", "", "85", "60"}, kNow)
              .id;
  // The cost applies to hashes made from here on; verify_password reads the cost from the hash.
  identity::set_password_hash_cost_for_tests(minimal_cost);
  const int64_t lead =
      identity::ensure_person(db, "lead@bench.careguard.test", "Grace Lead", kPassword, kNow);
  identity::set_password_hash_cost_for_tests(false);
  identity::grant_role(db, 0, lead, s.org, identity::Role::org_lead, kNow);
  s.actor = db.read([&](store::Connection& c) { return identity::store::load_actor(c, lead); });

  s.assessment = toolkit::start_assessment(db, library, s.actor, s.org, false, kNow);
  auto view = toolkit::load_assessment(db, library, s.actor, s.org, s.assessment, kNow);
  const toolkit::Framework& framework = *view.framework;
  s.edition = framework.id + " " + framework.edition;
  const std::string today = toolkit::london_date(kNow);
  bool said_no = false;
  for (const toolkit::Item* item : framework.all_items()) {
    ++s.items;
    if (item->answer.type == toolkit::AnswerType::evidence) {
      toolkit::EvidenceInput e{"Bench evidence for " + item->id,
                               "https://example.org/evidence/" + item->id, "Grace Lead",
                               "2027-06-30"};
      toolkit::add_evidence(db, library, s.actor, s.org, s.assessment, item->id, e, 0, kNow);
      continue;
    }
    bool say_no = !said_no && item->answer.type == toolkit::AnswerType::yes_no &&
                  item->mandatory == toolkit::Mandatory::approaching;
    said_no = said_no || say_no;
    toolkit::save_answer(db, library, s.actor, s.org, s.assessment, item->id,
                         answer_for(*item, today, say_no), "Bench note for " + item->id, kNow);
  }
  view = toolkit::load_assessment(db, library, s.actor, s.org, s.assessment, kNow);
  for (const auto& g : view.groups)
    for (const auto& i : g.items)
      if (i.applies && !i.answered)
        throw std::runtime_error("item " + i.item->id + " is not answered after the set-up");
  std::vector<toolkit::store::PlanRecord> plan;
  for (const auto& id : view.gaps.for_met)
    plan.push_back({id, "Put it right before the next review", "Grace Lead", "2027-03-31"});
  toolkit::save_plan(db, library, s.actor, s.org, s.assessment, plan, kNow);
  s.plan_entries = plan.size();
  return s;
}

// ---- measuring -----------------------------------------------------------------------------

struct RunResult {
  std::vector<double> samples_ms;
  std::string load_before;
  std::string status;
  size_t items = 0, plan_entries = 0;
  std::string edition;
};

RunResult run_once(const std::string& backend, const std::string& pg_url,
                   const toolkit::Library& library, bool minimal_cost, int iterations) {
  RunResult r;
  r.load_before = load_average();
  TempDatabase tmp(backend, pg_url);
  auto db = store::open(tmp.url, 4);
  store::migrate(*db);
  Setup s = prepare(*db, library, minimal_cost);
  r.items = s.items;
  r.plan_entries = s.plan_entries;
  r.edition = s.edition;
  auto first =
      toolkit::publish(*db, library, s.actor, s.org, s.assessment, kPassword, "127.0.0.1", kNow);
  r.status = toolkit::to_string(first.status);
  for (int i = 0; i < iterations; ++i) {
    auto start = Clock::now();
    auto result = toolkit::publish(*db, library, s.actor, s.org, s.assessment, kPassword,
                                   "127.0.0.1", kNow + 1 + i);
    r.samples_ms.push_back(ms_since(start));
    if (result.status != first.status) throw std::runtime_error("the published status changed");
  }
  db.reset();
  return r;
}

std::vector<double> time_verify(bool minimal_cost, int iterations) {
  identity::set_password_hash_cost_for_tests(minimal_cost);
  const std::string hash = identity::hash_password(kPassword);
  identity::set_password_hash_cost_for_tests(false);
  (void)identity::verify_password(kPassword, hash);  // warm-up
  std::vector<double> out;
  for (int i = 0; i < iterations; ++i) {
    auto start = Clock::now();
    if (!identity::verify_password(kPassword, hash))
      throw std::runtime_error("verify_password refused the password");
    out.push_back(ms_since(start));
  }
  return out;
}

std::string fmt(double ms) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(ms < 10 ? 2 : 1) << ms;
  return o.str();
}

struct Summary {
  std::string label;
  std::vector<double> p50s, p99s;
  std::vector<std::string> loads;
};

int usage() {
  std::cerr << "usage: publish_latency [--iterations N] [--repeats R] [--markdown FILE]\n"
               "  PostgreSQL too when CAREGUARD_BENCH_POSTGRES_URL is set, e.g.\n"
               "  postgresql://postgres@127.0.0.1:55432/postgres (databases are created and "
               "dropped)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 50, repeats = 3;
  std::string markdown_file;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--iterations" && i + 1 < argc)
      iterations = std::atoi(argv[++i]);
    else if (a == "--repeats" && i + 1 < argc)
      repeats = std::atoi(argv[++i]);
    else if (a == "--markdown" && i + 1 < argc)
      markdown_file = argv[++i];
    else
      return usage();
  }
  if (iterations < 1 || repeats < 1) return usage();

  try {
    crypto::init();
    log::set_level("error");
    const auto library =
        toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks");
    std::vector<std::string> backends = {"sqlite"};
    const char* pg_env = std::getenv("CAREGUARD_BENCH_POSTGRES_URL");
    const std::string pg_url = pg_env ? pg_env : "";
    if (!pg_url.empty())
      backends.push_back("postgres");
    else
      std::cout << "publish_latency: CAREGUARD_BENCH_POSTGRES_URL is not set; SQLite only\n";

    std::vector<Summary> summaries;
    std::string edition, status;
    size_t items = 0, plan_entries = 0;
    for (const auto& backend : backends) {
      for (bool minimal : {false, true}) {
        Summary sum;
        sum.label = backend + (minimal ? " snapshot" : " full");
        for (int rep = 1; rep <= repeats; ++rep) {
          RunResult r = run_once(backend, pg_url, library, minimal, iterations);
          edition = r.edition;
          status = r.status;
          items = r.items;
          plan_entries = r.plan_entries;
          const double p50 = percentile(r.samples_ms, 50), p99 = percentile(r.samples_ms, 99);
          sum.p50s.push_back(p50);
          sum.p99s.push_back(p99);
          sum.loads.push_back(r.load_before);
          std::cout << "  run " << rep << " " << std::left << std::setw(18) << sum.label
                    << std::right << " p50 " << std::setw(8) << fmt(p50) << " ms  p99 "
                    << std::setw(8) << fmt(p99) << " ms  (" << iterations
                    << " publishes, load before " << r.load_before << ")" << std::endl;
        }
        summaries.push_back(std::move(sum));
      }
    }
    Summary verify_full{"verify_password, production cost", {}, {}, {}};
    Summary verify_min{"verify_password, minimal cost", {}, {}, {}};
    for (int rep = 1; rep <= repeats; ++rep) {
      for (auto* s : {&verify_full, &verify_min}) {
        s->loads.push_back(load_average());
        auto v = time_verify(s == &verify_min, iterations);
        s->p50s.push_back(percentile(v, 50));
        s->p99s.push_back(percentile(v, 99));
      }
    }

    std::ostringstream table;
    table << "| Measurement | p50 ms (median of " << repeats << ") | p99 ms (median of " << repeats
          << ") | p50 of each run | p99 of each run | Load average before each run |\n"
          << "|---|---:|---:|---|---|---|\n";
    auto row = [&](const Summary& s, const std::string& label) {
      std::string p50s, p99s, loads;
      for (size_t i = 0; i < s.p50s.size(); ++i) {
        if (i) {
          p50s += ", ";
          p99s += ", ";
          loads += "; ";
        }
        p50s += fmt(s.p50s[i]);
        p99s += fmt(s.p99s[i]);
        loads += s.loads[i];
      }
      table << "| " << label << " | " << fmt(median(s.p50s)) << " | " << fmt(median(s.p99s))
            << " | " << p50s << " | " << p99s << " | " << loads << " |\n";
    };
    for (const auto& s : summaries) {
      const bool minimal = s.label.find("snapshot") != std::string::npos;
      const std::string db =
          s.label.substr(0, s.label.find(' ')) == "sqlite" ? "SQLite" : "PostgreSQL";
      row(s, db + (minimal ? ": (b) snapshot only (minimal-cost Argon2id hash)"
                           : ": (a) whole publish, with the Argon2id password re-check"));
    }
    row(verify_full, "For reference: `verify_password` alone, production Argon2id cost");
    row(verify_min, "For reference: `verify_password` alone, minimal Argon2id cost");

    std::cout << "\n"
              << edition << ": " << items << " items, every one answered, " << plan_entries
              << " plan entries (one per gap), published as " << status << "; " << iterations
              << " timed publishes per run after one untimed\n\n"
              << table.str();
    if (!markdown_file.empty()) {
      std::ofstream out(markdown_file);
      out << "- Assessment: " << edition << ", " << items << " items, every one answered ("
          << "evidence items by linking evidence), " << plan_entries
          << (plan_entries == 1 ? " improvement-plan entry" : " improvement-plan entries")
          << "; each publish is `" << status << "` (Not Met may be "
          << "published again; Approaching Standards only once)\n"
          << "- Each run: a fresh migrated database, one untimed publish, then " << iterations
          << " timed `toolkit::publish` calls; p50/p99 by nearest rank (with " << iterations
          << " samples p99 is the " << (iterations <= 100 ? "slowest one" : "99th percentile")
          << "); " << repeats << " runs per row, the table shows the medians\n"
          << "- Databases: "
          << (pg_url.empty() ? "SQLite only (CAREGUARD_BENCH_POSTGRES_URL "
                               "was not set)"
                             : "SQLite (temporary file) and PostgreSQL "
                               "(scripts/services.sh: fsync off, "
                               "synchronous_commit off)")
          << "\n\n"
          << table.str();
    }
  } catch (const std::exception& e) {
    std::cerr << "publish_latency: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
