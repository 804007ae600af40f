#include "cli/commands.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "cli/backup_restore.h"
#include "cli/demo.h"
#include "cli/import_command.h"
#include "cli/national_demo.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/file_limit.h"
#include "core/log.h"
#include "demo/national.h"
#include "http/server.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "mail/outbox.h"
#include "oversight/summary.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "toolkit/content/loader.h"
#include "web/app.h"

namespace cg::cli {

namespace {

struct Options {
  std::string config_file;
  std::string database;
  std::string listen;
  std::string port_file;
  std::string smtp_url;
  std::string base_url;
  std::string share_dir;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string header_timeout_seconds;  // text, so apply_setting checks it like the file's value
  std::string trusted_proxies;         // text, checked by apply_setting
  int64_t max_body_bytes = 0;
  int workers = 0;
  bool insecure_cookies = false;
  bool quiet = false;
};

Config resolve(const Options& o) {
  Config c;
  if (!o.config_file.empty()) load_config_file(c, o.config_file);
  load_config_env(c);
  if (!o.database.empty()) c.database = o.database;
  if (!o.listen.empty()) apply_setting(c, "listen", o.listen, "--listen");
  if (!o.smtp_url.empty()) c.smtp_url = o.smtp_url;
  if (!o.base_url.empty()) c.base_url = o.base_url;
  if (!o.share_dir.empty()) c.share_dir = o.share_dir;
  if (o.max_body_bytes > 0) c.max_body_bytes = o.max_body_bytes;
  if (o.workers > 0) c.worker_threads = o.workers;
  if (o.insecure_cookies) c.secure_cookies = false;
  if (!o.tls_cert_file.empty()) c.tls_cert_file = o.tls_cert_file;
  if (!o.tls_key_file.empty()) c.tls_key_file = o.tls_key_file;
  if (!o.header_timeout_seconds.empty())
    apply_setting(c, "header_timeout_seconds", o.header_timeout_seconds,
                  "--header-timeout-seconds");
  if (!o.trusted_proxies.empty())
    apply_setting(c, "trusted_proxies", o.trusted_proxies, "--trusted-proxies");
  return c;
}

std::unique_ptr<store::Database> open_migrated(const Config& c, bool quiet) {
  auto db = store::open(c.database, c.db_pool_size);
  auto report = store::migrate(*db);
  if (!quiet)
    for (const auto& name : report.applied) std::cerr << "applied migration " << name << "\n";
  oversight::backfill_once(*db, clock::now());
  return db;
}

identity::Actor system_actor() {
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

identity::Organisation org_by_code(store::Database& db, const std::string& code) {
  auto org = db.read([&](store::Connection& c) {
    auto found = identity::store::find_org_by_code(c, identity::normalise_ods_code(code));
    if (!found && !code.empty() && std::all_of(code.begin(), code.end(), ::isdigit))
      found = identity::store::find_org(c, std::stoll(code));
    return found;
  });
  if (!org) throw Error(ErrorCode::not_found, "no organisation with code or id '" + code + "'");
  return *org;
}

void add_common(CLI::App* cmd, Options& o) {
  cmd->add_option("--database", o.database,
                  "sqlite:PATH or postgresql://... (default sqlite:./data/careguard.db)");
  cmd->add_option("--config", o.config_file, "config file of key = value lines");
}

int run_serve(const Options& o) {
  Config c = resolve(o);
  log::set_level(c.log_level);
  // Each connection holds a file descriptor; see core/file_limit.h.
  const FileLimit files = raise_open_file_limit();
  log::info("open_file_limit", {{"soft", files.soft}, {"hard", files.hard}});
  if (c.serves_tls() && !c.secure_cookies) {
    // --insecure-cookies is for plain HTTP on a developer's machine; with HTTPS a cookie
    // without Secure would also be sent over plain HTTP, where anyone on the path can read it.
    log::warn("secure_cookies_forced", {{"reason", "TLS is on, so cookies are always Secure"}});
    c.secure_cookies = true;
  }
  http::ServerOptions so;
  so.host = c.listen_host();
  so.port = c.listen_port();
  so.worker_threads = c.worker_threads;
  so.io_threads = c.io_threads;
  so.max_body_bytes = static_cast<uint64_t>(c.max_body_bytes);
  so.header_timeout_seconds = static_cast<int>(c.header_timeout_seconds);
  so.idle_timeout_seconds = static_cast<int>(c.idle_timeout_seconds);
  so.tls_cert_file = c.tls_cert_file;
  so.tls_key_file = c.tls_key_file;
  so.trusted_proxies = c.trusted_proxies;
  // Made before the database is opened so that an unusable TLS certificate or key stops the
  // start at once, with nothing listening. The app it calls exists before run() below.
  std::unique_ptr<web::App> app;
  http::Server server(
      so, [&app](http::Request& r) { return app->handle(r); },
      [&app](const http::Request& r, int status, double s, size_t bytes) {
        app->observe(r, status, s, bytes);
      });
  auto db = open_migrated(c, false);
  {
    const int64_t now = clock::now();
    db->transaction([&](store::Connection& conn) {
      identity::store::delete_expired_sessions(conn, now - c.session_idle_seconds,
                                               now - c.session_absolute_seconds);
    });
  }
  store::Database& db_ref = *db;
  app = std::make_unique<web::App>(c, std::move(db));
  std::unique_ptr<mail::Sender> sender;
  if (!c.smtp_url.empty()) {
    sender = std::make_unique<mail::Sender>(db_ref, c.smtp_url, c.smtp_from);
    sender->start();
  }
  server.run([&](uint16_t port) {
    const std::string scheme = c.serves_tls() ? "https" : "http";
    log::info("listening",
              {{"address", so.host + ":" + std::to_string(port)},
               {"scheme", scheme},
               {"database", c.database.rfind("sqlite:", 0) == 0 ? c.database : "postgresql"}});
    if (!c.trusted_proxies.empty()) {
      nlohmann::json proxies = nlohmann::json::array();
      for (const auto& range : c.trusted_proxies) proxies.push_back(net::to_string(range));
      log::info("trusted_proxies", {{"ranges", proxies}});
    }
    if (c.base_url.empty())
      app->set_public_base_url(scheme + "://" + so.host + ":" + std::to_string(port));
    if (!o.port_file.empty()) {
      std::string tmp = o.port_file + ".tmp";
      std::ofstream(tmp) << port << "\n";
      std::rename(tmp.c_str(), o.port_file.c_str());
    }
  });
  if (sender) sender->stop();
  log::info("stopped");
  return 0;
}

int run_content_check(std::string dir) {
  if (dir.empty()) dir = default_share_dir() + "/content/frameworks";
  try {
    auto library = toolkit::Library::load(dir);
    for (const auto* f : library.all()) {
      std::cout << f->id << " " << f->edition << " (" << toolkit::to_string(f->kind)
                << "): " << f->title;
      if (!f->groups.empty()) std::cout << ", " << f->all_items().size() << " items";
      if (!f->objectives.empty())
        std::cout << ", " << f->all_outcomes().size() << " outcomes, " << f->profiles.size()
                  << " profiles";
      if (!f->mappings.empty()) std::cout << ", " << f->mappings.size() << " mappings";
      std::cout << "\n";
    }
    std::cout << "content is ok\n";
    return 0;
  } catch (const toolkit::ContentError& e) {
    for (const auto& p : e.problems()) std::cerr << p.to_string() << "\n";
    std::cerr << e.problems().size() << " problem(s) found\n";
    return 2;
  }
}

}  // namespace

int run(int argc, char** argv) {
  crypto::init();
  CLI::App cli{"Careguard: cyber resilience for health and adult social care"};
  cli.require_subcommand(1);
  Options o;

  auto* serve = cli.add_subcommand("serve", "Run the web server");
  add_common(serve, o);
  serve->add_option("--listen", o.listen, "address:port to listen on (default 127.0.0.1:8080)");
  serve->add_option("--port-file", o.port_file, "write the port actually listened on to this file");
  serve->add_option("--smtp-url", o.smtp_url, "smtp://host:port to send email through");
  serve->add_option("--base-url", o.base_url, "public address used in links in emails");
  serve->add_option("--share-dir", o.share_dir, "folder holding templates/ and web/dist/");
  serve->add_option("--max-body-bytes", o.max_body_bytes, "largest request body accepted");
  serve->add_option("--workers", o.workers, "handler threads");
  serve->add_flag("--insecure-cookies", o.insecure_cookies,
                  "send cookies without Secure (plain-HTTP localhost only; ignored with TLS)");
  serve->add_option("--tls-cert-file", o.tls_cert_file,
                    "PEM certificate (then any intermediates): serve HTTPS with --tls-key-file");
  serve->add_option("--tls-key-file", o.tls_key_file, "PEM private key of the TLS certificate");
  serve->add_option("--header-timeout-seconds", o.header_timeout_seconds,
                    "seconds a client has to send a request's header (default 10)");
  serve->add_option("--trusted-proxies", o.trusted_proxies,
                    "reverse proxies whose X-Forwarded-For/Forwarded headers name the client: "
                    "addresses or CIDR ranges, comma-separated (default none)");

  auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database schema");
  add_common(migrate, o);

  auto* demo = cli.add_subcommand("demo", "Load demo organisations and people (safe to run again)");
  add_common(demo, o);
  bool national = false;
  int64_t national_orgs = cg::demo::kDefaultOrgs;
  uint64_t national_seed = cg::demo::kDefaultSeed;
  demo->add_flag("--national", national,
                 "generate the national synthetic dataset instead (into an empty database)");
  auto* orgs_option = demo->add_option("--orgs", national_orgs,
                                       "with --national: how many organisations (default 45000)");
  auto* seed_option =
      demo->add_option("--seed", national_seed, "with --national: the random seed (default fixed)");
  orgs_option->needs("--national");
  seed_option->needs("--national");

  std::string email, name, org_code, role, password, type, ods, cqc, parent, to, token_name;
  int64_t staff = 0, people = 0;
  bool password_stdin = false;

  auto* user = cli.add_subcommand("user", "Manage people");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a person with a role in an organisation");
  add_common(user_add, o);
  user_add->add_option("--email", email)->required();
  user_add->add_option("--name", name)->required();
  user_add->add_option("--org", org_code, "ODS code, CQC id or id of the organisation")->required();
  user_add
      ->add_option("--role", role,
                   "staff, org_lead, support_adviser, analyst, national_admin, auditor")
      ->required();
  user_add->add_option("--password", password, "the password (prefer --password-stdin)");
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input");

  auto* org = cli.add_subcommand("org", "Manage organisations");
  org->require_subcommand(1);
  auto* org_add = org->add_subcommand("add", "Add an organisation");
  add_common(org_add, o);
  org_add->add_option("--name", name)->required();
  org_add
      ->add_option("--type", type, "national, region, ics, support_org, care_home, home_care, ...")
      ->required();
  org_add->add_option("--ods", ods);
  org_add->add_option("--cqc", cqc);
  org_add->add_option("--parent", parent, "ODS code or id of the parent organisation");
  org_add->add_option("--staff", staff);
  org_add->add_option("--people", people);

  auto* token = cli.add_subcommand("token", "Manage personal API tokens");
  token->require_subcommand(1);
  auto* token_create =
      token->add_subcommand("create", "Create a personal API token (printed once)");
  add_common(token_create, o);
  token_create->add_option("--email", email)->required();
  token_create->add_option("--org", org_code)->required();
  token_create->add_option("--name", token_name)->required();

  auto* backup = cli.add_subcommand("backup", "Copy the database to a file while it is in use");
  add_common(backup, o);
  backup->add_option("--to", to, "file to write")->required();

  std::string from;
  bool force = false;
  auto* restore =
      cli.add_subcommand("restore", "Replace the database with a backup (stop the server first)");
  add_common(restore, o);
  restore->add_option("--from", from, "backup file written by careguard backup")->required();
  restore->add_flag("--force", force, "replace a database that already holds data");

  auto* checksums =
      cli.add_subcommand("checksums", "Print a checksum of every table, to compare two databases");
  add_common(checksums, o);

  auto* audit = cli.add_subcommand("audit", "Audit trail");
  audit->require_subcommand(1);
  auto* audit_verify =
      audit->add_subcommand("verify", "Check no audit entry was changed or deleted");
  add_common(audit_verify, o);

  std::string content_dir;
  auto* content = cli.add_subcommand("content", "Framework content");
  content->require_subcommand(1);
  auto* content_check = content->add_subcommand(
      "check", "Check every framework file and report problems with file and line");
  content_check->add_option("--dir", content_dir,
                            "folder of framework files (default: content/frameworks)");

  ImportArgs import_args;
  auto* import_statuses = add_import_command(cli, import_args);
  add_common(import_statuses, o);

  cli.add_subcommand("version", "Print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  try {
    if (cli.got_subcommand("version")) {
      std::cout << "careguard " << CAREGUARD_VERSION << "\n";
      return 0;
    }
    if (content_check->parsed()) return run_content_check(content_dir);
    if (serve->parsed()) return run_serve(o);
    if (backup->parsed()) return run_backup(resolve(o), to, std::cout);
    if (restore->parsed()) return run_restore(resolve(o), from, force, std::cout);
    if (checksums->parsed()) return run_checksums(resolve(o), std::cout);
    Config c = resolve(o);
    auto db = open_migrated(c, migrate->parsed() ? false : true);
    const int64_t now = clock::now();
    if (migrate->parsed()) {
      std::cout << "database is at version " << db->read([](store::Connection& conn) {
        return conn.exec("SELECT MAX(version) FROM schema_migrations").one().integer(0);
      }) << "\n";
      return 0;
    }
    if (import_statuses->parsed())
      return run_import_command(*db, c, import_args, now, std::cout, std::cerr);
    if (demo->parsed() && national) {
      return run_national_demo(*db, c.share() + "/content/frameworks", national_orgs, national_seed,
                               now, std::cout);
    }
    if (demo->parsed()) {
      load_demo(*db, now, std::cout);
      return 0;
    }
    if (user_add->parsed()) {
      if (password_stdin) std::getline(std::cin, password);
      auto r = identity::role_from_string(role);
      if (!r) throw Error(ErrorCode::bad_request, "--role: unknown role '" + role + "'");
      auto target = org_by_code(*db, org_code);
      int64_t id = identity::ensure_person(*db, email, name, password, now);
      identity::grant_role(*db, 0, id, target.id, *r, now);
      std::cout << id << "\n";
      return 0;
    }
    if (org_add->parsed()) {
      int64_t parent_id = parent.empty() ? 0 : org_by_code(*db, parent).id;
      identity::OrgInput in{name, type, ods, cqc, std::to_string(staff), std::to_string(people)};
      auto created = identity::create_org(*db, system_actor(), parent_id, in, now);
      std::cout << created.id << "\n";
      return 0;
    }
    if (token_create->parsed()) {
      auto target = org_by_code(*db, org_code);
      auto person = db->read([&](store::Connection& conn) {
        return identity::store::find_person_by_email(conn, identity::normalise_email(email));
      });
      if (!person) throw Error(ErrorCode::not_found, "no person with email " + email);
      auto actor = db->read(
          [&](store::Connection& conn) { return identity::store::load_actor(conn, person->id); });
      auto created = identity::create_api_token(*db, actor, target.id, token_name, now);
      std::cout << created.secret << "\n";
      return 0;
    }
    if (audit_verify->parsed()) {
      auto [entries, head] = db->read([](store::Connection& conn) {
        return std::make_pair(identity::store::all_audit_entries(conn),
                              identity::store::audit_head(conn));
      });
      auto v = identity::verify_chain(entries, head);
      if (v.ok) {
        std::cout << "audit trail verified: " << v.entries << " entries, none changed or deleted\n";
        return 0;
      }
      std::cout << "audit trail FAILED at entry " << v.first_bad_id << ": " << v.problem << "\n";
      return 3;
    }
  } catch (const Error& e) {
    std::cerr << "careguard: " << e.what() << "\n";
    if (!e.detail().empty()) std::cerr << "  (" << e.detail() << ")\n";
    for (const auto& f : e.fields()) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return e.code() == ErrorCode::unavailable ? 69 : 2;
  } catch (const std::exception& e) {
    std::cerr << "careguard: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cg::cli
