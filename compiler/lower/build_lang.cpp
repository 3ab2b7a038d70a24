// Language-package steps (language-steps.md §2-5): each needs distribution
// packages (features, met once per build), maybe a tool bootstrapped, caches
// mounted, then one command in the root; the end of the build writes the
// package lists. Debian roots use Debian's own pip, yarn, composer and
// bundler (§10); Alpine and Ubuntu roots get the original's bootstraps.
#include "compiler/ir/values.h"
#include "compiler/lower/build_steps.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <regex>

namespace vagga::lower::build_detail {

namespace {

namespace st = ir::step;
using ir::texts;

// Order of the original's generic bootstraps (§1.3 step 3).
constexpr Feature kGeneric[] = {Feature::PipPy2, Feature::PipPy3, Feature::Composer,
                                Feature::Bundler, Feature::Yarn};

class LangLowerer {
  public:
    LangLowerer(Lowering& l, source::Span span) : l_(l), span_(span) {}

    Ops pip_install(int major, std::vector<std::string> items) {
        std::vector<Feature> f = pip_features(major);
        for (const auto& i : items) {
            scan_pip_item(i, f);
        }
        return pip_run(major, f, std::move(items));
    }

    Ops pip_requirements(int major, const std::string& file) {
        std::vector<Feature> f = pip_features(major);
        if (auto text = project_file(file, "Can't open requirements file")) {
            // Only the top file, as the original: pip follows `-r` itself.
            size_t at = 0;
            while (at < text->size()) {
                size_t end = text->find('\n', at);
                std::string line = text->substr(at, end == std::string::npos ? end : end - at);
                at = end == std::string::npos ? text->size() : end + 1;
                line = trim(line);
                if (!line.empty() && line[0] != '#') {
                    scan_pip_item(line, f);
                }
            }
        }
        return pip_run(major, f, {"--requirement", file});
    }

    Ops npm_install(const std::vector<std::string>& packages) {
        Ops ops = implicit_alpine();
        cache(ops, "/tmp/npm-cache", "npm-cache");
        std::vector<Feature> f = npm_features();
        for (const auto& p : packages) {
            scan_npm_item(p, f);
        }
        append(ops, ensure(f));
        if (l_.distro.distro == plan::Distro::Ubuntu &&
            (l_.distro.release == "trusty" || l_.distro.release == "precise")) {
            ops.push_back(command({npm_exe(), "config", "set", "ca", ""}));
        }
        if (!packages.empty()) {
            ops.push_back(npm_command(packages));
        }
        return ops;
    }

    Ops npm_dependencies(const st::NpmDependencies& x) {
        Ops ops = implicit_alpine();
        cache(ops, "/tmp/npm-cache", "npm-cache");
        std::vector<Feature> f = npm_features();
        std::vector<std::string> packages;
        if (auto text = project_file(x.file.text, "Error opening file")) {
            nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
            if (json.is_discarded()) {
                fail(fmt::format("Error parsing json \"{}\": not valid JSON", x.file.text));
            } else {
                std::vector<const char*> sections;
                if (x.package) {
                    sections.push_back("dependencies");
                }
                if (x.dev) {
                    sections.push_back("devDependencies");
                }
                if (x.peer) {
                    sections.push_back("peerDependencies");
                }
                if (x.bundled) {
                    sections.push_back("bundledDependencies");
                    sections.push_back("bundleDependencies");
                }
                if (x.optional) {
                    sections.push_back("optionalDependencies");
                }
                for (const char* s : sections) {
                    add_section(json, s, packages, f);
                }
            }
        }
        append(ops, ensure(f));
        if (!packages.empty()) {
            ops.push_back(npm_command(packages));
        }
        return ops;
    }

    Ops yarn(const st::YarnDependencies& x) {
        if (!need_distro()) {
            return {};
        }
        Ops ops;
        cache(ops, "/tmp/yarn-cache", "yarn-cache");
        std::vector<Feature> f = {Feature::BuildEssential};
        if (l_.lang.npm.install_node) {
            f.push_back(Feature::NodeJs);
            f.push_back(Feature::NodeJsDev);
        }
        f.push_back(Feature::Yarn);
        append(ops, ensure(f));
        plan::BuildCommand c =
            command({l_.lang.npm.yarn_exe.text, "install", "--no-progress",
                     "--modules-folder=/usr/lib/node_modules", "--cache-folder=/tmp/yarn-cache"});
        if (x.production) {
            c.argv.push_back("--production");
        }
        c.work_dir = x.dir.text == "." || x.dir.text.empty() ? "/work" : "/work/" + x.dir.text;
        // The project's own node_modules stays as it is (language-steps.md §3.5).
        c.hide = {c.work_dir + "/node_modules"};
        ops.push_back(c);
        return ops;
    }

    Ops gem_install(const std::vector<std::string>& packages) {
        if (!need_distro()) {
            return {};
        }
        Ops ops = ensure(gem_features());
        append(ops, gem_configure());
        if (!packages.empty()) {
            plan::BuildCommand c = command({gem_exe(), "install", "--bindir", "/usr/local/bin"});
            append_no_doc(c.argv);
            c.argv.insert(c.argv.end(), packages.begin(), packages.end());
            ops.push_back(c);
        }
        return ops;
    }

    Ops gem_bundle(const st::GemBundle& x) {
        if (!need_distro()) {
            return {};
        }
        // Refused before anything is installed (the original checked it
        // only after installing ruby and bundler).
        if (x.trust_policy && x.trust_policy->text != "LowSecurity" &&
            x.trust_policy->text != "MediumSecurity" && x.trust_policy->text != "HighSecurity") {
            fail(fmt::format("Value of 'GemBundle.trust_policy' must be 'LowSecurity', "
                             "'MediumSecurity' or 'HighSecurity', '{}' given",
                             x.trust_policy->text));
            return {};
        }
        std::vector<Feature> f = gem_features();
        if (auto text = project_file(x.gemfile.text, "Error reading Gemfile")) {
            static const std::regex git(
                R"((git .*? do)|(:(git|github|gist|bitbucket) =>)|(git_source\(.*?\)))");
            if (std::regex_search(*text, git)) {
                f.push_back(Feature::Git);
            }
        }
        Ops ops = ensure(f);
        append(ops, gem_configure());
        plan::BuildCommand c = command({"bundle", "install", "--system", "--binstubs",
                                        "/usr/local/bin", "--gemfile", x.gemfile.text});
        if (!x.without.empty()) {
            c.argv.push_back("--without");
            for (const auto& g : x.without) {
                c.argv.push_back(g.text);
            }
        }
        if (x.trust_policy) {
            c.argv.push_back("--trust-policy");
            c.argv.push_back(x.trust_policy->text);
        }
        ops.push_back(c);
        return ops;
    }

    Ops composer_install(const std::vector<std::string>& packages) {
        if (!need_distro()) {
            return {};
        }
        Ops ops = composer_configure();
        append(ops, ensure(composer_features()));
        if (!packages.empty()) {
            plan::BuildCommand c =
                command({php(), "/usr/local/bin/composer", "--no-interaction", "global", "require",
                         "--prefer-dist", "--update-no-dev"});
            c.argv.insert(c.argv.end(), packages.begin(), packages.end());
            ops.push_back(c);
        }
        return ops;
    }

    Ops composer_dependencies(const st::ComposerDependencies& x) {
        if (!need_distro()) {
            return {};
        }
        std::optional<std::string> prefer;
        if (x.prefer) {
            if (x.prefer->text != "dist" && x.prefer->text != "source") {
                fail(fmt::format("Value of 'ComposerDependencies.prefer' must be either 'source' "
                                 "or 'dist', '{}' given",
                                 x.prefer->text));
                return {};
            }
            prefer = "--prefer-" + x.prefer->text;
        }
        Ops ops = composer_configure();
        append(ops, ensure(composer_features()));
        plan::BuildCommand c =
            command({php(), "/usr/local/bin/composer", "--no-interaction", "install"});
        if (x.working_dir) {
            c.argv.push_back("--working-dir=" + x.working_dir->text);
        }
        // The original's spellings `--no_autoloader` (refused by composer)
        // and its dropped `classmap-authoritative` are fixed here.
        const std::pair<bool, const char*> flags[] = {
            {!x.dev, "--no-dev"},
            {x.ignore_platform_reqs, "--ignore-platform-reqs"},
            {x.no_autoloader, "--no-autoloader"},
            {x.no_scripts, "--no-scripts"},
            {x.no_plugins, "--no-plugins"},
            {x.optimize_autoloader, "--optimize-autoloader"},
            {x.classmap_authoritative, "--classmap-authoritative"}};
        for (const auto& [on, flag] : flags) {
            if (on) {
                c.argv.push_back(flag);
            }
        }
        if (prefer) {
            c.argv.push_back(*prefer);
        }
        ops.push_back(c);
        return ops;
    }

    Ops finish() {
        Ops ops;
        for (int major : {2, 3}) {
            if (featured(major == 2 ? Feature::PipPy2 : Feature::PipPy3)) {
                plan::BuildCapture c{{python(major), "-m", "pip", "freeze"},
                                     pip_env(),
                                     "/",
                                     fmt::format("pip{}-freeze.txt", major),
                                     {}};
                ops.push_back(c);
            }
        }
        if (featured(Feature::Npm)) {
            ops.push_back(
                plan::BuildCapture{{npm_exe(), "ls", "--global"}, {}, "/work", "npm-list.txt", {}});
        }
        if (featured(Feature::Composer)) {
            ops.push_back(
                plan::BuildCapture{{php(), "/usr/local/bin/composer", "--no-interaction", "show"},
                                   {},
                                   "/work",
                                   "composer-list.txt",
                                   {}});
            if (!l_.lang.composer.keep_composer) {
                ops.push_back(plan::BuildRemove{"/usr/local/bin/composer", {}});
            }
        }
        if (featured(Feature::Bundler)) {
            ops.push_back(plan::BuildCapture{
                {gem_exe(), "list", "--local"}, {}, "/work", "gems-list.txt", {}});
        }
        return ops;
    }

  private:
    // --- shared ---

    void fail(std::string message) {
        l_.diags.error(diag::Code::BadValue, span_, std::move(message));
    }
    static void append(Ops& to, Ops from) {
        to.insert(to.end(), std::make_move_iterator(from.begin()),
                  std::make_move_iterator(from.end()));
    }
    static void add_new(std::vector<std::string>& to, const std::vector<std::string>& names) {
        for (const auto& n : names) {
            if (std::find(to.begin(), to.end(), n) == to.end()) {
                to.push_back(n);
            }
        }
    }
    static std::string trim(const std::string& s) {
        size_t a = s.find_first_not_of(" \t\r");
        size_t b = s.find_last_not_of(" \t\r");
        return a == std::string::npos ? "" : s.substr(a, b - a + 1);
    }
    plan::BuildCommand command(std::vector<std::string> argv) {
        plan::BuildCommand c;
        c.argv = std::move(argv);
        c.span = span_;
        return c;
    }
    bool featured(Feature f) const { return l_.lang.featured.count(f) > 0; }
    bool need_distro() {
        if (!l_.distro.distro) {
            l_.diags.error(diag::Code::UnsupportedStep, span_,
                           "this step requires some linux distribution to be active: add "
                           "`!Debian`, `!UbuntuRelease` or `!Alpine` first");
            return false;
        }
        return true;
    }
    std::optional<std::string> project_file(const std::string& rel, const char* what) {
        if (!l_.in.read_project_file) {
            return std::nullopt; // a plan made without the project (tests)
        }
        std::string error;
        auto text = l_.in.read_project_file(rel, error);
        if (!text) {
            l_.diags.error(diag::Code::IoError, span_,
                           fmt::format("{} \"{}\": {}", what, rel, error));
        }
        return text;
    }
    // `<cache>/<name>` at `path` for the rest of the build, once.
    void cache(Ops& ops, const std::string& path, const std::string& name) {
        if (l_.lang.cache_paths.insert(path).second) {
            ops.push_back(plan::BuildCacheMount{path, name, "", span_});
        }
    }
    // The original's `binary_ident` (the architecture is never detected).
    std::string binary_ident() const {
        if (!l_.distro.distro) {
            return "amd64";
        }
        return fmt::format("amd64-{}-{}", plan::to_string(*l_.distro.distro), l_.distro.release);
    }

    // The features not met yet, as distribution packages in one install,
    // then the generic bootstraps in the original's order (§1.3).
    Ops ensure(const std::vector<Feature>& wanted) {
        Ops ops;
        if (!l_.distro.distro) {
            return ops;
        }
        plan::BuildFeatures names{*l_.distro.distro, {}, {}, span_};
        std::vector<Feature> generic;
        std::set<Feature> added;
        bool reported = false;
        for (Feature f : wanted) {
            if (!l_.lang.featured.insert(f).second) {
                continue;
            }
            added.insert(f);
            std::string error;
            auto n = feature_names(l_, f, error);
            if (!error.empty()) {
                // One message per step: Python 2's three features share it.
                if (!reported) {
                    l_.diags.error(diag::Code::UnsupportedStep, span_, error);
                }
                reported = true;
            } else if (n) {
                add_new(names.build_only, n->build_only);
                add_new(names.system, n->system);
            } else {
                generic.push_back(f);
            }
        }
        const plan::Distro d = *l_.distro.distro;
        if (!names.build_only.empty() || !names.system.empty()) {
            if (d == plan::Distro::Ubuntu && !l_.lang.ubuntu_universe) {
                // The original enables universe for the first language step.
                l_.lang.ubuntu_universe = true;
                append(ops, universe());
            }
            ops.push_back(names);
        }
        for (Feature f : kGeneric) {
            if (std::find(generic.begin(), generic.end(), f) != generic.end()) {
                append(ops, bootstrap(f));
            }
        }
        // Debian's packages under the paths the original's tools had.
        if (d == plan::Distro::Debian) {
            if (added.count(Feature::Yarn) && !l_.lang.npm.yarn_version) {
                ops.push_back(shell("[ -e /usr/bin/yarn ] || ln -s yarnpkg /usr/bin/yarn"));
            }
            if (added.count(Feature::Composer)) {
                ops.push_back(shell("mkdir -p /usr/local/bin\n"
                                    "ln -sfn ../../bin/composer /usr/local/bin/composer"));
                append(ops, composer_runtime_setup());
            }
        }
        return ops;
    }
    Ops universe() {
        const std::string mirror = ubuntu_mirror(l_);
        Ops ops;
        for (const char* s : {"", "-updates", "-security"}) {
            ops.push_back(plan::BuildRepo{
                plan::Distro::Ubuntu, "deb " + mirror + " " + l_.distro.release + s + " universe",
                "universe.list", span_});
        }
        return ops;
    }
    // `/bin/sh -exc SCRIPT sh ARGS...`: values reach the script as "$1"...,
    // never as shell text.
    plan::BuildCommand shell(const std::string& script, std::vector<std::string> args = {}) {
        plan::BuildCommand c = command({"/bin/sh", "-exc", script, "sh"});
        c.argv.insert(c.argv.end(), args.begin(), args.end());
        return c;
    }
    Ops bootstrap(Feature f) {
        switch (f) {
        case Feature::PipPy2:
        case Feature::PipPy3: {
            int major = f == Feature::PipPy2 ? 2 : 3;
            return {plan::BuildGetPip{python(major), static_cast<uint32_t>(major),
                                      texts(l_.lang.pip.get_pip_args), span_}};
        }
        case Feature::Composer: {
            plan::FetchSource installer;
            installer.url = "https://getcomposer.org/installer";
            Ops ops = {plan::BuildDownload{installer, "/tmp/composer-setup.php", 0644, span_},
                       shell("if [ -f /tmp/composer-self-cache/composer.phar ]; then\n"
                             "  \"$1\" /tmp/composer-self-cache/composer.phar self-update "
                             "--clean-backups\n"
                             "else\n"
                             "  \"$1\" /tmp/composer-setup.php "
                             "--install-dir=/tmp/composer-self-cache\n"
                             "fi\n"
                             "mkdir -p /usr/local/bin\n"
                             "cp /tmp/composer-self-cache/composer.phar /usr/local/bin/composer",
                             {php()})};
            append(ops, composer_runtime_setup());
            return ops;
        }
        case Feature::Bundler: {
            Ops ops = gem_configure();
            std::vector<std::string> args = {gem_exe()};
            append_no_doc(args);
            // "recent gem update --system installs bundler" (the original).
            ops.push_back(shell("[ -e /usr/bin/bundle ] || { gem=$1; shift; \"$gem\" install "
                                "bundler \"$@\"; }",
                                args));
            return ops;
        }
        case Feature::Yarn: {
            plan::FetchSource js;
            std::string v = l_.lang.npm.yarn_version ? l_.lang.npm.yarn_version->text : "";
            if (v.starts_with("v")) {
                v = v.substr(1);
            }
            // Unset: the newest 1.x release, which yarnpkg.com serves as latest.js
            // (the original asked its latest-version file, then GitHub).
            js.url = v.empty() ? "https://yarnpkg.com/latest.js"
                               : fmt::format("https://github.com/yarnpkg/yarn/releases/download/"
                                             "v{0}/yarn-{0}.js",
                                             v);
            return {plan::BuildDownload{js, "/usr/bin/yarn", 0755, span_}};
        }
        case Feature::BuildEssential:
        case Feature::Https:
        case Feature::Python2:
        case Feature::Python2Dev:
        case Feature::Python3:
        case Feature::Python3Dev:
        case Feature::Ruby:
        case Feature::RubyDev:
        case Feature::NodeJs:
        case Feature::NodeJsDev:
        case Feature::Npm:
        case Feature::Php:
        case Feature::PhpDev:
        case Feature::Git:
        case Feature::Mercurial:
            break; // packages everywhere
        }
        return {};
    }

    // --- pip ---

    std::string python(int major) const {
        return l_.lang.pip.python_exe ? l_.lang.pip.python_exe->text
                                      : fmt::format("python{}", major);
    }
    // Debian's pip is its package (no /tmp/pip-install); PEP 668 marks
    // bookworm's python as managed by apt, which vagga's containers are
    // not meant to respect: the install goes to /usr/local as pip's did.
    std::vector<std::pair<std::string, std::string>> pip_env() const {
        if (l_.distro.distro == plan::Distro::Debian) {
            return {{"PIP_BREAK_SYSTEM_PACKAGES", "1"}};
        }
        return {{"PYTHONPATH", "/tmp/pip-install"}};
    }
    std::vector<Feature> pip_features(int major) const {
        std::vector<Feature> f = {Feature::BuildEssential};
        if (l_.lang.pip.install_python) {
            f.push_back(major == 2 ? Feature::Python2 : Feature::Python3);
            f.push_back(major == 2 ? Feature::Python2Dev : Feature::Python3Dev);
        }
        f.push_back(major == 2 ? Feature::PipPy2 : Feature::PipPy3);
        return f;
    }
    static void scan_pip_item(const std::string& i, std::vector<Feature>& f) {
        if (i.starts_with("git+https")) {
            f.push_back(Feature::Git);
            f.push_back(Feature::Https);
        } else if (i.starts_with("git+")) {
            f.push_back(Feature::Git);
        } else if (i.starts_with("hg+https")) {
            f.push_back(Feature::Mercurial);
            f.push_back(Feature::Https);
        } else if (i.starts_with("hg+")) {
            f.push_back(Feature::Mercurial);
        }
    }
    Ops pip_run(int major, const std::vector<Feature>& f, std::vector<std::string> items) {
        if (!need_distro()) {
            return {};
        }
        Ops ops;
        // pip::configure: the http cache, the wheels of this distribution,
        // PIP_CACHE_DIR for every later command.
        cache(ops, "/tmp/pip-cache/http", "pip-cache-http");
        if (l_.lang.pip.cache_wheels) {
            cache(ops, "/tmp/pip-cache/wheels", "pip-cache-wheels-" + binary_ident());
        }
        ops.push_back(plan::BuildEnv{{{"PIP_CACHE_DIR", "/tmp/pip-cache"}}, span_});
        append(ops, ensure(f));
        const auto& s = l_.lang.pip;
        plan::BuildCommand c =
            command({python(major), "-m", "pip", "install", "--ignore-installed"});
        for (size_t i = 0; i < s.index_urls.size(); ++i) {
            c.argv.push_back((i == 0 ? "--index-url=" : "--extra-index-url=") +
                             s.index_urls[i].text);
        }
        for (const auto& h : s.trusted_hosts) {
            c.argv.push_back("--trusted-host");
            c.argv.push_back(h.text);
        }
        if (!s.dependencies) {
            c.argv.push_back("--no-deps");
        }
        for (const auto& link : s.find_links) {
            c.argv.push_back("--find-links=" + link.text);
        }
        if (s.allow_pre_releases) {
            c.argv.push_back("--pre");
        }
        c.argv.insert(c.argv.end(), items.begin(), items.end());
        c.env = pip_env();
        ops.push_back(c);
        return ops;
    }

    // --- npm ---

    std::string npm_exe() const { return l_.lang.npm.npm_exe.text; }
    // NpmInstall and NpmDependencies set up Alpine v3.15 when no
    // distribution is (the original's implicit distribution, §3.2).
    Ops implicit_alpine() {
        if (l_.distro.distro) {
            return {};
        }
        st::Alpine a;
        a.value = ir::Str("v3.15");
        return lower_distro_step(l_, span_, a);
    }
    std::vector<Feature> npm_features() const {
        std::vector<Feature> f = {Feature::BuildEssential};
        if (l_.lang.npm.install_node) {
            f.push_back(Feature::NodeJs);
            f.push_back(Feature::NodeJsDev);
            f.push_back(Feature::Npm);
        }
        return f;
    }
    static void scan_npm_item(const std::string& p, std::vector<Feature>& f) {
        if (p.starts_with("git://")) {
            f.push_back(Feature::Git);
        } else if (p.starts_with("git+https://")) {
            f.push_back(Feature::Git);
            f.push_back(Feature::Https);
        }
    }
    plan::BuildCommand npm_command(const std::vector<std::string>& packages) {
        plan::BuildCommand c =
            command({npm_exe(), "install", "--global", "--user=root", "--cache=/tmp/npm-cache"});
        c.argv.insert(c.argv.end(), packages.begin(), packages.end());
        return c;
    }
    void add_section(const nlohmann::json& json, const char* section,
                     std::vector<std::string>& packages, std::vector<Feature>& f) {
        auto it = json.find(section);
        if (it == json.end()) {
            return;
        }
        if (!it->is_object()) {
            fail(fmt::format("The \"{}\" is not a mapping (JSON object)", section));
            return;
        }
        // nlohmann's object is ordered by name, as the original's was.
        for (const auto& [name, version] : it->items()) {
            if (!version.is_string()) {
                fail(fmt::format("Package \"{}\" has wrong version {}", name, version.dump()));
                continue;
            }
            std::string v = version.get<std::string>();
            scan_npm_item(v, f);
            packages.push_back(name + "@" + v);
        }
    }

    // --- gem ---

    std::string gem_exe() const {
        return l_.lang.gem.gem_exe ? l_.lang.gem.gem_exe->text : "/usr/bin/gem";
    }
    // rubygems older than 2.0 (2013) wanted `--no-rdoc --no-ri`; every
    // distribution release this builds has a newer one.
    static void append_no_doc(std::vector<std::string>& argv) { argv.push_back("--no-document"); }
    std::vector<Feature> gem_features() const {
        std::vector<Feature> f = {Feature::BuildEssential};
        if (l_.lang.gem.install_ruby) {
            f.push_back(Feature::Ruby);
            f.push_back(Feature::RubyDev);
        }
        f.push_back(Feature::Https);
        f.push_back(Feature::Bundler);
        return f;
    }
    // One word for /bin/sh, whatever the text.
    static std::string sh_word(const std::string& s) {
        std::string out = "'";
        for (char ch : s)
            out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        return out + "'";
    }
    // gem::configure: rubygems updated unless a gem-exe is named, then
    // the gem folder's cache/ is the `gems-cache` (its place is only known
    // once ruby is installed: `gem env gemdir`).
    Ops gem_configure() {
        Ops ops;
        if (!l_.lang.gem.gem_exe && l_.lang.gem.update_gem) {
            plan::BuildCommand c = command({"/usr/bin/gem", "update", "--system", "--no-document"});
            c.env = {{"REALLY_GEM_UPDATE_SYSTEM", "1"}};
            ops.push_back(c);
        }
        if (l_.lang.cache_paths.insert("(gems-cache)").second) {
            std::string gem = l_.lang.gem.gem_exe ? l_.lang.gem.gem_exe->text : "/usr/bin/gem";
            ops.push_back(
                plan::BuildCacheMount{"/cache", "gems-cache", sh_word(gem) + " env gemdir", span_});
        }
        return ops;
    }

    // --- composer ---

    std::string php() const {
        return l_.lang.composer.runtime_exe ? l_.lang.composer.runtime_exe->text : "/usr/bin/php";
    }
    std::vector<Feature> composer_features() const {
        std::vector<Feature> f = {Feature::Https, Feature::Composer};
        if (l_.lang.composer.install_runtime) {
            f.push_back(Feature::Php);
            if (l_.lang.composer.install_dev) {
                f.push_back(Feature::BuildEssential);
                f.push_back(Feature::PhpDev);
            }
        }
        f.push_back(Feature::Git);
        return f;
    }
    // composer::configure: caches and the COMPOSER_* variables.
    Ops composer_configure() {
        Ops ops;
        cache(ops, "/tmp/composer-cache", "composer-cache");
        cache(ops, "/tmp/composer-self-cache", "composer-self-cache");
        const auto& s = l_.lang.composer;
        ops.push_back(
            plan::BuildEnv{{{"COMPOSER_VENDOR_DIR",
                             s.vendor_dir ? s.vendor_dir->text : "/usr/local/lib/composer/vendor"},
                            {"COMPOSER_HOME", "/usr/local/lib/composer"},
                            {"COMPOSER_BIN_DIR", "/usr/local/bin"},
                            {"COMPOSER_CACHE_DIR", "/tmp/composer-cache"},
                            {"COMPOSER_ALLOW_SUPERUSER", "1"}},
                           span_});
        return ops;
    }
    // After composer is there: /usr/bin/php for another runtime, and
    // vagga.ini's include_path in every conf.d of PHP (§5.3 steps 2 and 5).
    Ops composer_runtime_setup() {
        Ops ops;
        if (php() != "/usr/bin/php") {
            ops.push_back(shell("[ -e /usr/bin/php ] || [ -L /usr/bin/php ] || ln -s \"$1\" "
                                "/usr/bin/php",
                                {php()}));
        }
        if (l_.lang.composer.install_runtime) {
            std::string include = l_.lang.composer.include_path
                                      ? l_.lang.composer.include_path->text
                                      : ".:/usr/local/lib/composer";
            ops.push_back(shell("for d in /etc/php*/conf.d /etc/php*/*/conf.d "
                                "/etc/php*/*/*/conf.d; do\n"
                                "  [ -d \"$d\" ] && [ ! -L \"$d\" ] && printf 'include_path=%s' "
                                "\"$1\" >\"$d/vagga.ini\"\n"
                                "done; true",
                                {include}));
        }
        return ops;
    }

    Lowering& l_;
    source::Span span_;
};

std::vector<std::string> values(const std::vector<ir::Str>& v) {
    return texts(v);
}

} // namespace

Ops lower_lang_step(Lowering& l, source::Span, const st::PipConfig& x) {
    l.lang.pip = x;
    return {};
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::Py2Install& x) {
    return LangLowerer(l, span).pip_install(2, values(x.value));
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::Py3Install& x) {
    return LangLowerer(l, span).pip_install(3, values(x.value));
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::Py2Requirements& x) {
    return LangLowerer(l, span).pip_requirements(2, x.value.text);
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::Py3Requirements& x) {
    return LangLowerer(l, span).pip_requirements(3, x.value.text);
}
Ops lower_lang_step(Lowering& l, source::Span, const st::NpmConfig& x) {
    l.lang.npm = x;
    return {};
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::NpmInstall& x) {
    return LangLowerer(l, span).npm_install(values(x.value));
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::NpmDependencies& x) {
    return LangLowerer(l, span).npm_dependencies(x);
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::YarnDependencies& x) {
    return LangLowerer(l, span).yarn(x);
}
Ops lower_lang_step(Lowering& l, source::Span, const st::GemConfig& x) {
    l.lang.gem = x;
    return {};
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::GemInstall& x) {
    return LangLowerer(l, span).gem_install(values(x.value));
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::GemBundle& x) {
    return LangLowerer(l, span).gem_bundle(x);
}
Ops lower_lang_step(Lowering& l, source::Span, const st::ComposerConfig& x) {
    l.lang.composer = x;
    return {};
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::ComposerInstall& x) {
    return LangLowerer(l, span).composer_install(values(x.value));
}
Ops lower_lang_step(Lowering& l, source::Span span, const st::ComposerDependencies& x) {
    return LangLowerer(l, span).composer_dependencies(x);
}
Ops lower_lang_finish(Lowering& l) {
    return LangLowerer(l, {}).finish();
}

} // namespace vagga::lower::build_detail
